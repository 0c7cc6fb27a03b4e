/**
 * State shared by the instances of a fleet through one store (here the memory store, which
 * stands for Redis; `@jwt-guard/redis` has its own tests on a real server): key sets, DPoP
 * replays and the deny list.
 */
import {
  createDpopProof,
  createTestIssuer,
  generateDpopKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/authenticator.js';
import { createVerifier } from '../../src/index.js';
import { createMemoryStore, type SharedStore } from '../../src/store/index.js';
import type { TokenSources } from '../../src/token/extract-token.js';
import { createDenyList } from '../../src/verify/deny-list.js';
import { codeOf } from '../outcome.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

const options = () => ({ issuer: issuer.issuer, audience: issuer.audience });

describe('key sets shared through a store', () => {
  it('a second instance starts from the first one’s fetch', async () => {
    const store = createMemoryStore();
    const before = issuer.requests.jwks;
    await createVerifier({ ...options(), store }).verify(await issuer.mint());
    expect(issuer.requests.jwks - before).toBe(1);
    for (let instance = 0; instance < 3; instance += 1) {
      await createVerifier({ ...options(), store }).verify(await issuer.mint());
    }
    expect(issuer.requests.jwks - before).toBe(1);
  });

  it('an unknown kid still goes to the issuer, and a rotated key is found', async () => {
    const rotating = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      const store = createMemoryStore();
      const settings = {
        issuer: rotating.issuer,
        audience: rotating.audience,
        store,
        jwks: { cooldownDuration: 0 },
      };
      await createVerifier(settings).verify(await rotating.mint());
      await rotating.rotate({ keepPrevious: true });
      const second = createVerifier(settings);
      // Starts from the shared (older) set, then fetches for the new kid.
      expect((await second.verify(await rotating.mint())).payload.iss).toBe(rotating.issuer);
      expect(rotating.requests.jwks).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('a store that fails is passed by: the issuer is fetched', async () => {
    const down: SharedStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      setIfAbsent: () => Promise.reject(new Error('down')),
    };
    const before = issuer.requests.jwks;
    const auth = await createVerifier({ ...options(), store: down }).verify(await issuer.mint());
    expect(auth.payload.iss).toBe(issuer.issuer);
    expect(issuer.requests.jwks - before).toBe(1);
  });

  it('refuses a store without the three methods, naming the option', () => {
    expect(() => createVerifier({ ...options(), store: { get() {} } as never })).toThrow(
      /option "store"/,
    );
  });
});

describe('DPoP replays across instances', () => {
  it('a proof used on one instance is refused on another sharing the store', async () => {
    const store = createMemoryStore();
    const [one, two] = [0, 1].map(() =>
      createAuthenticator<TokenSources>({ ...options(), binding: { dpop: {} }, store }, (s) => s),
    );
    const key = await generateDpopKey();
    const token = await issuer.mint({ claims: { cnf: { jkt: key.jkt } } });
    const url = 'http://127.0.0.1/orders';
    const request = {
      authorization: `DPoP ${token}`,
      dpop: await createDpopProof(key, { method: 'GET', url, accessToken: token }),
      method: 'GET',
      address: { scheme: 'http', host: '127.0.0.1', target: '/orders' },
    };
    expect((await one?.authenticate(request))?.token).toBe(token);
    expect(await codeOf(two!.authenticate(request))).toBe('ERR_DPOP_PROOF_INVALID');
  });
});

describe('createDenyList', () => {
  it('a revocation is seen by every instance, cache hits included', async () => {
    const store = createMemoryStore();
    const denyList = createDenyList({ store });
    const [one, two] = [0, 1].map(() =>
      createVerifier({ ...options(), isRevoked: denyList.isRevoked }),
    );
    const token = await issuer.mint({ claims: { jti: 'token-1' } });
    await one?.verify(token);
    await two?.verify(token);
    await denyList.revoke('token-1', Math.floor(Date.now() / 1000) + 60, issuer.issuer);
    expect(await codeOf(one!.verify(token))).toBe('ERR_TOKEN_REVOKED');
    expect(await codeOf(two!.verify(token))).toBe('ERR_TOKEN_REVOKED');
    // Another jti, and a token without one, pass.
    expect((await one!.verify(await issuer.mint({ claims: { jti: 'token-2' } }))).payload.jti).toBe(
      'token-2',
    );
    expect((await one!.verify(await issuer.mint({ omit: ['jti'] }))).payload.jti).toBeUndefined();
  });

  it('fails closed (503) when the store is down, or open when asked', async () => {
    const down: SharedStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      setIfAbsent: () => Promise.reject(new Error('down')),
    };
    const token = await issuer.mint();
    const closed = createVerifier({
      ...options(),
      isRevoked: createDenyList({ store: down }).isRevoked,
    });
    expect(await codeOf(closed.verify(token))).toBe('ERR_REVOCATION_UNAVAILABLE');
    const open = createVerifier({
      ...options(),
      isRevoked: createDenyList({ store: down, failOpen: true }).isRevoked,
    });
    expect((await open.verify(token)).token).toBe(token);
  });

  it('refuses a revocation it could not keep, and ones already over', async () => {
    const denyList = createDenyList({ store: createMemoryStore() });
    await expect(denyList.revoke('', 1, issuer.issuer)).rejects.toThrow(/jti/);
    await expect(denyList.revoke('x'.repeat(257), 1, issuer.issuer)).rejects.toThrow(/jti/);
    await expect(denyList.revoke('a', Number.NaN, issuer.issuer)).rejects.toThrow(/until/);
    await denyList.revoke('past', 1, issuer.issuer);
    expect(await denyList.isRevoked({ iss: issuer.issuer, jti: 'past' })).toBe(false);
  });
});
