/**
 * `POST /auth/revoke` (RFC 7009) and `POST /auth/logout`: ending a session. Neither ever
 * says whether a token was known (RFC 7009 §2.2: 200 for an unknown token), and neither
 * echoes one.
 */
import { extractBearerToken } from '@jwt-guard/core';
import { REFRESH_TOKEN_PREFIX } from '../refresh-token.js';
import type { TokenIssuer } from '../token-issuer.js';
import { readFields, stringField } from './body.js';
import { clearedRefreshCookie, readRefreshCookie } from './cookie.js';
import { assertSameSiteRequest } from './csrf.js';
import type { ResolvedEndpoints } from './endpoint-options.js';
import { emptyResponse, refuse } from './responses.js';
import type { EndpointRequest, EndpointResponse } from './types.js';

type Header = readonly [string, string];

// RFC 7009 §2.1: the hint only speeds the search up; the token's own shape decides here.
async function revokeAny(tokens: TokenIssuer, token: string): Promise<void> {
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) await tokens.revoke(token);
  else await tokens.revokeAccessToken(token);
}

function clearCookie(resolved: ResolvedEndpoints): Header[] {
  return resolved.cookie ? [['Set-Cookie', clearedRefreshCookie()]] : [];
}

// RFC 6750 §2.1, RFC 9449 §7.1: the access token of `Authorization: Bearer|DPoP <token>`,
// read by core's own extractor. A malformed header names no token to deny: logout still
// ends the family.
function authorizationToken(headers: Headers): string | undefined {
  try {
    return extractBearerToken(
      { authorization: headers.get('authorization') },
      { schemes: 'bearer-dpop' },
    );
  } catch {
    return undefined;
  }
}

/**
 * Answers RFC 7009 revocation: `token` in a form body (a refresh token revokes its family;
 * an access token of ours has its `jti` denied), and in browser mode the cookie's family
 * too. 200 for any token, known or not; 400 `invalid_request` when there is none.
 *
 * @example
 * ```ts
 * const response = await revoke(tokens, resolved, request);
 * ```
 */
export async function revoke(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
): Promise<EndpointResponse> {
  if (resolved.cookie) assertSameSiteRequest(request.headers, resolved.csrfHeader, resolved.origin);
  const body = await readFields(request, 'form', resolved.maxBodyBytes);
  const given = stringField(body, 'token');
  const cookieToken = resolved.cookie ? readRefreshCookie(request.headers) : undefined;
  if (given === undefined && cookieToken === undefined) {
    refuse('invalid_request', 'the token to revoke is missing');
  }
  if (cookieToken !== undefined) await tokens.revoke(cookieToken);
  if (given !== undefined) await revokeAny(tokens, given);
  return emptyResponse(200, clearCookie(resolved));
}

/**
 * Answers a logout: revokes the family of the refresh token (`refresh_token` in a form or
 * JSON body, or the cookie in browser mode), denies the `Authorization` header's access
 * token when it verifies against our own keys, clears the cookie, and answers 204, also
 * when there was nothing left to revoke (logging out twice is no error).
 *
 * @example
 * ```ts
 * const response = await logout(tokens, resolved, request);
 * ```
 */
export async function logout(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
): Promise<EndpointResponse> {
  if (resolved.cookie) assertSameSiteRequest(request.headers, resolved.csrfHeader, resolved.origin);
  const body = await readFields(request, 'form-or-json', resolved.maxBodyBytes);
  const refreshToken = resolved.cookie
    ? readRefreshCookie(request.headers)
    : stringField(body, 'refresh_token');
  const accessToken = authorizationToken(request.headers);
  await Promise.all([
    refreshToken === undefined ? undefined : tokens.revoke(refreshToken),
    accessToken === undefined ? undefined : tokens.revokeAccessToken(accessToken),
  ]);
  return emptyResponse(204, clearCookie(resolved));
}
