/** `jwtAuth({ verifier })`: a shared verifier alone, or with the request side's options; never with the verifier's own. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import express, { type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type JwtAuthOptions, jwtAuth } from '../src/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('jwtAuth with a shared verifier', () => {
  it('types { verifier } alone and with the request side, and refuses the verifier options beside it', () => {
    const verifier = createVerifier({ issuer: 'https://id.example.com/', audience: 'api' });
    expectTypeOf(jwtAuth({ verifier })).toEqualTypeOf<RequestHandler>();
    expectTypeOf(
      jwtAuth({ verifier, challenge: { realm: 'shop' }, rolesClaim: 'groups' }),
    ).toEqualTypeOf<RequestHandler>();
    expectTypeOf<{
      verifier: typeof verifier;
      token: { fromCookie: 'at' };
    }>().toMatchTypeOf<JwtAuthOptions>();
    expectTypeOf<{
      verifier: typeof verifier;
      audience: 'api';
    }>().not.toMatchTypeOf<JwtAuthOptions>();
    expectTypeOf<{ issuer: string }>().not.toMatchTypeOf<JwtAuthOptions>();
    const both = () =>
      // @ts-expect-error: issuer and audience would be ignored beside a shared verifier
      jwtAuth({ verifier, issuer: 'https://other.example.com/', audience: 'x' });
    expect(both).toThrow(TypeError);
  });

  it('refuses both at once with a TypeError naming the options', () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const both = {
      verifier,
      issuer: issuer.issuer,
      audience: 'x',
      jwks: {},
    } as unknown as JwtAuthOptions;
    expect(() => jwtAuth(both)).toThrow(
      /^jwt-guard: option "verifier" cannot be given with "issuer", "audience", "jwks"/,
    );
    const events = { verifier, events: () => undefined } as unknown as JwtAuthOptions;
    expect(() => jwtAuth(events)).toThrow(/option "verifier" cannot be given with "events"/);
    // Explicitly undefined options are not given.
    expect(() =>
      jwtAuth({ verifier, issuer: undefined } as unknown as JwtAuthOptions),
    ).not.toThrow();
  });

  it("answers with the shared verifier's options and the middleware's own realm", async () => {
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const app = express();
    app.get('/', jwtAuth({ verifier, challenge: { realm: 'shop' } }), (req, res) => {
      res.json({ sub: req.auth?.payload.sub });
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const ok = await fetch(base, { headers: { authorization: `Bearer ${await issuer.mint()}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ sub: 'user-123' });
      const refused = await fetch(base);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="shop"');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
