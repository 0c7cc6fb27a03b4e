/**
 * Which tokens go to introspection, and where: an opaque token goes only to the issuer
 * whose selector matches it (the other provider sees nothing), JWTs stay local unless the
 * issuer asks for them, and a broken JWT is refused locally, never sent out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { codeOf } from '../outcome.js';
import { type IntrospectionServer, startIntrospectionServer } from './introspection-server.js';

const AUDIENCE = 'https://api.example.test';
let a: IntrospectionServer;
let b: IntrospectionServer;

beforeAll(async () => {
  [a, b] = await Promise.all([startIntrospectionServer(), startIntrospectionServer()]);
});
afterAll(() => Promise.all([a.close(), b.close()]));

const clientOf = (op: IntrospectionServer) => ({
  clientId: op.clientId,
  clientSecret: op.clientSecret,
  endpoint: op.endpoint,
});

describe('routing opaque tokens', () => {
  it('one introspecting issuer beside a string issuer gets every opaque token', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: ['https://jwt-only.example.test/', { issuer: a.issuer, introspection: clientOf(a) }],
    });
    const token = a.issue({ aud: AUDIENCE, sub: 'alice' });
    const before = a.seen.length;
    const { payload, token: presented } = await verifier.verify(token);
    expect(payload).toMatchObject({ iss: a.issuer, sub: 'alice', aud: AUDIENCE });
    expect(payload).not.toHaveProperty('active');
    expect(presented).toBe(token);
    expect(a.seen.length).toBe(before + 1);
    expect(a.seen.at(-1)?.params.get('token')).toBe(token);
    expect(a.seen.at(-1)?.params.get('token_type_hint')).toBe('access_token');
  });

  it('several issuers: each token goes only to the one its prefix selects', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [
        { issuer: a.issuer, introspection: { ...clientOf(a), prefix: 'a_' } },
        { issuer: b.issuer, introspection: { ...clientOf(b), matches: (t) => t.startsWith('b_') } },
      ],
    });
    const [seenA, seenB] = [a.seen.length, b.seen.length];
    const fromA = a.issue({ aud: AUDIENCE, sub: 'from-a' }, 'a_');
    const fromB = b.issue({ aud: AUDIENCE, sub: 'from-b' }, 'b_');
    expect((await verifier.verify(fromA)).payload.sub).toBe('from-a');
    expect(b.seen.length).toBe(seenB);
    expect((await verifier.verify(fromB)).payload.sub).toBe('from-b');
    expect(a.seen.length).toBe(seenA + 1);
    expect(b.seen.length).toBe(seenB + 1);
    // A token neither selector claims goes nowhere.
    expect(await codeOf(verifier.verify(a.issue({ aud: AUDIENCE }, 'c_')))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    expect([a.seen.length, b.seen.length]).toEqual([seenA + 1, seenB + 1]);
  });

  it('a token two selectors claim, or a selector that throws, is refused and sent nowhere', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [
        { issuer: a.issuer, introspection: { ...clientOf(a), prefix: 'x' } },
        {
          issuer: b.issuer,
          introspection: {
            ...clientOf(b),
            matches: (t) => {
              if (t.startsWith('xy')) throw new Error('selector failed');
              return t.startsWith('x');
            },
          },
        },
      ],
    });
    const [seenA, seenB] = [a.seen.length, b.seen.length];
    expect(await codeOf(verifier.verify(a.issue({ aud: AUDIENCE }, 'x_')))).toBe(
      'ERR_ISSUER_MISMATCH',
    );
    expect((await verifier.verify(a.issue({ aud: AUDIENCE }, 'xy'))).payload.iss).toBe(a.issuer);
    expect([a.seen.length, b.seen.length]).toEqual([seenA + 1, seenB]);
  });

  it('a JWT is verified locally and never introspected by default', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [{ issuer: a.issuer, introspection: clientOf(a) }],
    });
    const before = a.seen.length;
    const jwt = await a.mint({ aud: AUDIENCE, sub: 'jwt-user' });
    expect((await verifier.verify(jwt)).payload.sub).toBe('jwt-user');
    // Shaped like a JWT but broken: refused here, not handed to the provider.
    expect(await codeOf(verifier.verify(`${jwt.slice(0, -4)}====`))).toBe('ERR_TOKEN_MALFORMED');
    expect(await codeOf(verifier.verify('eyJhbGciOiJub25lIn0.e30.'))).not.toBe('resolved');
    expect(a.seen.length).toBe(before);
  });

  it("tokens: 'both' introspects a verified JWT too, so a revoked one is refused at once", async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [
        { issuer: a.issuer, introspection: { ...clientOf(a), tokens: 'both', cacheMaxAge: 0 } },
      ],
    });
    const jwt = await a.mint({ aud: AUDIENCE, sub: 'jwt-user' });
    a.activate(jwt, { iss: a.issuer });
    expect((await verifier.verify(jwt)).payload.sub).toBe('jwt-user');
    a.revoke(jwt);
    // The verification is cached; the introspection is asked again.
    expect(await codeOf(verifier.verify(jwt))).toBe('ERR_TOKEN_INACTIVE');
  });

  it("tokens: 'jwt' leaves opaque tokens unrouted", async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [{ issuer: a.issuer, introspection: { ...clientOf(a), tokens: 'jwt' } }],
    });
    const before = a.seen.length;
    expect(await codeOf(verifier.verify(a.issue({ aud: AUDIENCE })))).toBe('ERR_TOKEN_MALFORMED');
    expect(a.seen.length).toBe(before);
  });

  it("a resolver's introspection config serves its issuer's JWTs", async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: (iss) =>
        iss === a.issuer ? { introspection: { ...clientOf(a), tokens: 'jwt' } } : undefined,
    });
    const jwt = await a.mint({ aud: AUDIENCE, sub: 'resolved' });
    expect(await codeOf(verifier.verify(jwt))).toBe('ERR_TOKEN_INACTIVE');
    const fresh = await a.mint({ aud: AUDIENCE, sub: 'resolved' });
    a.activate(fresh, {});
    expect((await verifier.verify(fresh)).payload.sub).toBe('resolved');
  });
});
