/**
 * Claim validation: the rule that refused (`claimsRefusal`), the claim it names (never its
 * value) and the slash hint; and the registered-claim rules at their bounds.
 */
import { createTestIssuer, type MintOptions, signRaw, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClaimRules,
  claimsFailure,
  claimsRefusal,
  timeClaimsFailure,
} from '../../src/claims/validate-claims.js';
import { createVerifier, type VerifierOptions } from '../../src/index.js';
import { codeOf } from '../outcome.js';

const NOW = 1_800_000_000;
const rules: ClaimRules = {
  issuer: 'https://id.example.com/',
  audience: ['https://api.example.com'],
  clockTolerance: 5,
  maxTokenAge: undefined,
};
const valid = { iss: rules.issuer, aud: 'https://api.example.com', exp: NOW + 60, iat: NOW };

describe('claimsRefusal', () => {
  it('passes valid claims', () => {
    expect(claimsRefusal(valid, rules, NOW)).toBeUndefined();
  });

  it('hints at an iss or aud that differs from the configured one only by a trailing slash', () => {
    expect(claimsRefusal({ ...valid, iss: 'https://id.example.com' }, rules, NOW)).toEqual({
      code: 'ERR_ISSUER_MISMATCH',
      hint: { claim: 'iss', configured: rules.issuer, difference: 'trailing-slash' },
    });
    expect(claimsRefusal({ ...valid, iss: 'https://other.example/' }, rules, NOW)).toEqual({
      code: 'ERR_ISSUER_MISMATCH',
      hint: undefined,
    });
    expect(claimsRefusal({ ...valid, aud: 'https://api.example.com/' }, rules, NOW)).toEqual({
      code: 'ERR_AUDIENCE_MISMATCH',
      hint: { claim: 'aud', configured: 'https://api.example.com', difference: 'trailing-slash' },
    });
  });

  it('names the time claim that broke a rule', () => {
    const bad = (claims: object, over: Partial<ClaimRules> = {}) =>
      claimsRefusal({ ...valid, ...claims }, { ...rules, ...over }, NOW);
    expect(bad({ exp: 'soon' })).toEqual({ code: 'ERR_CLAIM_INVALID', claim: 'exp' });
    expect(bad({ nbf: 'later' })).toEqual({ code: 'ERR_CLAIM_INVALID', claim: 'nbf' });
    expect(bad({ iat: 'then' })).toEqual({ code: 'ERR_CLAIM_INVALID', claim: 'iat' });
    expect(bad({ iat: NOW + 60 })).toEqual({ code: 'ERR_CLAIM_INVALID', claim: 'iat' });
    expect(bad({ iat: undefined }, { maxTokenAge: 60 })).toEqual({
      code: 'ERR_CLAIM_INVALID',
      claim: 'iat',
    });
    expect(bad({ exp: NOW - 60 })).toEqual({ code: 'ERR_TOKEN_EXPIRED' });
    expect(bad({ nbf: NOW + 60 })).toEqual({ code: 'ERR_TOKEN_NOT_YET_VALID' });
    expect(bad({ iat: NOW - 120 }, { maxTokenAge: 60 })).toEqual({ code: 'ERR_TOKEN_TOO_OLD' });
  });

  it('names the first required or checked claim that fails', () => {
    expect(claimsRefusal(valid, { ...rules, required: ['iss', 'sub', 'jti'] }, NOW)).toEqual({
      code: 'ERR_CLAIM_INVALID',
      claim: 'sub',
    });
    const check = () => 'tid';
    expect(claimsRefusal(valid, { ...rules, check }, NOW)).toEqual({
      code: 'ERR_CLAIM_INVALID',
      claim: 'tid',
    });
  });
});

/**
 * The registered-claim rules at their edges (RFC 7519 §4.1.4-§4.1.6): each bound is hit
 * exactly, one second inside and one outside, on a fixed clock.
 */
