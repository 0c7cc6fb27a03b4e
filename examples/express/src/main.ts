/**
 * The demo: starts a local issuer and the example API on 127.0.0.1, then prints
 * ready-to-paste curl commands. No outside service is needed. Stop it with Ctrl-C.
 */
import { createTestIssuer } from '@jwt-guard/testing';
import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const issuer = await createTestIssuer({ audience: 'https://api.example.test' });
const app = createApp({ issuer: issuer.issuer, audience: issuer.audience });
const server = app.listen(port, '127.0.0.1');
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
const base = `http://127.0.0.1:${port}`;

const hour = 3600;
const reader = await issuer.mint({ expiresIn: hour, claims: { scope: 'read:orders' } });
const noScope = await issuer.mint({ expiresIn: hour, claims: { scope: 'read:profile' } });
const expired = await issuer.mint({ expiresIn: -60, claims: { scope: 'read:orders' } });
const admin = await issuer.mint({ alg: 'ES256', expiresIn: hour, claims: { roles: ['admin'] } });

const curl = (method: string, path: string, token?: string) =>
  `curl -i ${method === 'GET' ? '' : `-X ${method} `}${base}${path}${token ? ` -H 'Authorization: Bearer ${token}'` : ''}`;

const examples: Array<[string, string]> = [
  ['A valid token with scope read:orders → 200 and the orders', curl('GET', '/api/orders', reader)],
  [
    'A valid token without read:orders → 403, WWW-Authenticate: Bearer realm="api", error="insufficient_scope", …, scope="read:orders"',
    curl('GET', '/api/orders', noScope),
  ],
  [
    'An expired token → 401, WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
    curl('GET', '/api/orders', expired),
  ],
  ['No token → 401, WWW-Authenticate: Bearer realm="api"', curl('GET', '/api/orders')],
  [
    'An admin token (ES256, role admin) → 200 on the role-guarded route',
    curl('DELETE', '/api/orders/1', admin),
  ],
  [
    'A non-admin token on the role-guarded route → 403 insufficient_scope',
    curl('DELETE', '/api/orders/1', reader),
  ],
];

console.log(
  `jwt-guard example API on ${base} (issuer ${issuer.issuer}, audience ${issuer.audience})`,
);
console.log('Tokens valid for one hour. Try:\n');
for (const [what, command] of examples) console.log(`# ${what}\n${command}\n`);
console.log('Serving until stopped (Ctrl-C).');

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await issuer.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
