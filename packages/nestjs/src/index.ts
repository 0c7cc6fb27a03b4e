/**
 * `@jwt-guard/nestjs`: JWT bearer-token authentication for NestJS 11 and 12, on the Express
 * and Fastify platforms: a module, a global guard, route decorators, an exception filter
 * and a WebSocket handshake guard, all on `@jwt-guard/core`.
 */

/** What an application needs besides the module (errors, policies, presets, `AuthInfo`…). */
export * from '@jwt-guard/core/app';
export {
  Auth,
  AuthLevel,
  METADATA,
  Public,
  RequireClaim,
  RequirePolicy,
  Roles,
  Scopes,
} from './decorators.js';
export { JwtAuthGuard } from './jwt-auth.guard.js';
export {
  type JwtGuardAsyncOptions,
  JwtGuardModule,
  type JwtGuardModuleSettings,
} from './jwt-guard.module.js';
export {
  JWT_GUARD_OPTIONS,
  type JwtGuardOptions,
  JwtGuardService,
  type NestHttpRequest,
} from './jwt-guard.service.js';
export { JwtGuardExceptionFilter } from './jwt-guard-exception.filter.js';
export { type HandshakeServer, JwtHandshakeGuard } from './jwt-handshake.guard.js';
