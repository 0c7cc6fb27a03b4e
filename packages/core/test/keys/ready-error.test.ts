/** NotReadyError's code: retry an outage, stop on a configuration that cannot work. */
import { describe, expect, it } from 'vitest';
import { NotReadyError } from '../../src/index.js';
import { IssuerMetadataError } from '../../src/keys/discovery.js';
import { FetchJsonError } from '../../src/keys/fetch-json.js';
import { KeySetError } from '../../src/keys/key-set.js';

const ISSUER = 'https://id.example.com';
const codeFor = (cause: unknown) => new NotReadyError(ISSUER, cause).code;
const status = (code: number) =>
  new FetchJsonError(`${ISSUER}/jwks`, `unexpected status ${code}`, { status: code });

describe('NotReadyError', () => {
  it('is ERR_KEYS_UNAVAILABLE for no answer, a 5xx, 408 and 429', () => {
    for (const cause of [
      new FetchJsonError(`${ISSUER}/jwks`, 'timed out', { cause: new Error('aborted') }),
      status(500),
      status(503),
      status(408),
      status(429),
      new IssuerMetadataError('unavailable', { unavailable: true, cause: status(502) }),
      new IssuerMetadataError('unavailable', { unavailable: true }),
      new Error('a custom fetch failed'),
      undefined,
    ]) {
      expect(codeFor(cause)).toBe('ERR_KEYS_UNAVAILABLE');
    }
  });

  it('is ERR_KEYS_MISCONFIGURED for an answer that cannot serve', () => {
    for (const cause of [
      status(404),
      status(401),
      status(499),
      new IssuerMetadataError('names another issuer'),
      new IssuerMetadataError('unavailable', { unavailable: true, cause: status(404) }),
      new KeySetError('key set holds no usable key'),
    ]) {
      expect(codeFor(cause)).toBe('ERR_KEYS_MISCONFIGURED');
    }
  });

  it('names the issuer and the first-hand reason, and keeps it as cause', () => {
    const cause = status(404);
    const error = new NotReadyError(ISSUER, cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotReadyError');
    expect(error.issuer).toBe(ISSUER);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      `jwt-guard: the keys of ${ISSUER} cannot be had: ${ISSUER}/jwks: unexpected status 404`,
    );
    expect(new NotReadyError(ISSUER, undefined).message).toBe(
      `jwt-guard: the keys of ${ISSUER} cannot be had: no usable key`,
    );
  });
});
