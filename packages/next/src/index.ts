/**
 * `@jwt-guard/next`: JWT bearer-token authentication for Next.js App Router route handlers
 * (Node and Edge runtimes) and for any server that hands over a Web `Request`.
 */

/**
 * What an application needs besides `protect` (the error classes for `instanceof`,
 * `createVerifier`, policies, presets, stores, the token client, DPoP's nonces), from the
 * adapter's own import so that an app depends on this one package.
 */
export * from '@jwt-guard/core/app';
export { protectedResourceMetadata } from './metadata.js';
export {
  type JwtAuthOptions,
  jwtAuth,
  type Protect,
  type ProtectedContext,
  type ProtectedHandler,
  type RouteHandler,
  refusalResponse,
} from './protect.js';
export { guards, type Requirements } from './requirements.js';
