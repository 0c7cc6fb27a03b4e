/** Starts the browser example on loopback, with its origin on `localhost`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFirstPartyApp, type FirstPartyAppOptions } from './app.js';

/** Options of {@link startFirstParty}: the app's, less the origin, which the port decides. */
export interface StartOptions extends Omit<FirstPartyAppOptions, 'origin'> {
  /** The port on 127.0.0.1; `0` picks a free one. */
  readonly port: number;
}

/** A running example. */
export interface RunningFirstParty {
  /** `http://localhost:<port>`: what the browser opens, and the tokens' issuer. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 and names the origin `http://localhost:<port>`: browsers treat
 * `localhost` as a secure context, so they keep the `__Host-` refresh cookie (which must be
 * `Secure`) over plain http there, and the page's origin is the issuer's.
 *
 * @example
 * ```ts
 * const running = await startFirstParty({ port: 3000, users, encryptionSecret });
 * console.log(`open ${running.origin}`);
 * ```
 */
export async function startFirstParty(options: StartOptions): Promise<RunningFirstParty> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const { app, tokens } = createFirstPartyApp({ ...options, origin });
  server.on('request', app);
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        tokens.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
