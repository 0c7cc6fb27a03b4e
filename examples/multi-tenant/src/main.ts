/**
 * The multi-tenant demo: two tenants with identity providers of their own (one puts roles
 * where Keycloak does), a third provider no tenant uses, and the API on 127.0.0.1 (PORT,
 * default 3003). Prints curl commands with literal tokens.
 */
import { listenOnLoopback } from '@jwt-guard/example-kit';
import { createTestIssuers } from '@jwt-guard/testing';
import { createApp } from './app.js';

const audience = 'https://projects.example.test';
const issuers = await createTestIssuers([
  { path: '/acme', audience },
  { path: '/realms/globex', audience },
  { path: '/stranger', audience },
]);
const [acme, globex, stranger] = issuers;
if (!acme || !globex || !stranger) throw new Error('the issuers did not start');
const server = await listenOnLoopback(
  createApp(
    [
      { id: 'acme', issuer: acme.issuer },
      { id: 'globex', issuer: globex.issuer, rolesClaim: 'realm_access.roles' },
    ],
    audience,
  ),
  Number(process.env.PORT ?? 3003),
);

const hour = { expiresIn: 3600 };
const acmeReader = await acme.mint({ ...hour, claims: { scope: 'read:projects' } });
const globexAdmin = await globex.mint({
  ...hour,
  claims: { scope: 'read:projects', realm_access: { roles: ['admin'] } },
});
const globexRolesElsewhere = await globex.mint({ ...hour, claims: { roles: ['admin'] } });
const outsider = await stranger.mint(hour);
const curl = (method: string, path: string, token: string) =>
  `curl -i ${method === 'GET' ? '' : `-X ${method} `}${server.base}${path} -H 'Authorization: Bearer ${token}'`;

console.log(`jwt-guard multi-tenant example on ${server.base} (audience ${audience})`);
console.log(
  `tenants: acme (${acme.issuer}), globex (${globex.issuer}); not a tenant: ${stranger.issuer}`,
);
console.log('Tokens valid for one hour. Try:\n');
for (const [what, command] of [
  ['acme’s token → 200, tenant acme', curl('GET', '/api/projects', acmeReader)],
  ['globex’s token → 200, tenant globex', curl('GET', '/api/projects', globexAdmin)],
  ['globex admin (realm_access.roles) → 200', curl('DELETE', '/api/projects/7', globexAdmin)],
  [
    'globex, roles in the wrong claim → 403',
    curl('DELETE', '/api/projects/7', globexRolesElsewhere),
  ],
  [
    'a provider no tenant uses → 401 invalid_token, its keys never fetched',
    curl('GET', '/api/whoami', outsider),
  ],
] as const) {
  console.log(`# ${what}\n${command}\n`);
}
console.log('Serving until stopped (Ctrl-C).');

const stop = async () => {
  await server.close();
  await issuers.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
