/**
 * Where an issuer puts roles and scopes travels with the verification of each token
 * (issue 19 §1.7): it was kept in a map beside the verifier, so a shared `verifier`
 * ignored it and concurrent requests under a resolver swapped it, and a viewer token
 * passed an admin guard. Against real local issuers, with requests interleaved.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatorOptions } from '../../src/adapter.js';
import { createAuthenticator } from '../../src/authenticator.js';
import {
  type AuthInfo,
  createVerifier,
  type Verifier,
  type VerifierOptions,
} from '../../src/index.js';
import { answeringGuard } from '../../src/policy/guard-middlewares.js';
import { createRoleGuard, createScopeGuard } from '../../src/policy/index.js';
import { thrownBy } from '../outcome.js';

let a: TestIssuer;
let b: TestIssuer;
const AUDIENCE = 'https://api.example.test';

beforeAll(async () => {
  [a, b] = await Promise.all([
    createTestIssuer({ algorithms: ['ES256'], path: '/claims-a' }),
    createTestIssuer({ algorithms: ['ES256'], path: '/claims-b' }),
  ]);
});
afterAll(() => Promise.all([a, b].map((issuer) => issuer.close())));

interface FakeRequest {
  readonly authorization: string;
  /** Which application the request is for (a resolver may decide by it). */
  readonly app: 'admin' | 'shop';
}
const read = (request: FakeRequest) => ({ authorization: request.authorization });
const request = (token: string, app: FakeRequest['app'] = 'shop'): FakeRequest => ({
  authorization: `Bearer ${token}`,
  app,
});
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const adminGuard = answeringGuard(createRoleGuard(['admin']));
const passesAdmin = (auth: AuthInfo<object> | undefined) =>
  thrownBy(() => adminGuard(auth)) === undefined;

// a puts roles in `roles`, b in `groups`. Each token carries the other claim too, holding
// `admin` where its own issuer does not look: read with the other's mapping, it is admin.
const viewerOfA = () => a.mint({ claims: { roles: ['viewer'], groups: ['admin'] } });
const adminOfB = () => b.mint({ claims: { groups: ['admin'], roles: ['viewer'] } });

/** Runs every request at once and returns their results in order. */
async function concurrently<T>(count: number, run: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => run(index)));
}

