/**
 * The per-request half of an authenticator: plain functions over an
 * {@link AuthenticatorPlan}. Find the token (`token/extract-token.ts`), verify it
 * (`verify/verify-token.ts`), check the proof of possession it calls for
 * (`sender-binding.ts`), and return the `AuthInfo` the guards understand; every refusal
 * leaves with the configured challenge.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from './auth-info.js';
import { type AuthenticatorPlan, authInfoMakerFor } from './authenticator-plan.js';
import { createError, JwtGuardError } from './errors/jwt-guard-error.js';
import { reportRefusal } from './events.js';
import { assertNotDpopBound, checkBinding } from './sender-binding.js';
import {
  checkedToken,
  findBearerToken,
  type TokenSources,
  usesDpopScheme,
} from './token/extract-token.js';
import { issuerClaimsOf } from './verify/issuer-claims.js';
import { reuseVerification, verifyMissed } from './verify/verify-token.js';

type Answer<Claims extends object> = AuthInfo<Claims> | Promise<AuthInfo<Claims>>;

// `getToken` found the token: there is no header to read a scheme or a proof from.
const NO_SOURCES: TokenSources = {};

/**
 * Authenticates one request: the verified token, `undefined` when none was sent and none
 * is required, or a thrown (or rejected) `JwtGuardError` carrying the challenge. Returns at
 * once, without a promise, when the token cache answers: what adapters call.
 *
 * @example
 * ```ts
 * const plan = prepareAuthenticator(options, readTokenSources);
 * const auth = authenticateRequest(plan, req); // AuthInfo | undefined | Promise<…>
 * ```
 */
export function authenticateRequest<Request, Claims extends object = JWTPayload>(
  plan: AuthenticatorPlan<Request>,
  request: Request,
): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims> | undefined> {
  try {
    const result = findAndAuthenticate<Request, Claims>(plan, request);
    return result instanceof Promise ? result.catch((error) => refuse(plan, error)) : result;
  } catch (error) {
    return refuse(plan, error);
  }
}

function findAndAuthenticate<Request, Claims extends object>(
  plan: AuthenticatorPlan<Request>,
  request: Request,
): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims> | undefined> {
  const { getToken } = plan;
  if (getToken) {
    return Promise.resolve(getToken(request)).then((token) =>
      authenticateToken<Request, Claims>(
        plan,
        token === '' ? undefined : token,
        request,
        false,
        NO_SOURCES,
      ),
    );
  }
  const sources = plan.read(request, plan.wanted);
  // Only a framework whose body parsing is async hands over a promise.
  return sources instanceof Promise
    ? sources.then((found) =>
        authenticateToken<Request, Claims>(
          plan,
          findBearerToken(found, plan.extractOptions),
          request,
          true,
          found,
        ),
      )
    : authenticateToken<Request, Claims>(
        plan,
        findBearerToken(sources, plan.extractOptions),
        request,
        true,
        sources,
      );
}

// The refusal leaves with the configured challenge, reported once.
function refuse<Request>(plan: AuthenticatorPlan<Request>, error: unknown): never {
  if (error instanceof JwtGuardError) error.withChallenge(plan.challenge);
  reportRefusal(plan.policy.events, error);
  throw error;
}

/**
 * Authenticates the token found in `request` (`undefined`: none was). `checkSyntax`: a
 * token found in the request must be an RFC 6750 b64token; one the token cache holds has
 * passed that check already, so the check waits for a cache miss. Refusals are thrown
 * without their challenge, which {@link authenticateRequest} adds.
 *
 * @example
 * ```ts
 * const auth = await authenticateToken(plan, token, req, true, sources);
 * ```
 */
export function authenticateToken<Request, Claims extends object = JWTPayload>(
  plan: AuthenticatorPlan<Request>,
  token: string | undefined,
  request: Request,
  checkSyntax: boolean,
  sources: TokenSources,
): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims>> {
  if (token === undefined) {
    if (plan.required) throw createError('ERR_NO_TOKEN');
    return undefined;
  }
  if (plan.binding === undefined) {
    // Without DPoP or certificate binding configured, every token is a bearer token, and
    // a DPoP-bound one is refused as such.
    const verified = verifyFound<Request, Claims>(plan, token, request, checkSyntax);
    return verified instanceof Promise
      ? verified.then((auth) => bearerOnly(plan, auth))
      : bearerOnly(plan, verified);
  }
  const { dpop } = plan;
  const scheme = dpop !== undefined && usesDpopScheme(sources.authorization) ? 'DPoP' : 'Bearer';
  // DPoP only: a token by any other way (a cookie, the query, getToken) is no credential.
  if (dpop?.required && scheme !== 'DPoP') throw createError('ERR_NO_TOKEN');
  return verifyBound<Request, Claims>(plan, token, request, checkSyntax, scheme, sources);
}

function verifyFound<Request, Claims extends object>(
  plan: AuthenticatorPlan<Request>,
  token: string,
  request: Request,
  checkSyntax: boolean,
): Answer<Claims> {
  const lent = plan.contextOf?.(request);
  // An issuer resolver is asked on cache hits too, and may want the request.
  const context = plan.resolver ? { ...lent, request } : lent;
  const reused = reuseVerification<Claims>(plan.verification, token, context);
  if (reused !== undefined) return reused;
  if (checkSyntax) checkedToken(token);
  return verifyMissed<Claims>(plan.verification, token, { ...context, request });
}

function bearerOnly<Request, Claims extends object>(
  plan: AuthenticatorPlan<Request>,
  auth: AuthInfo<Claims>,
): AuthInfo<Claims> {
  assertNotDpopBound(auth.payload);
  return authInfoMakerFor(plan, issuerClaimsOf(auth))(auth);
}

// The proof of possession a token calls for, on every request (cache hits included).
// Refusals name the scheme the request used, so the right challenge carries the error.
async function verifyBound<Request, Claims extends object>(
  plan: AuthenticatorPlan<Request>,
  token: string,
  request: Request,
  checkSyntax: boolean,
  scheme: 'Bearer' | 'DPoP',
  sources: TokenSources,
): Promise<AuthInfo<Claims>> {
  try {
    const verified = await verifyFound<Request, Claims>(plan, token, request, checkSyntax);
    const binding = plan.binding as NonNullable<typeof plan.binding>;
    await checkBinding(binding, verified.payload, token, scheme, sources, Date.now());
    return authInfoMakerFor(plan, issuerClaimsOf(verified))(verified);
  } catch (error) {
    if (error instanceof JwtGuardError) error.withChallenge(plan.challenge, scheme);
    throw error;
  }
}
