/** The module's authenticator, prepared once from its options; the guards call it per request. */

import {
  type AuthenticatorOptions,
  type AuthenticatorPlan,
  type AuthInfo,
  authenticateRequest,
  type NodeIncoming,
  type NodeRequestLifting,
  prepareAuthenticator,
  readNodeRequest,
} from '@jwt-guard/core/adapter';
import { Inject, Injectable } from '@nestjs/common';

/** The injection token of the options given to `JwtGuardModule.forRoot` or its factory. */
export const JWT_GUARD_OPTIONS = Symbol.for('jwt-guard.nestjs.options');

/** The HTTP request as either platform hands it to a guard, read structurally. */
export interface NestHttpRequest extends Partial<NodeIncoming> {
  /** Fastify: Node's message behind the request. Express: absent (the request is the message). */
  readonly raw?: NodeIncoming;
  readonly body?: unknown;
  readonly protocol?: string;
  /** Fastify: the Host, after `trustProxy`. */
  readonly host?: string;
  /** Express: a header, after `trust proxy`. */
  get?(name: string): string | undefined;
  /** Express: the target as received, before a router's mount path was cut off. */
  readonly originalUrl?: string;
  params?: unknown;
  /** The verified token, set by the guard. */
  auth?: AuthInfo;
}

/** Options of `JwtGuardModule.forRoot`: those of every adapter's `jwtAuth`. */
export type JwtGuardOptions = AuthenticatorOptions<NestHttpRequest>;

// Express: the request is Node's message, addressed as sent (`originalUrl`, the Host header).
// Fastify: the message is `raw`; the parsed body, `protocol` and `host` are on the request.
const nestRequest: NodeRequestLifting<NestHttpRequest> = {
  incoming: (request) => request.raw ?? (request as NodeIncoming),
  body: (request) => request.body,
  address: (request) => ({
    scheme: request.protocol,
    host: request.raw ? request.host : request.get?.('host'),
    target: (request.raw ? request.url : request.originalUrl) ?? '/',
  }),
};

/**
 * Verifies a request's token with the module's options. Injected by type: the guards use
 * it, and so can an app that authenticates outside a route (a handshake, a queue consumer).
 *
 * @example
 * ```ts
 * constructor(private readonly jwt: JwtGuardService) {}
 * const auth = await this.jwt.authenticate(request);
 * ```
 */
@Injectable()
export class JwtGuardService {
  private readonly plan: AuthenticatorPlan<NestHttpRequest>;

  constructor(@Inject(JWT_GUARD_OPTIONS) options: JwtGuardOptions) {
    this.plan = prepareAuthenticator<NestHttpRequest>(options, (request, wanted) =>
      readNodeRequest(request, wanted, nestRequest),
    );
  }

  /**
   * The request's verified token (`undefined` when auth is optional and none came), or a
   * `JwtGuardError` thrown or rejected. Synchronous on a token-cache hit.
   */
  authenticate(request: NestHttpRequest): AuthInfo | undefined | Promise<AuthInfo | undefined> {
    return authenticateRequest(this.plan, request);
  }
}
