/**
 * Several issuers and encrypted tokens: a list of two trusted issuers, a resolver with a
 * claim rule for one tenant, a third issuer that is refused (and never contacted: the
 * fixture checks its request count at the end), nested JWTs decrypted with the resource
 * server's key, and the RFC 9068 profile telling an ID token apart.
 */
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { KEYCLOAK_CLIENT, ROLES_BY_ISSUER, TENANT_CLAIM } from './app-config.js';
import {
  type Answer,
  accepted,
  bearer,
  refusedToken,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
} from './scenarios.js';

const ISSUER_REFUSED = 'The access token issuer is not accepted';
const CLAIMS_INVALID = 'The access token claims are invalid';
const UNDECRYPTABLE = 'The token could not be decrypted';
const MALFORMED = 'The access token is malformed';
const NOT_ACCESS_TOKEN = 'The token is not an RFC 9068 access token (an ID token?)';

/** Encrypts a signed token to `jwk` as a nested JWT (`cty: JWT`). */
export async function encryptTo(jws: string, jwk: JWK): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: jwk.kid })
    .encrypt(await importJWK(jwk, 'RSA-OAEP-256'));
}

const get = (path: string, token: string) => ({ path, headers: bearer(token) });

// One character of the ciphertext (the fourth segment) changed.
const tampered = (jwe: string) => {
  const parts = jwe.split('.');
  const ciphertext = parts[3] as string;
  parts[3] = (ciphertext.startsWith('A') ? 'B' : 'A') + ciphertext.slice(1);
  return parts.join('.');
};

const mainEncrypted = async ({ issuer, issuers }: ScenarioContext) =>
  encryptTo(await issuer.mint(), issuers.encryption.publicJwk);

// A Keycloak access token, shaped as Keycloak issues it: roles under realm_access and
// resource_access, the client in azp, and its own `typ` claim.
const keycloakToken = (ctx: ScenarioContext, claims: Record<string, unknown> = {}) =>
  ctx.issuers.keycloak.mint({
    claims: {
      typ: 'Bearer',
      azp: KEYCLOAK_CLIENT,
      realm_access: { roles: ['admin', 'offline_access'] },
      resource_access: { account: { roles: ['view-profile'] } },
      scope: 'openid profile',
      ...claims,
    },
  });

const ROLE_MISSING = 'The access token lacks a required role';
const ROLE_REFUSED: Answer = {
  status: 403,
  challenge: `Bearer realm="api", error="insufficient_scope", error_description="${ROLE_MISSING}"`,
  body: ROLE_MISSING,
};

// `/roles-by-issuer`: the main issuer's roles are in `roles`, the second's in `groups`. Each
// token also carries the other claim, holding `admin` where its own issuer does not look:
// read with the other issuer's mapping, it would pass the admin guard.
const viewerOfMain = ({ issuer }: ScenarioContext) =>
  issuer.mint({
    claims: { [ROLES_BY_ISSUER.main]: ['viewer'], [ROLES_BY_ISSUER.second]: ['admin'] },
  });
const adminOfSecond = ({ issuers }: ScenarioContext) =>
  issuers.second.mint({
    claims: { [ROLES_BY_ISSUER.second]: ['admin'], [ROLES_BY_ISSUER.main]: ['viewer'] },
  });

// Sends both issuers' tokens at once, interleaved, and throws unless every viewer got 403
// and every admin 200 (issue 19 §1.7: concurrent requests swapped the mapping).
async function interleaved(ctx: ScenarioContext, token: string): Promise<ScenarioRequest> {
  const [viewer, admin] = [await viewerOfMain(ctx), await adminOfSecond(ctx)];
  const answers = await Promise.all(
    Array.from({ length: 24 }, async (_, index) => {
      const isViewer = index % 2 === 0;
      const answer = await ctx.send(get('/roles-by-issuer', isViewer ? viewer : admin));
      return { isViewer, status: answer.status };
    }),
  );
  const wrong = answers.filter(({ isViewer, status }) => status !== (isViewer ? 403 : 200));
  if (wrong.length > 0) throw new Error(`${wrong.length} of 24 concurrent requests misjudged`);
  return get('/roles-by-issuer', token);
}

