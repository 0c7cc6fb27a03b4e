import { describe, expect, it } from 'vitest';
import { formatBearerChallenge } from '../../src/errors/challenge.js';
import { createError } from '../../src/errors/jwt-guard-error.js';
import {
  ERROR_CODES,
  type ErrorCode,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  JwtGuardError,
  KeysUnavailableError,
  RevocationUnavailableError,
  toErrorResponse,
  UnauthorizedError,
} from '../../src/index.js';

describe('error hierarchy', () => {
  it('gives every code a class, status, expose and headers from the one table', () => {
    const classes = {
      400: InvalidRequestError,
      401: InvalidTokenError,
      403: InsufficientScopeError,
      503: KeysUnavailableError,
    };
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const error = createError(code).withChallenge({ realm: 'r' });
      const row = ERROR_CODES[code];
      expect(error).toBeInstanceOf(JwtGuardError);
      expect(error).toBeInstanceOf(
        code === 'ERR_NO_TOKEN'
          ? UnauthorizedError
          : code === 'ERR_REVOCATION_UNAVAILABLE'
            ? RevocationUnavailableError
            : classes[row.status],
      );
      expect(error.name).toBe(error.constructor.name);
      expect([error.code, error.status, error.statusCode, error.message]).toEqual([
        code,
        row.status,
        row.status,
        row.description,
      ]);
      expect(error.expose).toBe(row.status < 500);
      if (row.status === 503) expect(error.headers).toEqual({ 'Retry-After': '30' });
      else expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer realm="r"/);
    }
  });

  it('sends a bare challenge without credentials', () => {
    expect(createError('ERR_NO_TOKEN').headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="api"',
    });
  });

  it('builds the challenge where the response is made, not where the error is thrown', () => {
    const error = createError('ERR_INSUFFICIENT_SCOPE', { scope: ['read:orders'] });
    expect(error.headers['WWW-Authenticate']).toMatch(/^Bearer realm="api", /);
    expect(error.withChallenge({ realm: 'shop' }).headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:orders"',
    });
    expect(error.realm).toBe('shop');
  });

  it('quotes challenge parameters safely', () => {
    expect(formatBearerChallenge({ realm: 'a"b\\c' })).toBe('Bearer realm="a\\"b\\\\c"');
  });

  it('renders a response body that hides 5xx details', () => {
    expect(toErrorResponse(createError('ERR_TOKEN_EXPIRED'))).toMatchObject({
      status: 401,
      body: 'The access token has expired',
    });
    expect(toErrorResponse(createError('ERR_KEYS_UNAVAILABLE', { retryAfter: 7 }))).toEqual({
      status: 503,
      headers: { 'Retry-After': '7', 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'Service Unavailable',
    });
  });
});
