/** The RFC 8705 §3 binding check, by table: bound, unbound, malformed, required or not. */
import { describe, expect, it } from 'vitest';
import { certificateBindingFailure, resolveMtlsOptions } from '../../src/mtls/index.js';

const THUMBPRINT = 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2';
const OTHER = 'A4DtL2JmUMhAsvJj5tKyn64SqzmuXbMrJa0n761y5v0';
const MISMATCH = 'ERR_CERTIFICATE_MISMATCH';

const optional = resolveMtlsOptions({});
const required = resolveMtlsOptions({ required: true });
const bound = { cnf: { 'x5t#S256': THUMBPRINT } };

describe('certificateBindingFailure', () => {
  it.each([
    ['bound, its certificate', bound, THUMBPRINT, undefined, undefined],
    ['bound, another certificate', bound, OTHER, MISMATCH, MISMATCH],
    ['bound, no certificate', bound, undefined, MISMATCH, MISMATCH],
    ['bound, a thumbprint differing in case', bound, THUMBPRINT.toUpperCase(), MISMATCH, MISMATCH],
    ['no cnf, a certificate', {}, THUMBPRINT, undefined, MISMATCH],
    ['no cnf, no certificate', {}, undefined, undefined, MISMATCH],
    ['cnf bound by DPoP (jkt) only', { cnf: { jkt: OTHER } }, THUMBPRINT, undefined, MISMATCH],
    ['cnf an empty object', { cnf: {} }, undefined, undefined, MISMATCH],
    ['cnf null', { cnf: null }, THUMBPRINT, MISMATCH, MISMATCH],
    ['cnf a string', { cnf: THUMBPRINT }, THUMBPRINT, MISMATCH, MISMATCH],
    ['cnf an array', { cnf: [bound.cnf] }, THUMBPRINT, MISMATCH, MISMATCH],
    ['x5t#S256 a number', { cnf: { 'x5t#S256': 1 } }, THUMBPRINT, MISMATCH, MISMATCH],
    ['x5t#S256 null', { cnf: { 'x5t#S256': null } }, undefined, MISMATCH, MISMATCH],
    ['x5t#S256 an array', { cnf: { 'x5t#S256': [THUMBPRINT] } }, THUMBPRINT, MISMATCH, MISMATCH],
    // Present but undefined (a caller's object, not JSON), with no certificate: the two are
    // equal, yet it binds to something unknown.
    ['x5t#S256 undefined', { cnf: { 'x5t#S256': undefined } }, undefined, MISMATCH, MISMATCH],
  ])(
    '%s: %s when optional, %s when required',
    (_, payload, presented, whenOptional, whenRequired) => {
      expect(certificateBindingFailure(payload, presented, optional)).toBe(whenOptional);
      expect(certificateBindingFailure(payload, presented, required)).toBe(whenRequired);
    },
  );

  it('reads own properties only: an inherited cnf binds nothing', () => {
    const inherited = Object.create(bound) as { cnf?: unknown };
    expect(certificateBindingFailure(inherited, undefined, optional)).toBeUndefined();
    expect(certificateBindingFailure(inherited, THUMBPRINT, required)).toBe(MISMATCH);
    const inheritedMember = { cnf: Object.create(bound.cnf) as object };
    expect(certificateBindingFailure(inheritedMember, THUMBPRINT, required)).toBe(MISMATCH);
  });

  it('reads a claim set as JSON gives it, where __proto__ is an own member', () => {
    const payload = JSON.parse(`{"__proto__":${JSON.stringify(bound)}}`) as { cnf?: unknown };
    expect(certificateBindingFailure(payload, undefined, optional)).toBeUndefined();
    expect(certificateBindingFailure(payload, THUMBPRINT, required)).toBe(MISMATCH);
  });
});