describe('per-issuer roles and scopes claims', () => {
  it('two issuers, a slow async resolver, requests interleaved: a viewer never passes admin', async () => {
    const authenticator = createAuthenticator<FakeRequest>(
      {
        audience: AUDIENCE,
        issuer: async (iss) => {
          // Answers finish out of order, as a database or a tenant service would.
          await delay(Math.floor(Math.random() * 4));
          if (iss === a.issuer) return { rolesClaim: 'roles' };
          if (iss === b.issuer) return { rolesClaim: 'groups' };
          return undefined;
        },
      },
      read,
    );
    const tokens = { viewer: await viewerOfA(), admin: await adminOfB() };
    // Twice: full verifications first, then cache hits (the resolver is asked again).
    for (let round = 0; round < 2; round += 1) {
      const results = await concurrently(40, async (index) => {
        const viewer = index % 2 === 0;
        const auth = await authenticator.authenticate(
          request(viewer ? tokens.viewer : tokens.admin),
        );
        return { viewer, admin: passesAdmin(auth) };
      });
      for (const result of results) expect(result.admin).toBe(!result.viewer);
    }
  });

  it('one issuer whose resolver decides the mapping per request: each request keeps its own', async () => {
    // The admin application reads `roles`; the shop reads `groups`, where this token says admin.
    const authenticator = createAuthenticator<FakeRequest>(
      {
        audience: AUDIENCE,
        issuer: async (iss, req) => {
          await delay(Math.floor(Math.random() * 4));
          if (iss !== a.issuer) return undefined;
          return { rolesClaim: (req as FakeRequest).app === 'admin' ? 'roles' : 'groups' };
        },
      },
      read,
    );
    const token = await viewerOfA();
    for (let round = 0; round < 2; round += 1) {
      const results = await concurrently(40, async (index) => {
        const app = index % 2 === 0 ? 'admin' : 'shop';
        const auth = await authenticator.authenticate(request(token, app));
        return { app, admin: passesAdmin(auth) };
      });
      for (const result of results) expect(result.admin).toBe(result.app === 'shop');
    }
  });

  const sharedBy: [string, () => VerifierOptions['issuer']][] = [
    [
      'a resolver',
      () => (iss) =>
        iss === a.issuer
          ? { rolesClaim: 'roles' }
          : iss === b.issuer
            ? { rolesClaim: 'groups' }
            : undefined,
    ],
    [
      'a list of entries',
      () => [
        { issuer: a.issuer, rolesClaim: 'roles' },
        { issuer: b.issuer, rolesClaim: 'groups', scopesClaim: 'permissions' },
      ],
    ],
  ];
  describe.each(sharedBy)('a shared verifier, issuers given by %s', (_name, issuer) => {
    let verifier: Verifier;
    beforeAll(() => {
      verifier = createVerifier({ audience: AUDIENCE, issuer: issuer() });
    });
    const sharing = () =>
      createAuthenticator<FakeRequest>(
        { verifier } as unknown as AuthenticatorOptions<FakeRequest>,
        read,
      );

    it('every authenticator sharing it reads each issuer’s own claim', async () => {
      const [first, second] = [sharing(), sharing()];
      for (const authenticator of [first, second]) {
        expect(passesAdmin(await authenticator.authenticate(request(await viewerOfA())))).toBe(
          false,
        );
        expect(passesAdmin(await authenticator.authenticate(request(await adminOfB())))).toBe(true);
      }
    });

    it('verify itself answers with the issuer’s mapping, concurrently', async () => {
      const authenticator = sharing();
      const tokens = { viewer: await viewerOfA(), admin: await adminOfB() };
      const results = await concurrently(30, async (index) => {
        const viewer = index % 3 !== 0;
        const auth = await authenticator.authenticate(
          request(viewer ? tokens.viewer : tokens.admin),
        );
        return { viewer, admin: passesAdmin(auth) };
      });
      for (const result of results) expect(result.admin).toBe(!result.viewer);
    });
  });

  it('a listed issuer’s scopesClaim, beside the top-level one of the others', async () => {
    const authenticator = createAuthenticator<FakeRequest>(
      {
        audience: AUDIENCE,
        scopesClaim: 'scp',
        issuer: [a.issuer, { issuer: b.issuer, scopesClaim: 'permissions' }],
      },
      read,
    );
    const write = answeringGuard(createScopeGuard(['write:orders']));
    const fromA = await authenticator.authenticate(
      request(await a.mint({ claims: { scp: 'write:orders', permissions: [] } })),
    );
    const fromB = await authenticator.authenticate(
      request(await b.mint({ claims: { scp: 'write:orders', permissions: ['read:orders'] } })),
    );
    expect(thrownBy(() => write(fromA))).toBeUndefined();
    expect(thrownBy(() => write(fromB))?.status).toBe(403);
  });

  it('a resolver that changes an issuer’s rolesClaim is obeyed on the next request', async () => {
    let rolesClaim = 'groups';
    const authenticator = createAuthenticator<FakeRequest>(
      { audience: AUDIENCE, issuer: (iss) => (iss === a.issuer ? { rolesClaim } : undefined) },
      read,
    );
    const token = await viewerOfA();
    expect(passesAdmin(await authenticator.authenticate(request(token)))).toBe(true);
    rolesClaim = 'roles';
    // A cache hit: the resolver's new answer builds a new route, and the token is
    // verified again under it.
    expect(passesAdmin(await authenticator.authenticate(request(token)))).toBe(false);
  });
});
