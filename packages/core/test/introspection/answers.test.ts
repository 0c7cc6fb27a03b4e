/**
 * What an introspection answer means: active claims pass the same claim rules as a JWT's
 * (audience required unless `audience: null`, issuer, expiry); `active: false` is 401; an
 * endpoint that is down, slow or broken is 503 with Retry-After, never 401, and is tried
 * again after its backoff; signed answers (RFC 9701) verify with the issuer's keys.
 */
import { decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier, type IntrospectionOptions, JwtGuardError } from '../../src/index.js';
import { codeOf } from '../outcome.js';
import {
  type IntrospectionServer,
  introspectingVerifier,
  startIntrospectionServer,
} from './introspection-server.js';

const AUDIENCE = 'https://api.example.test';
let op: IntrospectionServer;

beforeAll(async () => {
  op = await startIntrospectionServer();
});
afterAll(() => op.close());
beforeEach(() => {
  op.mode = 'json';
  op.delayMs = 0;
});

const verifierWith = (
  introspection: Partial<IntrospectionOptions> = {},
  audience: string | null = AUDIENCE,
) => introspectingVerifier(op, { introspection, audience });

async function refusal(promise: Promise<unknown>): Promise<JwtGuardError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JwtGuardError);
  return error as JwtGuardError;
}

describe('introspection answers', () => {
  it('active: the claims become the payload, iss filled in when the answer has none', async () => {
    const verifier = verifierWith();
    const token = op.issue({
      iss: undefined,
      aud: [AUDIENCE, 'other'],
      sub: 'u1',
      scope: 'read:orders',
    });
    const { payload, header } = await verifier.verify(token);
    expect(payload).toMatchObject({
      iss: op.issuer,
      sub: 'u1',
      scope: 'read:orders',
      client_id: 'web',
    });
    expect(header).toEqual({});
    expect(Object.isFrozen(payload)).toBe(true);
  });

  it('active: false is 401 invalid_token (ERR_TOKEN_INACTIVE)', async () => {
    const error = await refusal(verifierWith().verify('never-issued-token'));
    expect([error.code, error.status]).toEqual(['ERR_TOKEN_INACTIVE', 401]);
  });

  it('no aud where an audience is required is refused; audience: null is the loosening', async () => {
    const token = op.issue({ sub: 'u1' });
    expect(await codeOf(verifierWith().verify(token))).toBe('ERR_AUDIENCE_MISMATCH');
    expect(
      await codeOf(verifierWith().verify(op.issue({ aud: 'https://other.example.test' }))),
    ).toBe('ERR_AUDIENCE_MISMATCH');
    expect((await verifierWith({}, null).verify(token)).payload.sub).toBe('u1');
  });

  it("another issuer's iss, an expired exp: refused as for a JWT; no exp: accepted", async () => {
    const verifier = verifierWith();
    expect(
      await codeOf(verifier.verify(op.issue({ aud: AUDIENCE, iss: 'https://x.example.test/' }))),
    ).toBe('ERR_ISSUER_MISMATCH');
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(await codeOf(verifier.verify(op.issue({ aud: AUDIENCE, exp: past })))).toBe(
      'ERR_TOKEN_EXPIRED',
    );
    expect(
      (await verifier.verify(op.issue({ aud: AUDIENCE, exp: undefined, sub: 'n' }))).payload,
    ).not.toHaveProperty('exp');
  });

  it('down (5xx): 503 with Retry-After, no call during the backoff, recovery without a restart', async () => {
    const verifier = verifierWith({ maxRetryDelay: 300 });
    op.mode = 'down';
    const token = op.issue({ aud: AUDIENCE, sub: 'back' });
    const first = await refusal(verifier.verify(token));
    expect([first.code, first.status]).toEqual(['ERR_INTROSPECTION_UNAVAILABLE', 503]);
    expect(first.headers['Retry-After']).toBe('1');
    expect(first.headers).not.toHaveProperty('WWW-Authenticate');
    const calls = op.seen.length;
    expect(await codeOf(verifier.verify(token))).toBe('ERR_INTROSPECTION_UNAVAILABLE');
    expect(op.seen.length).toBe(calls);
    op.mode = 'json';
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await verifier.verify(token)).payload.sub).toBe('back');
  });

  it('slower than the timeout, or a broken body: 503, never 401', async () => {
    const verifier = verifierWith({ timeout: 150, maxRetryDelay: 0 });
    op.mode = 'hang';
    const started = Date.now();
    expect(await codeOf(verifier.verify(op.issue({ aud: AUDIENCE })))).toBe(
      'ERR_INTROSPECTION_UNAVAILABLE',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    op.mode = 'broken';
    expect(await codeOf(verifier.verify(op.issue({ aud: AUDIENCE })))).toBe(
      'ERR_INTROSPECTION_UNAVAILABLE',
    );
  });

  it('RFC 9701: a signed answer is verified with the issuer keys; a stranger-signed one is 503', async () => {
    const verifier = verifierWith({ maxRetryDelay: 0 });
    op.mode = 'jwt';
    const token = op.issue({ aud: AUDIENCE, sub: 'signed' });
    expect((await verifier.verify(token)).payload.sub).toBe('signed');
    expect(op.seen.at(-1)?.accept).toMatch(/^application\/token-introspection\+jwt/);
    op.mode = 'jwt-stranger';
    expect(await codeOf(verifier.verify(op.issue({ aud: AUDIENCE })))).toBe(
      'ERR_INTROSPECTION_UNAVAILABLE',
    );
  });

  it('the endpoint comes from the issuer metadata unless given', async () => {
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [
        {
          issuer: op.issuer,
          introspection: { clientId: op.clientId, clientSecret: op.clientSecret },
        },
      ],
    });
    const hits = op.metadataHits.count;
    const calls = op.seen.length;
    expect((await verifier.verify(op.issue({ aud: AUDIENCE, sub: 'found' }))).payload.sub).toBe(
      'found',
    );
    expect(op.metadataHits.count).toBe(hits + 1);
    expect(op.seen.length).toBe(calls + 1);
  });
});

describe('client authentication at the endpoint', () => {
  it('client_secret_basic by default, client_secret_post when asked', async () => {
    await verifierWith().verify(op.issue({ aud: AUDIENCE }));
    const basic = op.seen.at(-1)!;
    expect(basic.authorization).toBe(`Basic ${btoa(`${op.clientId}:${op.clientSecret}`)}`);
    expect(basic.params.has('client_secret')).toBe(false);
    await verifierWith({ authMethod: 'client_secret_post' }).verify(op.issue({ aud: AUDIENCE }));
    const post = op.seen.at(-1)!;
    expect(post.authorization).toBeUndefined();
    expect([post.params.get('client_id'), post.params.get('client_secret')]).toEqual([
      op.clientId,
      op.clientSecret,
    ]);
  });

  it('private_key_jwt: a client assertion for the issuer', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const verifier = createVerifier({
      audience: AUDIENCE,
      issuer: [
        {
          issuer: op.issuer,
          introspection: { clientId: op.clientId, privateKey, endpoint: op.endpoint },
        },
      ],
    });
    await verifier.verify(op.issue({ aud: AUDIENCE }));
    const { params, authorization } = op.seen.at(-1)!;
    expect(authorization).toBeUndefined();
    expect(params.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(decodeJwt(params.get('client_assertion')!)).toMatchObject({
      iss: op.clientId,
      sub: op.clientId,
      aud: op.issuer,
    });
  });
});
