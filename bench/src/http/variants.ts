/** The HTTP servers under test: per framework, no auth, ours, and its usual peers. */

/** The frameworks of phase 2. */
export type Framework = 'express' | 'koa' | 'hono' | 'fastify' | 'nest';

/** Where auth middlewares find the issuer. */
export interface IssuerTarget {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
}

/** One server configuration. */
export interface ServerVariant {
  readonly id: string;
  readonly framework: Framework;
  /**
   * `none`, `bare` (a middleware that sets `auth` to a constant and reads nothing), `noop`
   * (one that reads the header into `auth`), `ours`, or the peer's id.
   */
  readonly auth: string;
  readonly label: string;
}

const fastifyVariants: readonly ServerVariant[] = [
  { id: 'fastify-none', framework: 'fastify', auth: 'none', label: 'no auth' },
  {
    id: 'fastify-bare',
    framework: 'fastify',
    auth: 'bare',
    label: 'bare hook (sets auth, reads nothing)',
  },
  {
    id: 'fastify-noop',
    framework: 'fastify',
    auth: 'noop',
    label: 'no-op onRequest hook (framework floor)',
  },
  { id: 'fastify-ours', framework: 'fastify', auth: 'ours', label: '@jwt-guard/fastify' },
  {
    id: 'fastify-jwt-jwks',
    framework: 'fastify',
    auth: 'fastify-jwt-jwks',
    label: 'fastify-jwt-jwks (@fastify/jwt)',
  },
];

/** Every server of phase 2, grouped by framework, the no-auth route first. */
export const variants: readonly ServerVariant[] = [
  { id: 'express-none', framework: 'express', auth: 'none', label: 'no auth' },
  {
    id: 'express-bare',
    framework: 'express',
    auth: 'bare',
    label: 'bare middleware (sets auth, reads nothing)',
  },
  {
    id: 'express-noop',
    framework: 'express',
    auth: 'noop',
    label: 'no-op middleware (framework floor)',
  },
  { id: 'express-ours', framework: 'express', auth: 'ours', label: '@jwt-guard/express' },
  {
    id: 'express-jwt',
    framework: 'express',
    auth: 'express-jwt',
    label: 'express-jwt + jwks-rsa',
  },
  { id: 'express-auth0', framework: 'express', auth: 'auth0', label: 'express-oauth2-jwt-bearer' },
  { id: 'koa-none', framework: 'koa', auth: 'none', label: 'no auth' },
  {
    id: 'koa-bare',
    framework: 'koa',
    auth: 'bare',
    label: 'bare middleware (sets auth, reads nothing)',
  },
  {
    id: 'koa-noop',
    framework: 'koa',
    auth: 'noop',
    label: 'no-op middleware (framework floor)',
  },
  { id: 'koa-ours', framework: 'koa', auth: 'ours', label: '@jwt-guard/koa' },
  { id: 'koa-jwt', framework: 'koa', auth: 'koa-jwt', label: 'koa-jwt + jwks-rsa' },
  { id: 'hono-none', framework: 'hono', auth: 'none', label: 'no auth' },
  {
    id: 'hono-bare',
    framework: 'hono',
    auth: 'bare',
    label: 'bare middleware (sets auth, reads nothing)',
  },
  {
    id: 'hono-noop',
    framework: 'hono',
    auth: 'noop',
    label: 'no-op middleware (framework floor)',
  },
  { id: 'hono-ours', framework: 'hono', auth: 'ours', label: '@jwt-guard/hono' },
  { id: 'hono-jwk', framework: 'hono', auth: 'hono-jwk', label: 'hono/jwk (jwks_uri)' },
  ...fastifyVariants,
  { id: 'nest-none', framework: 'nest', auth: 'none', label: 'no auth (NestJS on Express)' },
  { id: 'nest-noop', framework: 'nest', auth: 'noop', label: 'no-op guard (framework floor)' },
  { id: 'nest-ours', framework: 'nest', auth: 'ours', label: '@jwt-guard/nestjs' },
  {
    id: 'nest-passport',
    framework: 'nest',
    auth: 'passport-jwt',
    label: 'passport-jwt + jwks-rsa',
  },
];

/** The route every server answers: `GET /hello` → `{"hello":"world"}`. */
export const ROUTE = '/hello';

/** The JSON body of {@link ROUTE}. */
export const BODY = { hello: 'world' } as const;
