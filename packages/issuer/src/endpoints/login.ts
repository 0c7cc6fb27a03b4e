/**
 * `POST /auth/login`: the app's `authenticate` hook says who logged in; the issuer starts a
 * family for them. Answers the RFC 6749 §5.1 body, or 401 `invalid_grant`.
 */
import { StoreError } from '@jwt-guard/core/store';
import type { TokenIssuer } from '../token-issuer.js';
import { readFields } from './body.js';
import { readRefreshCookie, refreshCookie } from './cookie.js';
import { assertSameSiteRequest } from './csrf.js';
import { proofJkt } from './dpop-proof.js';
import type { ResolvedEndpoints } from './endpoint-options.js';
import { AppFailure, applyRateLimit } from './hooks.js';
import { refuse, tokenResponse } from './responses.js';
import type { AuthenticatedSubject, EndpointRequest, EndpointResponse } from './types.js';

async function authenticated(
  resolved: ResolvedEndpoints,
  input: Parameters<ResolvedEndpoints['authenticate']>[0],
): Promise<AuthenticatedSubject | undefined> {
  try {
    return (await resolved.authenticate(input)) ?? undefined;
  } catch (error) {
    throw new AppFailure(error);
  }
}

/**
 * Answers a login: CSRF (browser mode), rate limit, body, DPoP proof, then `authenticate`.
 * In browser mode a successful login ends the family of the cookie it replaces.
 *
 * @example
 * ```ts
 * const response = await login(tokens, resolved, request);
 * ```
 */
export async function login(
  tokens: TokenIssuer,
  resolved: ResolvedEndpoints,
  request: EndpointRequest,
): Promise<EndpointResponse> {
  // The login sets the cookie: a cross-site form must not log a browser into another account.
  if (resolved.cookie) assertSameSiteRequest(request.headers, resolved.csrfHeader, resolved.origin);
  await applyRateLimit(resolved, 'login', request);
  const body = await readFields(request, 'form-or-json', resolved.maxBodyBytes);
  const url = `${resolved.publicBase}/auth/login`;
  const dpopJkt = await proofJkt(request.headers, url, resolved, tokens.options.now());
  const subject = await authenticated(resolved, {
    body,
    headers: request.headers,
    request: request.raw,
  });
  if (subject === undefined) return refuse('invalid_grant', undefined, 401);
  // The new cookie replaces the browser's old one: end that family rather than leave it
  // alive, unreachable by the browser yet still usable by whoever copied it before.
  const previous = resolved.cookie ? readRefreshCookie(request.headers) : undefined;
  if (previous !== undefined) await tokens.revoke(previous);
  let issued: Awaited<ReturnType<TokenIssuer['issue']>>;
  try {
    issued = await tokens.issue({
      sub: subject.sub,
      ...(subject.scope === undefined ? {} : { scope: subject.scope }),
      ...(subject.claims === undefined ? {} : { claims: subject.claims }),
      clientId: resolved.clientId,
      ...(dpopJkt === undefined ? {} : { dpopJkt }),
    });
  } catch (error) {
    // A store outage is answered 503 by the router; otherwise the client sent nothing
    // issue() reads, so a refused subject or claim is the hook's bug.
    throw error instanceof StoreError ? error : new AppFailure(error);
  }
  if (!resolved.cookie) return tokenResponse(issued, true);
  return tokenResponse(issued, false, [
    ['Set-Cookie', refreshCookie(issued.refreshToken, issued.refreshExpiresIn)],
  ]);
}
