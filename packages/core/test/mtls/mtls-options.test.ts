/** mTLS options at start-up: defaults, and every mistake a TypeError naming the option. */
import { describe, expect, it } from 'vitest';
import { resolveMtlsOptions } from '../../src/mtls/index.js';

describe('resolveMtlsOptions', () => {
  it('fills in the defaults: unbound tokens pass, the certificate comes from TLS', () => {
    expect(resolveMtlsOptions({})).toEqual({ required: false, certificateHeader: undefined });
  });

  it('lower-cases the header name and returns a frozen copy', () => {
    const options = { required: true, certificateHeader: 'Client-Cert' };
    const resolved = resolveMtlsOptions(options);
    expect(resolved).toEqual({ required: true, certificateHeader: 'client-cert' });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(options.certificateHeader).toBe('Client-Cert');
  });

  const OBJECT = 'must be an object';
  const BOOLEAN = 'must be a boolean';
  const HEADER = 'must be a header name (an RFC 9110 token)';
  it.each([
    ['undefined', undefined, 'mtls', OBJECT],
    ['null', null, 'mtls', OBJECT],
    ['a boolean', true, 'mtls', OBJECT],
    ['an array', [], 'mtls', OBJECT],
    ['required as a string', { required: 'yes' }, 'mtls.required', BOOLEAN],
    ['required as null', { required: null }, 'mtls.required', BOOLEAN],
    ['an empty header name', { certificateHeader: '' }, 'mtls.certificateHeader', HEADER],
    [
      'a header name with a space',
      { certificateHeader: 'Client Cert' },
      'mtls.certificateHeader',
      HEADER,
    ],
    [
      'a header name with a colon',
      { certificateHeader: 'client-cert:' },
      'mtls.certificateHeader',
      HEADER,
    ],
    [
      'a header name that is not ASCII',
      { certificateHeader: 'clïent-cert' },
      'mtls.certificateHeader',
      HEADER,
    ],
    ['a header name that is a number', { certificateHeader: 5 }, 'mtls.certificateHeader', HEADER],
    ['a misspelt option', { requried: true }, 'mtls.requried', 'is not an mTLS option'],
  ])('refuses %s, naming %s and the rule', (_, options, name, rule) => {
    expect(() => resolveMtlsOptions(options)).toThrow(TypeError);
    expect(() => resolveMtlsOptions(options)).toThrow(`jwt-guard: option "${name}" ${rule}`);
  });

  it('accepts every RFC 9110 token character in a header name', () => {
    const name = "X-Client-Cert!#$%&'*+.^_`|~09";
    expect(resolveMtlsOptions({ certificateHeader: name }).certificateHeader).toBe(
      name.toLowerCase(),
    );
  });
});
