/** What the demo prints at start: its users, and the curl commands of a whole session. */
import type { DemoCredential, DemoUser } from './users.js';

/** What {@link demoGuide} describes. */
export interface GuideInput {
  /** The server's origin, as the curls call it. */
  readonly origin: string;
  /** The users, in order, with their passwords made at this start. */
  readonly users: ReadonlyArray<{ readonly user: DemoUser; readonly credential: DemoCredential }>;
}

function describeUser({ user, credential }: GuideInput['users'][number]): string {
  const roles = user.roles.length > 0 ? `, roles ${user.roles.join(' ')}` : '';
  return `  ${credential.username} / ${credential.password}   (scope "${user.scope}"${roles})`;
}

/** `curl` that logs `credential` in at `path` (form-encoded, as RFC 6749 §4.3 forms are). */
function loginCurl(origin: string, path: string, credential: DemoCredential): string {
  return `curl -s -X POST ${origin}${path} -d username=${credential.username} -d password=${credential.password}`;
}

/**
 * The text the demo prints: the users with their passwords, and ready-to-paste curls for
 * logging in, calling the API, refreshing and logging out (mobile mode, tokens in bodies),
 * then a word on the browser mount.
 *
 * @example
 * ```ts
 * console.log(demoGuide({ origin: 'http://127.0.0.1:3000', users }));
 * ```
 */
export function demoGuide({ origin, users }: GuideInput): string {
  const [first, second] = users;
  if (!first || !second) throw new TypeError('jwt-guard: option "users" needs two users');
  const keep = (variable: string) =>
    `ACCESS=$(echo "$${variable}" | jq -r .access_token); REFRESH=$(echo "$${variable}" | jq -r .refresh_token)`;
  const api = (method: string, path: string) =>
    `curl -i ${method === 'GET' ? '' : `-X ${method} `}${origin}${path} -H "Authorization: Bearer $ACCESS"`;
  const refresh = `curl -s -X POST ${origin}/auth/token -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH"`;
  const lines = [
    `jwt-guard first-party demo on ${origin} (issuer and audience ${origin}, memory store)`,
    '',
    'Demo users (passwords made at this start, kept only as scrypt hashes):',
    ...users.map(describeUser),
    '',
    `# 1. Log in as ${first.credential.username} (mobile mode: both tokens in the JSON answer), keep them (needs jq):`,
    `LOGIN=$(${loginCurl(origin, '/auth/login', first.credential)}); echo "$LOGIN"`,
    keep('LOGIN'),
    '',
    '# 2. Call the API: 200, 200, and 200 on the admin-only route',
    api('GET', '/api/me'),
    api('GET', '/api/orders'),
    api('DELETE', '/api/orders/1'),
    '# No token: 401 with WWW-Authenticate naming the protected-resource metadata',
    `curl -i ${origin}/api/orders`,
    '',
    '# 3. Refresh (RFC 6749 §6): a new access token and a new refresh token; the old one is spent',
    `NEXT=$(${refresh}); echo "$NEXT"`,
    keep('NEXT'),
    '',
    '# 4. Log out: 204; the refresh token family and this access token are revoked',
    `curl -i -X POST ${origin}/auth/logout -H "Authorization: Bearer $ACCESS" --data-urlencode "refresh_token=$REFRESH"`,
    '# ... so the API now answers 401, and a refresh 400 invalid_grant:',
    api('GET', '/api/me'),
    refresh,
    '',
    `# ${second.credential.username} lacks read:orders: 403 insufficient_scope`,
    `BOB=$(${loginCurl(origin, '/auth/login', second.credential)} | jq -r .access_token)`,
    `curl -i ${origin}/api/orders -H "Authorization: Bearer $BOB"`,
    '',
    "# The metadata the API discovers its keys from, the keys, and the API's own metadata:",
    `curl -s ${origin}/.well-known/oauth-authorization-server`,
    `curl -s ${origin}/.well-known/jwks.json`,
    `curl -s ${origin}/.well-known/oauth-protected-resource`,
    '',
    `# Browser mode is mounted at ${origin}/browser/auth/...: the refresh token only ever travels`,
    '# in a __Host- cookie (HttpOnly, Secure, SameSite=Strict), never in a body, and every POST',
    '# there (login, which sets the cookie, included) needs the X-Requested-With header (CSRF):',
    `curl -i -X POST ${origin}/browser/auth/login -H 'X-Requested-With: curl' -d username=${first.credential.username} -d password=${first.credential.password}`,
    '',
    'Serving until stopped (Ctrl-C).',
  ];
  return lines.join('\n');
}