describe('registered claims at their bounds (RFC 7519 §4.1.4-§4.1.6)', () => {
  // A fixed clock, so that each case sits on the exact second it names.
  const NOW = 1_800_000_000;
  const TOLERANCE = 5;

  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  const verifierWith = (extra: Partial<VerifierOptions> = {}) =>
    createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
      clockTolerance: TOLERANCE,
      cache: false,
      now: () => NOW * 1000,
      ...extra,
    });

  /** Verifies a token minted with `claims` (iat now, exp in five minutes unless given). */
  async function outcome(claims: Record<string, unknown>, extra?: Partial<VerifierOptions>) {
    const mint: MintOptions = { claims: { iat: NOW, exp: NOW + 300, ...claims } };
    return codeOf(verifierWith(extra).verify(await issuer.mint(mint)));
  }

  describe('time claims at their bounds', () => {
    it.each([
      ['exp one second inside the tolerance', { exp: NOW - TOLERANCE + 1 }, 'resolved'],
      ['exp exactly at now minus the tolerance', { exp: NOW - TOLERANCE }, 'ERR_TOKEN_EXPIRED'],
      ['nbf in the past', { nbf: NOW - 60 }, 'resolved'],
      ['nbf within the tolerance', { nbf: NOW + TOLERANCE - 1 }, 'resolved'],
      ['nbf exactly at now plus the tolerance', { nbf: NOW + TOLERANCE }, 'resolved'],
      [
        'nbf one second past the tolerance',
        { nbf: NOW + TOLERANCE + 1 },
        'ERR_TOKEN_NOT_YET_VALID',
      ],
      ['iat exactly at now plus the tolerance', { iat: NOW + TOLERANCE }, 'resolved'],
      ['iat one second past the tolerance', { iat: NOW + TOLERANCE + 1 }, 'ERR_CLAIM_INVALID'],
      ['iat as a string', { iat: String(NOW) }, 'ERR_CLAIM_INVALID'],
    ])('%s: %s', async (_name, claims, expected) => {
      expect(await outcome(claims)).toBe(expected);
    });

    it('accepts a token without iat when maxTokenAge is not set', async () => {
      const token = await issuer.mint({ claims: { exp: NOW + 300 }, omit: ['iat'] });
      expect(await codeOf(verifierWith().verify(token))).toBe('resolved');
    });
  });

  describe('NumericDate', () => {
    // JSON admits 1e400, which parses to Infinity: never a valid date (RFC 7519 §2).
    it.each(['exp', 'nbf', 'iat'])('refuses %s of 1e400', async (name) => {
      const key = issuer.keys[0]!;
      const claims = { iss: issuer.issuer, aud: issuer.audience, iat: NOW, exp: NOW + 300 };
      const text = JSON.stringify({ ...claims, [name]: 0 }).replace(
        `"${name}":0`,
        `"${name}":1e400`,
      );
      const token = await signRaw(key, { alg: key.alg, kid: key.kid, typ: 'JWT' }, text);
      expect(await codeOf(verifierWith().verify(token))).toBe('ERR_CLAIM_INVALID');
    });
  });

  describe('maxTokenAge', () => {
    const maxTokenAge = 60;

    it('requires iat', async () => {
      const token = await issuer.mint({ claims: { exp: NOW + 300 }, omit: ['iat'] });
      expect(await codeOf(verifierWith({ maxTokenAge }).verify(token))).toBe('ERR_CLAIM_INVALID');
    });

    it('accepts an age of exactly maxTokenAge plus the tolerance, and refuses one second more', async () => {
      const oldest = NOW - maxTokenAge - TOLERANCE;
      expect(await outcome({ iat: oldest }, { maxTokenAge })).toBe('resolved');
      expect(await outcome({ iat: oldest - 1 }, { maxTokenAge })).toBe('ERR_TOKEN_TOO_OLD');
    });
  });

  describe('audience: null', () => {
    it('accepts any audience, or none, when the check was turned off explicitly', async () => {
      expect(await outcome({ aud: 'https://other.example' }, { audience: null })).toBe('resolved');
      const token = await issuer.mint({ claims: { iat: NOW, exp: NOW + 300 }, omit: ['aud'] });
      expect(await codeOf(verifierWith({ audience: null }).verify(token))).toBe('resolved');
    });
  });

  describe('claimsFailure on parsed claims', () => {
    const rules = {
      issuer: 'https://id.example',
      audience: ['api'],
      clockTolerance: 0,
      maxTokenAge: undefined,
    };
    const valid = { iss: rules.issuer, aud: 'api', exp: NOW + 60 };

    it('ignores inherited claims: an exp or aud on the prototype satisfies nothing', () => {
      const inherited = Object.assign(Object.create({ exp: NOW + 60, aud: 'api' }), {
        iss: rules.issuer,
      });
      expect(claimsFailure(inherited, rules, NOW)).toBe('ERR_AUDIENCE_MISMATCH');
      expect(timeClaimsFailure(Object.create({ exp: NOW + 60 }), rules, NOW)).toBe(
        'ERR_CLAIM_INVALID',
      );
    });

    it('matches an audience array on any string member, and never on a non-string', () => {
      expect(claimsFailure({ ...valid, aud: [7, 'api'] as unknown as string[] }, rules, NOW)).toBe(
        undefined,
      );
      expect(claimsFailure({ ...valid, aud: [['api']] as unknown as string[] }, rules, NOW)).toBe(
        'ERR_AUDIENCE_MISMATCH',
      );
    });
  });
});
