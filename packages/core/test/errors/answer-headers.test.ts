import { describe, expect, it } from 'vitest';
import { answerHeaders, type ChallengeSettings } from '../../src/errors/answer.js';
import { createError } from '../../src/errors/jwt-guard-error.js';
import { UnauthorizedError } from '../../src/index.js';

const shop: ChallengeSettings = { realm: 'shop' };
const dpop: ChallengeSettings = { realm: 'shop', dpop: { algs: ['ES256'], bearer: true } };

describe('the headers of a refusal', () => {
  it('are built once per boundary, code and scheme when the refusal carries nothing of its request', () => {
    const first = new UnauthorizedError('ERR_NO_TOKEN').withChallenge(shop).headers;
    const again = new UnauthorizedError('ERR_NO_TOKEN').withChallenge(shop).headers;
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ 'WWW-Authenticate': 'Bearer realm="shop"' });
  });

  it('differ by boundary, by code and by the scheme the request used', () => {
    const plain = new UnauthorizedError('ERR_NO_TOKEN').withChallenge(shop).headers;
    const other = new UnauthorizedError('ERR_NO_TOKEN').withChallenge({ realm: 'api' }).headers;
    const expired = new UnauthorizedError('ERR_TOKEN_EXPIRED').withChallenge(shop).headers;
    expect(other['WWW-Authenticate']).toBe('Bearer realm="api"');
    expect(expired['WWW-Authenticate']).toContain('error="invalid_token"');
    const bearer = new UnauthorizedError('ERR_TOKEN_EXPIRED').withChallenge(dpop, 'Bearer').headers;
    const proof = new UnauthorizedError('ERR_TOKEN_EXPIRED').withChallenge(dpop, 'DPoP').headers;
    expect(bearer['WWW-Authenticate']).toMatch(/^Bearer realm="shop", error="invalid_token"/);
    expect(proof['WWW-Authenticate']).toMatch(/^Bearer realm="shop", DPoP .*error="invalid_token"/);
    expect(new Set([plain, other, expired, bearer, proof]).size).toBe(5);
  });

  it('are built afresh for a refusal that names what its request lacked', () => {
    const read = createError('ERR_INSUFFICIENT_SCOPE', { scope: ['read'] }).withChallenge(
      shop,
    ).headers;
    const write = createError('ERR_INSUFFICIENT_SCOPE', { scope: ['write'] }).withChallenge(
      shop,
    ).headers;
    expect(read['WWW-Authenticate']).toContain('scope="read"');
    expect(write['WWW-Authenticate']).toContain('scope="write"');
  });

  it('give the same answer from the cache as built directly', () => {
    const details = {
      code: 'ERR_TOKEN_MALFORMED',
      scope: undefined,
      retryAfter: undefined,
    } as const;
    expect(answerHeaders(details, shop)).toEqual(
      new UnauthorizedError('ERR_TOKEN_MALFORMED').withChallenge(shop).headers,
    );
  });
});
