/**
 * `@jwt-guard/nestjs`: JWT bearer-token authentication for NestJS 11 and 12, on the Express
 * and Fastify platforms: a module, a global guard, route decorators, an exception filter
 * and a WebSocket handshake guard, all on `@jwt-guard/core`.
 */

/** What an application needs besides the module (errors, policies, presets, `AuthInfo`…). */
export * from '@jwt-guard/core/app';
export * from './decorators.js';
export * from './jwt-auth.guard.js';
export * from './jwt-guard.module.js';
export * from './jwt-guard.service.js';
export * from './jwt-guard-exception.filter.js';
export * from './jwt-handshake.guard.js';
