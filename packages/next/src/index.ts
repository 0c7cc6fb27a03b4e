/** `@jwt-guard/next`: Next.js route handlers (Node and Edge), and any Web `Request`. */

/** What an app needs besides `protect`: error classes, policies, presets, stores, … */
export * from '@jwt-guard/core/app';
export { protectedResourceMetadata } from './metadata.js';
export {
  type JwtAuthOptions,
  jwtAuth,
  type Protect,
  type ProtectedHandler,
  type RouteHandler,
  refusalResponse,
} from './protect.js';
export { guards, type Requirements } from './requirements.js';
