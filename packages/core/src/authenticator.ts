/**
 * `createAuthenticator`: everything an adapter needs in one call per request: find the
 * token, verify it, and return the `AuthInfo` the guards understand. Adapters only say
 * how to read their request. A short orchestrator: `authenticator-plan.ts` prepares the
 * state once, and `authenticate-request.ts` authenticates each request with it.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from './auth-info.js';
import { authenticateRequest } from './authenticate-request.js';
import type { AuthenticatorOptions } from './authenticator-options.js';
import { prepareAuthenticator, type ReadTokenSources } from './authenticator-plan.js';
import type { RequestContext } from './request-context.js';
import type { Verifier } from './verify/verifier.js';

export type {
  AuthenticatorOptions,
  OwnVerifierOptions,
  RequestSideOptions,
  SharedVerifierOptions,
} from './authenticator-options.js';
export type { WantedSources } from './authenticator-plan.js';

/** Authenticates requests of one framework. */
export interface Authenticator<Request> {
  /** The verified token, `undefined` when none was sent and none is required, or a thrown `JwtGuardError`. */
  authenticate<Claims extends object = JWTPayload>(
    request: Request,
  ): Promise<AuthInfo<Claims> | undefined>;
  /**
   * `authenticate` without a promise where none is needed: a token the verifier's cache
   * answers returns, or throws, at once; anything else returns a promise. What adapters call.
   */
  authenticateMaybeSync<Claims extends object = JWTPayload>(
    request: Request,
  ): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims> | undefined>;
  readonly verifier: Verifier;
}

/**
 * Creates an authenticator, the boundary where refusals get their challenge: every
 * `JwtGuardError` it throws carries the configured realm. `read` turns the framework's
 * request into `TokenSources` (reading the form body and cookie only when `wanted`
 * says so); `contextOf`, where the runtime has one, lends background work a `waitUntil`.
 *
 * @example
 * ```ts
 * const auth = createAuthenticator({ issuer, audience }, (req: Request) => ({
 *   authorization: req.headers.get('authorization'),
 * }));
 * const info = await auth.authenticate(request);
 * ```
 */
export function createAuthenticator<Request>(
  options: AuthenticatorOptions<Request>,
  read: ReadTokenSources<Request>,
  contextOf?: (request: Request) => RequestContext | undefined,
): Authenticator<Request> {
  const plan = prepareAuthenticator(options, read, contextOf);
  const authenticateMaybeSync = <Claims extends object = JWTPayload>(request: Request) =>
    authenticateRequest<Request, Claims>(plan, request);
  return {
    verifier: plan.verifier,
    authenticateMaybeSync,
    authenticate<Claims extends object = JWTPayload>(request: Request) {
      try {
        return Promise.resolve(authenticateMaybeSync<Claims>(request));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
