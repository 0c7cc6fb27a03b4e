import { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTestIssuer,
  generateTestKey,
  type MintOptions,
  signRaw,
  type TestIssuer,
  type TestKey,
} from '@jwt-guard/testing';
import { exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  JwtGuardError,
  type KeyLookup,
  type KeySource,
  type Verifier,
  type VerifierOptions,
} from '../../src/index.js';
import { decodeSegment, hmacToken, rawToken, withPayload } from '../forge.js';
import { codeOf as outcomeCode, thrownBy } from '../outcome.js';

let issuer: TestIssuer;
let verifier: Verifier;

beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

async function failure(promise: Promise<unknown>): Promise<JwtGuardError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(JwtGuardError);
    return error as JwtGuardError;
  }
  throw new Error('expected a rejection');
}
const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

// Every case runs on both signature paths: node:crypto (the Node default) and jose's WebCrypto.
describe.each([
  ['node:crypto', true],
  ['WebCrypto', false],
] as const)('%s path', (_path, nodeCrypto) => {
  beforeAll(() => {
    verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      nodeCrypto,
      cache: false,
    });
  });

  describe('createVerifier: valid tokens', () => {
    it.each(['RS256', 'ES256', 'EdDSA'] as const)(
      'accepts %s and returns payload, header, token',
      async (alg) => {
        const token = await issuer.mint({ alg, claims: { scope: 'read' } });
        const result = await verifier.verify(token);
        expect(result.token).toBe(token);
        expect(result.header).toMatchObject({ alg, kid: `${alg.toLowerCase()}-1` });
        expect(result.payload).toMatchObject({
          iss: issuer.issuer,
          sub: 'user-123',
          scope: 'read',
        });
      },
    );

    it('accepts an audience array that contains ours, and typ at+jwt or none', async () => {
      await expect(
        verifier.verify(await issuer.mint({ claims: { aud: ['other', issuer.audience] } })),
      ).resolves.toBeTruthy();
      await expect(
        verifier.verify(await issuer.mint({ header: { typ: 'application/AT+JWT' } })),
      ).resolves.toBeTruthy();
      await expect(
        verifier.verify(await issuer.mint({ header: { typ: undefined } })),
      ).resolves.toBeTruthy();
    });

    it('accepts a token expired within the clock tolerance', async () => {
      await expect(verifier.verify(await issuer.mint({ expiresIn: -3 }))).resolves.toBeTruthy();
    });
  });

  const ISSUER_PLACEHOLDER = '<issuer>';

  describe('createVerifier: refused tokens', () => {
    it('refuses alg none in any letter case', async () => {
      const payload = decodeSegment(await issuer.mint(), 1);
      expect(await codeOf(verifier.verify(rawToken({ alg: 'none' }, payload, '')))).toBe(
        'ERR_TOKEN_MALFORMED',
      );
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        const error = await failure(verifier.verify(rawToken({ alg, typ: 'JWT' }, payload)));
        expect(error.code).toBe('ERR_ALGORITHM_NOT_ALLOWED');
        expect(error.status).toBe(401);
      }
    });

    it('refuses HS256 signed with the issuer public key in any encoding', async () => {
      const key = issuer.keys[0]!;
      const payload = decodeSegment(await issuer.mint(), 1);
      const publicKey = KeyObject.from(key.publicKey as CryptoKey);
      const { n, e } = key.publicJwk as { n: string; e: string };
      // OpenSSH's ssh-rsa line: length-prefixed "ssh-rsa", e and n (RFC 4253 §6.6).
      const sshField = (bytes: Buffer) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        return [length, bytes];
      };
      const mpint = (b64u: string) => {
        const bytes = Buffer.from(b64u, 'base64url');
        return (bytes[0]! & 0x80) === 0 ? bytes : Buffer.concat([Buffer.from([0]), bytes]);
      };
      const sshBlob = Buffer.concat([
        ...sshField(Buffer.from('ssh-rsa')),
        ...sshField(mpint(e)),
        ...sshField(mpint(n)),
      ]);
      const secrets = [
        await exportSPKI(key.publicKey),
        publicKey.export({ type: 'spki', format: 'der' }),
        publicKey.export({ type: 'pkcs1', format: 'pem' }),
        publicKey.export({ type: 'pkcs1', format: 'der' }),
        `ssh-rsa ${sshBlob.toString('base64')}`,
        JSON.stringify(key.publicJwk),
        n,
        Buffer.from(n, 'base64url'),
        '',
      ];
      for (const secret of secrets) {
        const token = hmacToken({ alg: 'HS256', kid: key.kid }, payload, secret);
        expect(await codeOf(verifier.verify(token))).toBe('ERR_ALGORITHM_NOT_ALLOWED');
      }
    });

    it('ignores an embedded jwk and a jku, and fetches nothing from a token', async () => {
      let attackerHits = 0;
      const attacker = createServer((_req, res) => {
        attackerHits += 1;
        res.end('{}');
      });
      await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
      const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/jwks`;
      const evil = await generateTestKey('RS256', 'rs256-1');
      for (const header of [
        { jwk: evil.publicJwk },
        { jku: attackerUrl },
        { x5u: attackerUrl },
        { jwk: evil.publicJwk, kid: undefined },
      ]) {
        const token = await issuer.mint({ key: evil, header });
        expect(await codeOf(verifier.verify(token))).toBe('ERR_SIGNATURE_INVALID');
      }
      expect(attackerHits).toBe(0);
      attacker.close();
    });

    it('refuses a tampered payload', async () => {
      const token = await issuer.mint({ claims: { roles: ['user'] } });
      const forged = withPayload(token, { ...decodeSegment(token, 1), roles: ['admin'] });
      expect(await codeOf(verifier.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    });

    it.each([
      ['expired', { expiresIn: -60 }, 'ERR_TOKEN_EXPIRED'],
      ['not yet valid', { notBefore: 60 }, 'ERR_TOKEN_NOT_YET_VALID'],
      ['wrong issuer', { claims: { iss: 'https://evil.example' } }, 'ERR_ISSUER_MISMATCH'],
      [
        'issuer with a trailing slash',
        { claims: { iss: ISSUER_PLACEHOLDER } },
        'ERR_ISSUER_MISMATCH',
      ],
      ['issuer as an array', { claims: { iss: [ISSUER_PLACEHOLDER] } }, 'ERR_ISSUER_MISMATCH'],
      ['wrong audience', { claims: { aud: 'https://other.example' } }, 'ERR_AUDIENCE_MISMATCH'],
      ['empty audience array', { claims: { aud: [] } }, 'ERR_AUDIENCE_MISMATCH'],
      ['missing audience', { omit: ['aud'] }, 'ERR_AUDIENCE_MISMATCH'],
      ['missing exp', { omit: ['exp'] }, 'ERR_CLAIM_INVALID'],
      ['exp as a string', { claims: { exp: '9999999999' } }, 'ERR_CLAIM_INVALID'],
      ['nbf as a string', { claims: { nbf: '0' } }, 'ERR_CLAIM_INVALID'],
      [
        'iat in the future',
        { claims: { iat: Math.floor(Date.now() / 1000) + 600 } },
        'ERR_CLAIM_INVALID',
      ],
      ['typ of another JWT kind', { header: { typ: 'dpop+jwt' } }, 'ERR_TYPE_NOT_ALLOWED'],
      ['typ secevent', { header: { typ: 'secevent+jwt' } }, 'ERR_TYPE_NOT_ALLOWED'],
      ['kid as a number', { header: { kid: 7 } }, 'ERR_HEADER_INVALID'],
      ['unknown kid', { header: { kid: 'nope' } }, 'ERR_KEY_NOT_FOUND'],
    ] as Array<[string, MintOptions, string]>)(
      'refuses %s with %s',
      async (_name, mint, expected) => {
        // The issuer's URL is known only at run time: fill it in where the table holds a placeholder.
        const claims = JSON.parse(
          JSON.stringify(mint.claims ?? {}).replaceAll(ISSUER_PLACEHOLDER, `${issuer.issuer}/`),
        );
        if (Array.isArray(claims.iss)) claims.iss = [issuer.issuer];
        const token = await issuer.mint({ ...mint, claims });
        const error = await failure(verifier.verify(token));
        expect(error.code).toBe(expected);
        expect(error.status).toBe(401);
        expect(error.headers['WWW-Authenticate']).toMatch(
          /^Bearer realm="api", error="invalid_token"/,
        );
      },
    );

    it('refuses an exp of 1e400 (Infinity after parsing)', async () => {
      const key = issuer.keys[0]!;
      const body = `{"iss":${JSON.stringify(issuer.issuer)},"aud":${JSON.stringify(issuer.audience)},"exp":1e400}`;
      const token = await signRaw(key, { alg: key.alg, kid: key.kid }, body);
      expect(await codeOf(verifier.verify(token))).toBe('ERR_CLAIM_INVALID');
    });

    it.each([
      ['crit naming an extension', { crit: ['exp'], exp: 1 }, 'ERR_HEADER_INVALID'],
      ['crit naming b64', { crit: ['b64'], b64: true }, 'ERR_HEADER_INVALID'],
      ['an empty crit', { crit: [] }, 'ERR_HEADER_INVALID'],
      ['crit naming a standard parameter', { crit: ['alg'] }, 'ERR_HEADER_INVALID'],
      ['b64 false', { b64: false }, 'ERR_HEADER_INVALID'],
    ])('refuses %s', async (_name, extra, expected) => {
      const key = issuer.keys[0]!;
      const payload = JSON.stringify(decodeSegment(await issuer.mint(), 1));
      const token = await signRaw(key, { alg: key.alg, kid: key.kid, ...extra }, payload);
      expect(await codeOf(verifier.verify(token))).toBe(expected);
    });

    it('reads duplicate claim names last-wins, without crashing', async () => {
      const key = issuer.keys[0]!;
      const claims = decodeSegment(await issuer.mint(), 1);
      const body = `${JSON.stringify(claims).slice(0, -1)},"sub":"a","sub":"b"}`;
      const { payload } = await verifier.verify(
        await signRaw(key, { alg: key.alg, kid: key.kid }, body),
      );
      expect(payload.sub).toBe('b');
    });

    it('refuses padding, standard base64, JWE shape and JSON serialization', async () => {
      const token = await issuer.mint();
      const [h, p, s] = token.split('.') as [string, string, string];
      for (const bad of [
        `${h}=.${p}.${s}`,
        `${h}.${p}.${s}=`,
        `${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}+.${s}`,
        `${h}.${p}.${s}.x.y`,
        `${h}.${p}`,
        JSON.stringify({ protected: h, payload: p, signature: s }),
        '',
      ]) {
        expect(await codeOf(verifier.verify(bad))).toMatch(/^ERR_TOKEN_(MALFORMED|TOO_LARGE)$/);
      }
    });

    it('refuses every other spelling of a validly signed token', async () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      // The same bytes under a lenient decoder: non-zero trailing bits in the last character.
      const trailingBits = (segment: string) => {
        if (segment.length % 4 < 2) return `${segment}=`;
        const last = alphabet.indexOf(segment.at(-1)!);
        return segment.slice(0, -1) + alphabet[last | 1];
      };
      for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
        const token = await issuer.mint({ alg });
        const [h, p, s] = token.split('.') as [string, string, string];
        for (const bad of [
          `${trailingBits(h)}.${p}.${s}`,
          `${h}.${trailingBits(p)}.${s}`,
          `${h}.${p}.${trailingBits(s)}`,
          `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}${/[-_]/.test(s) ? '' : '+'}`,
          `${h}.${p}.${s.slice(0, 10)}!${s.slice(10)}`,
          `${h}.${p}.${s.slice(0, 10)} ${s.slice(10)}`,
          `${h}.${p}.${s.slice(0, 10)}.${s.slice(10)}`,
          `${h}.${p.slice(0, 4)}\u00e9${p.slice(4)}.${s}`,
          `${h}..${s}`,
          `.${p}.${s}`,
          `${h}.${p}.`,
        ]) {
          expect(bad).not.toBe(token);
          expect(await codeOf(verifier.verify(bad))).toBe('ERR_TOKEN_MALFORMED');
        }
        await expect(verifier.verify(token)).resolves.toBeTruthy();
      }
    });

    it('refuses non-object and non-UTF-8 payloads and headers without crashing', async () => {
      const { alg, kid } = issuer.keys[0]!;
      for (const token of [
        rawToken({ alg, kid }, '[1,2]'),
        rawToken({ alg, kid }, 'null'),
        rawToken({ alg, kid }, 'not json'),
        rawToken('[]', { a: 1 }),
        rawToken('"x"', { a: 1 }),
        `${Buffer.from([0xff, 0xfe]).toString('base64url')}.e30.c2ln`,
      ]) {
        const error = await failure(verifier.verify(token));
        expect(error.status).toBe(401);
      }
    });

    it('lets no claim or header text into the error or its causes', async () => {
      const key = issuer.keys[0]!;
      // Short, because V8 quotes up to about ten characters of text it cannot parse.
      const secret = 'Zq9xW';
      for (const token of [
        await signRaw(key, { alg: key.alg, kid: key.kid }, secret),
        await signRaw(key, { alg: key.alg, kid: key.kid }, `{"sub":"${secret}",`),
        await signRaw(key, { alg: key.alg, kid: key.kid }, `["${secret}"]`),
        `${Buffer.from(`{"kid":"${secret}",`).toString('base64url')}.${Buffer.from(
          JSON.stringify({ iss: issuer.issuer }),
        ).toString('base64url')}.c2ln`,
      ]) {
        const error = await failure(verifier.verify(token));
        expect(error.code).toBe('ERR_TOKEN_MALFORMED');
        const chain: string[] = [];
        for (let link: unknown = error; link !== undefined; link = (link as Error).cause) {
          chain.push(String(link), (link as Error).stack ?? '', JSON.stringify(link) ?? '');
        }
        expect(chain.join('\n')).not.toContain(secret);
      }
    });

    it('keeps the jose error as cause and never puts the token in the message', async () => {
      const [h, p] = (await issuer.mint()).split('.');
      const forged = `${h}.${p}.${'A'.repeat(342)}`;
      const badSignature = await failure(verifier.verify(forged));
      if (!nodeCrypto) {
        expect(badSignature.cause).toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
      }
      expect(JSON.stringify(badSignature.cause ?? {})).not.toContain(p);
      const token = await issuer.mint({ expiresIn: -60 });
      const error = await failure(verifier.verify(token));
      expect(JSON.stringify(error.cause ?? {})).not.toContain('user-123');
      expect(Object.keys((error.cause ?? {}) as object)).not.toContain('payload');
      expect(error.message).not.toContain(token.split('.')[1]);
      expect(JSON.stringify(error.headers)).not.toContain(token.split('.')[1]);
    });
  });
});

describe('verifier.reuse', () => {
  it('answers only from verifications the cache holds, and never verifies', async () => {
    const clock = { ms: Date.now() };
    const cached = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      now: () => clock.ms,
    });
    const token = await issuer.mint({ expiresIn: 60 });
    expect(cached.reuse(token)).toBeUndefined();
    expect(cached.reuse(42 as never)).toBeUndefined();
    await cached.verify(token);
    expect(cached.reuse(token)).toMatchObject({ token, payload: { sub: 'user-123' } });

    // A kept failure is left to verify, which answers it.
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    expect(await codeOf(cached.verify(forged))).toBe('ERR_SIGNATURE_INVALID');
    expect(cached.reuse(forged)).toBeUndefined();

    // Past its exp the verification is gone; verify says why.
    clock.ms += 120_000;
    expect(cached.reuse(token)).toBeUndefined();
    expect(await codeOf(cached.verify(token))).toBe('ERR_TOKEN_EXPIRED');

    const uncached = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
    });
    const other = await issuer.mint();
    await uncached.verify(other);
    expect(uncached.reuse(other)).toBeUndefined();
  });
});

/**
 * `createVerifier` at its edges: the type and size gate before any parsing, the bounded
 * reuse of verifications a key source cannot vouch for (60 s), a reuse refused by
 * `holds`, deep-frozen results, and the revocation hook failing closed on a miss.
 */
describe('createVerifier at its edges', () => {
  const ISSUER = 'https://issuer.example';
  const AUDIENCE = 'https://api.example';
  const START_MS = 1_800_000_000_000;

  let key: TestKey;
  beforeAll(async () => {
    key = await generateTestKey('ES256', 'k1');
  });

  const sign = (claims: Record<string, unknown> = {}) => {
    const iat = START_MS / 1000;
    return signRaw(
      key,
      { alg: 'ES256', kid: key.kid, typ: 'JWT' },
      { iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 3600, ...claims },
    );
  };

  /** A verifier over a key source the test controls; `lookups` counts full verifications. */
  function setUp(
    source: { holds?: KeySource['holds']; id?: string } = {},
    extra: Partial<VerifierOptions> = {},
  ) {
    const clock = { ms: START_MS };
    const state = { lookups: 0 };
    const lookup: KeyLookup = { key: key.publicKey, id: source.id };
    const keySource: KeySource = {
      getKey: async () => {
        state.lookups += 1;
        return lookup;
      },
      ...(source.holds ? { holds: source.holds } : {}),
    };
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keySource,
      now: () => clock.ms,
      ...extra,
    });
    return { verifier, clock, state };
  }

  describe('before any parsing', () => {
    it('refuses a token that is not a string: thrown by verifyMaybeSync, rejected by verify', async () => {
      const { verifier } = setUp();
      expect(thrownBy(() => verifier.verifyMaybeSync(42 as never))?.code).toBe(
        'ERR_TOKEN_MALFORMED',
      );
      const pending = verifier.verify(undefined as never);
      expect(pending).toBeInstanceOf(Promise);
      expect(await outcomeCode(pending)).toBe('ERR_TOKEN_MALFORMED');
    });

    it('admits a token of exactly maxTokenBytes, and refuses one byte more', async () => {
      const token = await sign();
      const { verifier } = setUp({}, { maxTokenBytes: token.length });
      expect(await outcomeCode(verifier.verify(token))).toBe('resolved');
      const { verifier: tight, state } = setUp({}, { maxTokenBytes: token.length - 1 });
      expect(thrownBy(() => tight.verifyMaybeSync(token))?.code).toBe('ERR_TOKEN_TOO_LARGE');
      expect(state.lookups).toBe(0);
    });
  });

  describe('reusing a verification', () => {
    it.each([
      ['a key source without holds', {}],
      ['a key source without holds, naming its key', { id: 'x' }],
      // The key has no id to ask about, so holds is never asked: bounded instead.
      ['a key source whose key has no id', { holds: () => false }],
    ])('%s: reused for 60 s, then verified again', async (_name, source) => {
      const { verifier, clock, state } = setUp(source);
      const token = await sign();
      await verifier.verify(token);
      clock.ms += 60_000;
      await verifier.verify(token);
      expect(state.lookups).toBe(1);
      clock.ms += 1;
      await verifier.verify(token);
      expect(state.lookups).toBe(2);
    });

    it('a key source that vouches for the key: reused past 60 s, until holds says no', async () => {
      let held = true;
      const seen: string[] = [];
      const { verifier, clock, state } = setUp({
        id: 'thumb-1',
        holds: (id) => {
          seen.push(id);
          return held;
        },
      });
      const token = await sign();
      await verifier.verify(token);
      clock.ms += 10 * 60_000;
      await verifier.verify(token);
      expect(state.lookups).toBe(1);
      expect(seen).toEqual(['thumb-1']);
      held = false;
      await verifier.verify(token);
      expect(state.lookups).toBe(2);
    });

    it('re-checks the time claims on a hit, and drops the entry it refuses', async () => {
      const { verifier, clock, state } = setUp({}, { maxTokenAge: 30 });
      const token = await sign();
      await verifier.verify(token);
      clock.ms += 40_000;
      expect(await outcomeCode(verifier.verify(token))).toBe('ERR_TOKEN_TOO_OLD');
      expect(state.lookups).toBe(1);
      // Back in time (a clock step): the dropped entry is not found again.
      clock.ms -= 40_000;
      await verifier.verify(token);
      expect(state.lookups).toBe(2);
    });

    it('answers a remembered failure without a key lookup', async () => {
      const { verifier, state } = setUp();
      const token = await sign({ aud: 'https://other.example' });
      expect(await outcomeCode(verifier.verify(token))).toBe('ERR_AUDIENCE_MISMATCH');
      expect(thrownBy(() => verifier.verifyMaybeSync(token))?.code).toBe('ERR_AUDIENCE_MISMATCH');
      expect(state.lookups).toBe(1);
      // An issuer not trusted is refused before any key lookup, and remembered too.
      const foreign = await sign({ iss: 'https://evil.example' });
      expect(await outcomeCode(verifier.verify(foreign))).toBe('ERR_ISSUER_MISMATCH');
      expect(thrownBy(() => verifier.verifyMaybeSync(foreign))?.code).toBe('ERR_ISSUER_MISMATCH');
      expect(state.lookups).toBe(1);
    });
  });

  describe('an HMAC secret', () => {
    it('answers a repeated token from the cache, synchronously', async () => {
      const secret = 's'.repeat(32);
      const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret });
      const iat = Math.floor(Date.now() / 1000);
      const token = hmacToken(
        { alg: 'HS256', typ: 'JWT' },
        { iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 60 },
        secret,
      );
      await verifier.verify(token);
      const hit = verifier.verifyMaybeSync(token);
      expect(hit).not.toBeInstanceOf(Promise);
      expect(hit).toMatchObject({ token, payload: { iss: ISSUER } });
    });
  });

  describe('keys unavailable', () => {
    it('says when to retry, in whole seconds of the backoff, and keeps the cause', async () => {
      const verifier = createVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUri: 'https://issuer.example/jwks',
        fetch: async () => {
          throw new Error('issuer down');
        },
        now: () => START_MS,
      });
      const error = await verifier.verify(await sign()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_KEYS_UNAVAILABLE', status: 503, retryAfter: 1 });
      expect((error as Error).cause).toBeInstanceOf(Error);
    });
  });

  describe('the result', () => {
    it('is frozen all the way down, header included', async () => {
      const { verifier } = setUp({}, { cache: false });
      const token = await sign({ org: { teams: [{ name: 'a' }] } });
      const { payload, header } = await verifier.verify<{ org: { teams: { name: string }[] } }>(
        token,
      );
      expect(Object.isFrozen(payload)).toBe(true);
      expect(Object.isFrozen(payload.org)).toBe(true);
      expect(Object.isFrozen(payload.org.teams)).toBe(true);
      expect(Object.isFrozen(payload.org.teams[0])).toBe(true);
      expect(Object.isFrozen(header)).toBe(true);
    });
  });

  describe('the revocation hook on a full verification', () => {
    it('gets the payload and header, and refuses only on true', async () => {
      const calls: unknown[] = [];
      const { verifier } = setUp(
        {},
        {
          cache: false,
          isRevoked: (payload, header) => {
            calls.push([payload.jti, header.kid]);
            return payload.jti === 'revoked';
          },
        },
      );
      expect(await outcomeCode(verifier.verify(await sign({ jti: 'fine' })))).toBe('resolved');
      expect(await outcomeCode(verifier.verify(await sign({ jti: 'revoked' })))).toBe(
        'ERR_TOKEN_REVOKED',
      );
      expect(calls).toEqual([
        ['fine', 'k1'],
        ['revoked', 'k1'],
      ]);
    });

    it('fails closed with a 503 when the hook rejects, keeping the cause', async () => {
      const cause = new Error('deny list down');
      const { verifier } = setUp(
        {},
        { cache: false, isRevoked: async () => Promise.reject(cause) },
      );
      const error = await verifier.verify(await sign()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE', status: 503, cause });
    });
  });
});
