/**
 * Step-up authentication (RFC 9470) and protected-resource metadata (RFC 9728): a route
 * that needs a stronger or fresher sign-in says which in its challenge, and a route whose
 * authenticator knows the metadata's URL names it in every challenge, beside the document
 * every app serves.
 */
import { RESOURCE_METADATA, RESOURCE_METADATA_URL, STEP_UP } from './app-config.js';
import { accepted, bearer, type Scenario } from './scenarios.js';

const STEP_UP_NEEDED = 'A different authentication level is required';
const STEP_UP_CHALLENGE = `Bearer realm="api", error="insufficient_user_authentication", error_description="${STEP_UP_NEEDED}", acr_values="${STEP_UP.acr.join(' ')}", max_age="${STEP_UP.maxAge}"`;
const stepUpRefused = { status: 401, challenge: STEP_UP_CHALLENGE, body: STEP_UP_NEEDED };

const secondsAgo = (seconds: number) => Math.floor(Date.now() / 1000) - seconds;
const EXPIRED = 'The access token has expired';

/** The rows. */
export const RESOURCE_SCENARIOS: readonly Scenario[] = [
  {
    name: 'step-up: the acr asked for, signed in a minute ago',
    request: async ({ issuer }) => ({
      path: '/step-up',
      headers: bearer(
        await issuer.mint({ claims: { acr: STEP_UP.acr[0], auth_time: secondsAgo(60) } }),
      ),
    }),
    ...accepted('step-up'),
  },
  {
    name: 'step-up: another acr is 401 insufficient_user_authentication, naming acr_values and max_age',
    request: async ({ issuer }) => ({
      path: '/step-up',
      headers: bearer(
        await issuer.mint({ claims: { acr: 'urn:example:pwd', auth_time: secondsAgo(60) } }),
      ),
    }),
    ...stepUpRefused,
  },
  {
    name: 'step-up: the acr asked for, but signed in too long ago',
    request: async ({ issuer }) => ({
      path: '/step-up',
      headers: bearer(
        await issuer.mint({ claims: { acr: STEP_UP.acr[0], auth_time: secondsAgo(3600) } }),
      ),
    }),
    ...stepUpRefused,
  },
  {
    name: 'step-up: no auth_time',
    request: async ({ issuer }) => ({
      path: '/step-up',
      headers: bearer(await issuer.mint({ claims: { acr: STEP_UP.acr[0] } })),
    }),
    ...stepUpRefused,
  },
  {
    name: 'resource metadata: the document, at the path of RFC 9728 §3.1',
    request: async () => ({ path: '/.well-known/oauth-protected-resource/meta' }),
    status: 200,
    challenge: null,
    body: JSON.stringify({
      resource: RESOURCE_METADATA.resource,
      authorization_servers: RESOURCE_METADATA.authorizationServers,
      scopes_supported: RESOURCE_METADATA.scopesSupported,
      bearer_methods_supported: ['header'],
    }),
  },
  {
    name: 'resource metadata: a request without a token learns where it is',
    request: async () => ({ path: '/meta' }),
    status: 401,
    challenge: `Bearer realm="api", resource_metadata="${RESOURCE_METADATA_URL}"`,
    body: 'Authentication is required',
  },
  {
    name: 'resource metadata: named in an error challenge too',
    request: async ({ issuer }) => ({
      path: '/meta',
      headers: bearer(await issuer.mint({ expiresIn: -60 })),
    }),
    status: 401,
    challenge: `Bearer realm="api", error="invalid_token", error_description="${EXPIRED}", resource_metadata="${RESOURCE_METADATA_URL}"`,
    body: EXPIRED,
  },
];
