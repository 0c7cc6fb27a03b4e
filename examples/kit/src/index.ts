/**
 * The demo runner the examples share: starts a local issuer, starts the example server
 * against it, prints ready-to-paste curl commands with literal tokens, serves until stopped.
 */
import { createTestIssuer } from '@jwt-guard/testing';

/** A started example server. */
export interface DemoServer {
  readonly base: string;
  close(): Promise<void>;
}

/** Starts the example against an issuer and audience. */
export type StartDemo = (auth: { issuer: string; audience: string }) => Promise<DemoServer>;

/**
 * Runs a demo until SIGINT/SIGTERM.
 *
 * @example
 * ```ts
 * await runDemo('Express', async (auth) => listen(createApp(auth), 3000));
 * ```
 */
export async function runDemo(framework: string, start: StartDemo): Promise<void> {
  const issuer = await createTestIssuer({ audience: 'https://api.example.test' });
  const server = await start({ issuer: issuer.issuer, audience: issuer.audience });
  const hour = 3600;
  const reader = await issuer.mint({ expiresIn: hour, claims: { scope: 'read:orders' } });
  const noScope = await issuer.mint({ expiresIn: hour, claims: { scope: 'read:profile' } });
  const expired = await issuer.mint({ expiresIn: -60, claims: { scope: 'read:orders' } });
  const admin = await issuer.mint({ alg: 'ES256', expiresIn: hour, claims: { roles: ['admin'] } });
  const curl = (method: string, path: string, token?: string) =>
    `curl -i ${method === 'GET' ? '' : `-X ${method} `}${server.base}${path}${token ? ` -H 'Authorization: Bearer ${token}'` : ''}`;

  const examples: Array<[string, string]> = [
    [
      'A valid token with scope read:orders → 200 and the orders',
      curl('GET', '/api/orders', reader),
    ],
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
    `jwt-guard ${framework} example on ${server.base} (issuer ${issuer.issuer}, audience ${issuer.audience})`,
  );
  console.log('Tokens valid for one hour. Try:\n');
  for (const [what, command] of examples) console.log(`# ${what}\n${command}\n`);
  console.log('Serving until stopped (Ctrl-C).');

  const stop = async () => {
    await server.close();
    await issuer.close();
    // Let the process end by itself (miniflare still removes its temporary files then);
    // exit anyway if something keeps it alive.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Listens with a Node request listener on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await listenOnLoopback(app, 3000);
 * ```
 */
export async function listenOnLoopback(
  listener: import('node:http').RequestListener,
  port: number,
): Promise<DemoServer> {
  const { createServer } = await import('node:http');
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as import('node:net').AddressInfo;
  return {
    base: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
