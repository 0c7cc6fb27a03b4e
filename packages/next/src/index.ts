/** `@jwt-guard/next`: Next.js route handlers (Node and Edge), and any Web `Request`. */

/** What an app needs besides `protect`: error classes, policies, presets, stores, … */
export * from '@jwt-guard/core/app';
export type { RouteRequirements as Requirements } from '@jwt-guard/core/policy';
export { protectedResourceMetadata } from './metadata.js';
export {
  guards,
  type JwtAuthOptions,
  jwtAuth,
  type Protect,
  type ProtectedHandler,
  type RouteHandler,
  refusalResponse,
} from './protect.js';
