/** Server nonces (RFC 9449 §8): stateless HMAC nonces, and ERR_DPOP_NONCE_REQUIRED. */
import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDpopNonces,
  createDpopProofVerifier,
  DPOP_NONCE_HEADER,
  resolveDpopOptions,
} from '../../src/dpop/index.js';
import {
  type ClientKey,
  clientKey,
  expectCode,
  proof,
  proofRequest as request,
} from './proof-kit.js';

const secret = (fill: number) => new Uint8Array(32).fill(fill);
const T0 = 1_700_000_100_000;

describe('createDpopNonces', () => {
  it('accepts its own nonce in its time step and the next, not later', async () => {
    const nonces = createDpopNonces({ secret: secret(1), lifetimeSeconds: 300 });
    const stepStart = Math.floor(T0 / 300_000) * 300_000;
    const nonce = await nonces.issue(stepStart);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(await nonces.issue(stepStart + 299_999)).toBe(nonce);
    expect(await nonces.accepts(nonce, stepStart)).toBe(true);
    expect(await nonces.accepts(nonce, stepStart + 599_999)).toBe(true);
    expect(await nonces.accepts(nonce, stepStart + 600_000)).toBe(false);
    expect(await nonces.accepts(nonce, stepStart - 1)).toBe(false);
  });

  it('refuses a nonce made with another secret, tampered with, or not of its shape', async () => {
    const ours = createDpopNonces({ secret: secret(1) });
    const foreign = await createDpopNonces({ secret: secret(2) }).issue(T0);
    expect(await ours.accepts(foreign, T0)).toBe(false);
    expect(await createDpopNonces().accepts(await createDpopNonces().issue(T0), T0)).toBe(false);
    const nonce = await ours.issue(T0);
    const bytes = base64url.decode(nonce);
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    // The last character carries 4 bits that encode nothing: set one, same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = `${nonce.slice(0, -1)}${alphabet[alphabet.indexOf(nonce.slice(-1)) ^ 1]}`;
    expect(base64url.decode(sameBytes)).toEqual(base64url.decode(nonce));
    for (const bad of [
      base64url.encode(bytes),
      sameBytes,
      `${nonce}A`,
      nonce.slice(1),
      '',
      `${nonce.slice(0, -1)}=`,
    ]) {
      expect(await ours.accepts(bad, T0)).toBe(false);
    }
    expect(await ours.accepts(nonce, T0)).toBe(true);
  });

  it('refuses bad options', () => {
    expect(() => createDpopNonces({ secret: new Uint8Array(16) })).toThrow(/dpop\.nonce\.secret/);
    expect(() => createDpopNonces({ secret: 'x' as unknown as Uint8Array })).toThrow(/secret/);
    for (const lifetimeSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createDpopNonces({ lifetimeSeconds })).toThrow(/dpop\.nonce\.lifetimeSeconds/);
    }
  });

  it('names the response header', () => {
    expect(DPOP_NONCE_HEADER).toBe('DPoP-Nonce');
  });
});

describe('proofs with nonces on', () => {
  let key: ClientKey;
  beforeAll(async () => {
    key = await clientKey('ES256');
  });

  it('answers ERR_DPOP_NONCE_REQUIRED without a fresh nonce of ours, then accepts one', async () => {
    const nonces = createDpopNonces({ secret: secret(3), lifetimeSeconds: 60 });
    const verify = createDpopProofVerifier(resolveDpopOptions({ nonce: nonces }));
    const now = Date.now();
    const stale = await nonces.issue(now - 120_000);
    const foreign = await createDpopNonces({ secret: secret(4) }).issue(now);
    for (const nonce of [undefined, stale, foreign, 7, '']) {
      const error = await expectCode(
        verify(request(await proof(key, now, { jti: 'j', nonce }), now)),
        'ERR_DPOP_NONCE_REQUIRED',
      );
      expect(error.status).toBe(401);
    }
    // The refusals consumed no jti: the same jti with a fresh nonce is accepted.
    const fresh = await nonces.issue(now);
    const text = await proof(key, now, { jti: 'j', nonce: fresh });
    await expect(verify(request(text, now))).resolves.toMatchObject({ jti: 'j' });
  });

  it('reports an invalid proof as invalid even when it lacks a nonce', async () => {
    const verify = createDpopProofVerifier(resolveDpopOptions({ nonce: true }));
    const now = Date.now();
    const text = await proof(key, now, { htm: 'POST' });
    await expectCode(verify(request(text, now)), 'ERR_DPOP_PROOF_INVALID', text);
  });

  it('works with nonce: true and the default secret', async () => {
    const resolved = resolveDpopOptions({ nonce: true });
    const verify = createDpopProofVerifier(resolved);
    const now = Date.now();
    const nonce = await resolved.nonces?.issue(now);
    await expect(verify(request(await proof(key, now, { nonce }), now))).resolves.toBeDefined();
  });
});
