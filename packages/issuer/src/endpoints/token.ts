/**
 * `POST /auth/token`: the refresh grant (RFC 6749 §6), form-encoded. Every refusal of the
 * grant is an RFC 6749 §5.2 body; in browser mode a refused refresh token's cookie is cleared.
 */
import { IssuerError } from '../issuer-error.js';
import type { IssuedTokens } from '../refresh-rotation.js';
import type { TokenIssuer } from '../token-issuer.js';
import { readFields, stringField } from './body.js';
import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './cookie.js';
import { assertSameSiteRequest } from './csrf.js';
import { proofJkt } from './dpop-proof.js';
import type { ResolvedEndpoints } from './endpoint-options.js';
import { applyRateLimit } from './hooks.js';
import { EndpointRefusal, errorResponse, refuse, tokenResponse } from './responses.js';
import type { EndpointRequest, EndpointResponse } from './types.js';

const DESCRIPTIONS: Readonly<Partial<Record<IssuerError['code'], string>>> = {
  ERR_REFRESH_TOKEN_INVALID: 'the refresh token is invalid, expired or revoked',
  ERR_REFRESH_TOKEN_REUSED: 'the refresh token was already used; the session is revoked',
  ERR_REFRESH_DPOP_MISMATCH: 'the refresh token is not bound to this DPoP key',
  ERR_REFRESH_CONFLICT: 'the refresh token changed concurrently; retry',
  ERR_SCOPE_WIDENED: 'the requested scope exceeds the granted scope',
};

// A refused refresh token that will never work again is cleared from the browser; one still
// valid (a concurrent change to retry, a too-wide scope, a proof by another key) is kept.
const KEEPS_COOKIE = new Set<string>([
  'ERR_REFRESH_CONFLICT',
  'ERR_SCOPE_WIDENED',
  'ERR_REFRESH_DPOP_MISMATCH',
]);

async function refreshed(
  tokens: TokenIssuer,
  refreshToken: string,
  options: { dpopJkt?: string; scope?: string },
  cookie: boolean,
): Promise<IssuedTokens> {
  try {
    return await tokens.refresh(refreshToken, options);
  } catch (error) {
    if (!(error instanceof IssuerError)) throw error;
    const clear: [string, string][] =
      cookie && !KEEPS_COOKIE.has(error.code) ? [['Set-Cookie', clearedRefreshCookie()]] : [];
    throw new EndpointRefusal(
      errorResponse(400, error.oauthError, DESCRIPTIONS[error.code], clear),
    );
  }
}

/**
 * Answers a refresh: CSRF (browser mode), rate limit, the form, the grant, the DPoP proof.
 *
 * @example
 * ```ts
 * const response = await token(tokens, resolved, request);
 * ```
 */
export async function token(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
): Promise<EndpointResponse> {
  if (resolved.cookie) assertSameSiteRequest(request.headers, resolved.csrfHeader, resolved.origin);
  await applyRateLimit(resolved, 'token', request);
  const body = await readFields(request, 'form', resolved.maxBodyBytes);
  const grantType = stringField(body, 'grant_type');
  if (grantType === undefined) refuse('invalid_request', 'grant_type is missing');
  if (grantType !== 'refresh_token') refuse('unsupported_grant_type');
  // Browser mode reads the cookie alone: a refresh token in a body would be one a script held.
  const refreshToken = resolved.cookie
    ? readRefreshCookie(request.headers)
    : stringField(body, 'refresh_token');
  if (refreshToken === undefined) refuse('invalid_request', 'the refresh token is missing');
  const scope = stringField(body, 'scope');
  const url = `${resolved.publicBase}/auth/token`;
  const dpopJkt = await proofJkt(request.headers, url, resolved, tokens.options.now());
  const issued = await refreshed(
    tokens,
    refreshToken,
    { ...(dpopJkt === undefined ? {} : { dpopJkt }), ...(scope === undefined ? {} : { scope }) },
    resolved.cookie,
  );
  if (!resolved.cookie) return tokenResponse(issued, true);
  return tokenResponse(issued, false, [
    ['Set-Cookie', refreshCookie(issued.refreshToken, issued.refreshExpiresIn)],
  ]);
}
