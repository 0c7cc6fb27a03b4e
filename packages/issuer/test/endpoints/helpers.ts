/** Set-up of the endpoint tests: an issuer, its endpoints, and requests driven straight at `handle`. */
import { createMemoryStore, type SharedStore } from '@jwt-guard/core/store';
import {
  createTokenEndpoints,
  createTokenIssuer,
  type EndpointRequest,
  type EndpointResponse,
  IssuerError,
  type TokenEndpointsOptions,
  type TokenIssuerOptions,
} from '../../src/index.js';
import { AUDIENCE, ISSUER, SECRET } from '../helpers.js';

export { AUDIENCE, ISSUER };

/** The demo users: `alice` / `wonderland`. */
export const USERS: Readonly<Record<string, string>> = { alice: 'wonderland' };

/** An `authenticate` hook checking {@link USERS}. */
export const authenticate: TokenEndpointsOptions['authenticate'] = ({ body }) =>
  typeof body.username === 'string' && USERS[body.username] === body.password
    ? { sub: body.username, scope: 'read write', claims: { name: 'Alice' } }
    : undefined;

/** An issuer (schedule off) and its endpoints with `options`. */
export function setUp(
  options: Partial<TokenEndpointsOptions> = {},
  issuerOptions: Partial<TokenIssuerOptions> = {},
  store: SharedStore = createMemoryStore(),
) {
  const tokens = createTokenIssuer({
    issuer: ISSUER,
    audience: AUDIENCE,
    store,
    keys: { encryptionSecret: SECRET, schedule: false },
    ...issuerOptions,
  });
  const endpoints = createTokenEndpoints(tokens, { authenticate, ...options });
  return { tokens, endpoints, store };
}

/** What a test request says. */
export interface TestRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** Raw body; sent as is. */
  readonly body?: string | Uint8Array;
  /** A body the framework already parsed. */
  readonly parsedBody?: unknown;
}

/** A request as an adapter would build it, its body read with the limit enforced. */
export function request(test: TestRequest): EndpointRequest & { readonly reads: () => number } {
  const bytes =
    typeof test.body === 'string'
      ? new TextEncoder().encode(test.body)
      : (test.body ?? new Uint8Array());
  let reads = 0;
  return {
    method: test.method ?? 'POST',
    path: test.path,
    headers: new Headers(test.headers),
    readBody: async (limit) => {
      reads += 1;
      if (bytes.byteLength > limit) throw new IssuerError('ERR_BODY_TOO_LARGE', 'body');
      return bytes;
    },
    ...(test.parsedBody === undefined ? {} : { parsedBody: test.parsedBody }),
    raw: { test: true },
    reads: () => reads,
  };
}

/** A form body and its content type. */
export function form(fields: Record<string, string>) {
  return {
    body: new URLSearchParams(fields).toString(),
    type: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** Sends `test` to `endpoints`; fails the test when the path was not ours. */
export async function send(
  endpoints: ReturnType<typeof createTokenEndpoints>,
  test: TestRequest,
): Promise<EndpointResponse> {
  const response = await endpoints.handle(request(test));
  if (response === undefined) throw new Error(`no answer for ${test.path}`);
  return response;
}

/** The value of header `name` (case-insensitive), or undefined. */
export function header(response: EndpointResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** Every value of header `name`. */
export function headers(response: EndpointResponse, name: string): string[] {
  return response.headers
    .filter(([key]) => key.toLowerCase() === name.toLowerCase())
    .map(([, value]) => value);
}

/** The JSON body. */
export const json = (response: EndpointResponse) =>
  JSON.parse(response.body) as Record<string, unknown>;

/** Logs alice in with a form body; `extra` headers added. */
export function loginRequest(extra: Record<string, string> = {}, basePath = ''): TestRequest {
  const { body, type } = form({ username: 'alice', password: 'wonderland' });
  return { path: `${basePath}/auth/login`, headers: { ...type, ...extra }, body };
}

/** The refresh token a browser-mode response set in its cookie. */
export function cookieToken(response: EndpointResponse): string {
  const cookie = header(response, 'set-cookie') ?? '';
  return /^__Host-jwt-guard-rt=([^;]*);/.exec(cookie)?.[1] ?? '';
}
