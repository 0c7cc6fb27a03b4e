/** DPoP options: defaults, and a TypeError naming the option for every bad input. */
import { describe, expect, it } from 'vitest';
import {
  createDpopNonces,
  createMemoryReplayStore,
  DEFAULT_DPOP_ALGORITHMS,
  resolveDpopOptions,
} from '../../src/dpop/index.js';

describe('resolveDpopOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolveDpopOptions({});
    expect(resolved).toMatchObject({
      required: false,
      algorithms: DEFAULT_DPOP_ALGORITHMS,
      iatWindow: 60,
      clockTolerance: 5,
      nonces: undefined,
    });
    expect(DEFAULT_DPOP_ALGORITHMS).toEqual([
      'ES256',
      'ES384',
      'ES512',
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'EdDSA',
    ]);
    expect(typeof resolved.replayStore.checkAndSet).toBe('function');
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('keeps what is given, without changing the caller object', () => {
    const replayStore = createMemoryReplayStore({ maxEntries: 5 });
    const nonce = createDpopNonces();
    const options = Object.freeze({
      required: true,
      algorithms: Object.freeze(['ES256', 'ES256', 'EdDSA']),
      iatWindow: 30,
      clockTolerance: 0,
      replayStore,
      nonce,
    });
    expect(resolveDpopOptions(options)).toEqual({
      required: true,
      algorithms: ['ES256', 'EdDSA'],
      iatWindow: 30,
      clockTolerance: 0,
      replayStore,
      nonces: nonce,
    });
    expect(typeof resolveDpopOptions({ nonce: true }).nonces?.issue).toBe('function');
    expect(resolveDpopOptions({ nonce: false }).nonces).toBeUndefined();
  });

  it.each([
    [undefined, 'dpop'],
    [null, 'dpop'],
    [true, 'dpop'],
    ['x', 'dpop'],
    [[], 'dpop'],
    [{ nonces: true }, 'dpop.nonces'],
    [{ required: 'yes' }, 'dpop.required'],
    [{ algorithms: [] }, 'dpop.algorithms'],
    [{ algorithms: 'ES256' }, 'dpop.algorithms'],
    [{ algorithms: ['none'] }, 'dpop.algorithms'],
    [{ algorithms: ['NONE'] }, 'dpop.algorithms'],
    [{ algorithms: ['ES256', 'HS256'] }, 'dpop.algorithms'],
    [{ algorithms: ['HS512'] }, 'dpop.algorithms'],
    [{ algorithms: ['RSA-OAEP'] }, 'dpop.algorithms'],
    [{ algorithms: [256] }, 'dpop.algorithms'],
    [{ iatWindow: -1 }, 'dpop.iatWindow'],
    [{ iatWindow: 0 }, 'dpop.iatWindow'],
    [{ iatWindow: Number.NaN }, 'dpop.iatWindow'],
    [{ iatWindow: Number.POSITIVE_INFINITY }, 'dpop.iatWindow'],
    [{ iatWindow: '60' }, 'dpop.iatWindow'],
    [{ clockTolerance: -1 }, 'dpop.clockTolerance'],
    [{ clockTolerance: '5' }, 'dpop.clockTolerance'],
    [{ replayStore: {} }, 'dpop.replayStore'],
    [{ replayStore: null }, 'dpop.replayStore'],
    [{ replayStore: { checkAndSet: true } }, 'dpop.replayStore'],
    [{ replayStore: () => true }, 'dpop.replayStore'],
    [{ nonce: 'yes' }, 'dpop.nonce'],
    [{ nonce: null }, 'dpop.nonce'],
    [{ nonce: { issue: () => '' } }, 'dpop.nonce'],
  ])('refuses %j, naming %s', (options, name) => {
    expect(() => resolveDpopOptions(options)).toThrow(TypeError);
    expect(() => resolveDpopOptions(options)).toThrow(`"${name}"`);
  });
});