/** The rows. */
export const ISSUER_SCENARIOS: readonly Scenario[] = [
  {
    name: 'several issuers: the first one',
    request: async ({ issuer }) => get('/multi', await issuer.mint()),
    ...accepted('multi'),
  },
  {
    name: 'several issuers: the second one',
    request: async ({ issuers }) => get('/multi', await issuers.second.mint()),
    ...accepted('multi'),
  },
  {
    name: 'several issuers: a third, valid in itself, is refused without a network call',
    request: async ({ issuers }) => get('/multi', await issuers.foreign.mint()),
    ...refusedToken(ISSUER_REFUSED),
  },
  {
    name: 'several issuers: a scope guard answers 403 on the second issuer’s token',
    request: async ({ issuers }) => get('/multi-orders', await issuers.second.mint()),
    status: 403,
    challenge:
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:orders"',
    body: 'The access token lacks a required scope',
  },
  {
    name: 'several issuers: the second one with the scope',
    request: async ({ issuers }) =>
      get('/multi-orders', await issuers.second.mint({ claims: { scope: 'read:orders' } })),
    ...accepted('multi-orders'),
  },
  {
    name: 'issuer resolver: the tenant claim it asks of the second issuer',
    request: async ({ issuers }) =>
      get(
        '/tenants',
        await issuers.second.mint({ claims: { [TENANT_CLAIM[0]]: TENANT_CLAIM[1] } }),
      ),
    ...accepted('tenants'),
  },
  {
    name: 'issuer resolver: another tenant',
    request: async ({ issuers }) =>
      get('/tenants', await issuers.second.mint({ claims: { [TENANT_CLAIM[0]]: 'tenant-9' } })),
    ...refusedToken(CLAIMS_INVALID),
  },
  {
    name: 'issuer resolver: the main issuer as it is',
    request: async ({ issuer }) => get('/tenants', await issuer.mint()),
    ...accepted('tenants'),
  },
  {
    name: 'issuer resolver: an issuer it does not know',
    request: async ({ issuers }) => get('/tenants', await issuers.foreign.mint()),
    ...refusedToken(ISSUER_REFUSED),
  },
  {
    name: 'resolver by prefix: the userinfo trick is refused before any fetch (the attacker is never hit)',
    // `http://127.0.0.1:<main port>@127.0.0.1:<attacker port>` starts with the main origin,
    // but its host is the attacker's: the fixture checks the attacker got no request.
    request: async ({ issuer, issuers, attackerUrl }) =>
      get(
        '/prefix-tenants',
        await issuers.foreign.mint({
          claims: { iss: `${new URL(issuer.issuer).origin}@${new URL(attackerUrl).host}/` },
        }),
      ),
    ...refusedToken(ISSUER_REFUSED),
  },
  {
    name: 'resolver by prefix: an iss with a fragment is refused before any fetch',
    request: async ({ issuer, issuers }) =>
      get(
        '/prefix-tenants',
        await issuers.foreign.mint({ claims: { iss: `${issuer.issuer}#t1` } }),
      ),
    ...refusedToken(ISSUER_REFUSED),
  },
  {
    name: 'resolver by prefix: the main issuer itself',
    request: async ({ issuer }) => get('/prefix-tenants', await issuer.mint()),
    ...accepted('prefix-tenants'),
  },
  {
    name: 'per-issuer rolesClaim: the second issuer’s admin (roles in groups)',
    request: async (ctx) => get('/roles-by-issuer', await adminOfSecond(ctx)),
    ...accepted('roles-by-issuer'),
  },
  {
    name: 'per-issuer rolesClaim: the main issuer’s viewer is no admin, though its groups claim says so',
    request: async (ctx) => get('/roles-by-issuer', await viewerOfMain(ctx)),
    ...ROLE_REFUSED,
  },
  {
    name: 'per-issuer rolesClaim: two issuers’ tokens concurrently, each judged by its own claim',
    request: async (ctx) => interleaved(ctx, await viewerOfMain(ctx)),
    ...ROLE_REFUSED,
  },
  {
    name: 'encrypted token: decrypted, then verified',
    request: async (ctx) => get('/encrypted', await mainEncrypted(ctx)),
    ...accepted('encrypted'),
  },
  {
    name: 'encrypted token: a signed one is still accepted beside',
    request: async ({ issuer }) => get('/encrypted', await issuer.mint()),
    ...accepted('encrypted'),
  },
  {
    name: 'encrypted token: tampered ciphertext',
    request: async (ctx) => get('/encrypted', tampered(await mainEncrypted(ctx))),
    ...refusedToken(UNDECRYPTABLE),
  },
  {
    name: 'encrypted token: encrypted to another key',
    request: async ({ issuer, issuers }) =>
      get(
        '/encrypted',
        await encryptTo(await issuer.mint(), {
          ...issuers.encryption.strangerPublicJwk,
          kid: 'rs-1',
        }),
      ),
    ...refusedToken(UNDECRYPTABLE),
  },
  {
    name: 'encrypted token: refused where decryption is off',
    request: async (ctx) => get('/me', await mainEncrypted(ctx)),
    ...refusedToken(MALFORMED),
  },
  {
    name: 'rfc9068 profile: an access token',
    request: async ({ issuer }) =>
      get(
        '/rfc9068',
        await issuer.mint({ header: { typ: 'at+jwt' }, claims: { client_id: 'web' } }),
      ),
    ...accepted('rfc9068'),
  },
  {
    name: 'rfc9068 profile: an ID token has a code of its own',
    request: async ({ issuer }) =>
      get('/rfc9068', await issuer.mint({ claims: { nonce: 'n-1', auth_time: 1 } })),
    ...refusedToken(NOT_ACCESS_TOKEN),
  },
  {
    name: 'rfc9068 profile: at+jwt without client_id',
    request: async ({ issuer }) =>
      get('/rfc9068', await issuer.mint({ header: { typ: 'at+jwt' } })),
    ...refusedToken(CLAIMS_INVALID),
  },
  {
    name: 'keycloak preset: a realm admin of the client',
    request: async (ctx) => get('/keycloak', await keycloakToken(ctx)),
    ...accepted('keycloak'),
  },
  {
    name: 'keycloak preset: roles outside realm_access are not read',
    request: async (ctx) =>
      get('/keycloak', await keycloakToken(ctx, { realm_access: { roles: [] }, roles: ['admin'] })),
    status: 403,
    challenge: `Bearer realm="api", error="insufficient_scope", error_description="${ROLE_MISSING}"`,
    body: ROLE_MISSING,
  },
  {
    name: 'keycloak preset: a token of another client (azp)',
    request: async (ctx) => get('/keycloak', await keycloakToken(ctx, { azp: 'other-client' })),
    ...refusedToken(CLAIMS_INVALID),
  },
  {
    name: 'keycloak preset: an ID token (typ claim ID)',
    request: async (ctx) => get('/keycloak', await keycloakToken(ctx, { typ: 'ID' })),
    ...refusedToken(CLAIMS_INVALID),
  },
];
