/** claimsRefusal: the rule that refused, the claim it names (never its value), and the slash hint. */
import { describe, expect, it } from 'vitest';
import { type ClaimRules, claimsRefusal } from '../../src/claims/validate-claims.js';

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
