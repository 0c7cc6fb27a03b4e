/** Another site: pages that try to use the victim's refresh cookie from outside the app. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running attacker site. */
export interface Attacker {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `/form`, an HTML form that posts `grant_type=refresh_token` to `tokenUrl` as soon
 * as it loads (the classic CSRF), and `/`, an empty page to run scripts from. It listens on
 * 127.0.0.1: opened as `http://127.0.0.1:<port>` it is another site than
 * `http://localhost:<app port>`; opened as `http://localhost:<port>` it is the same site
 * (ports do not count) but another origin.
 */
export async function startAttacker(tokenUrl: string): Promise<Attacker> {
  const form = `<!doctype html><form method="post" action="${tokenUrl}">
<input type="hidden" name="grant_type" value="refresh_token"></form>
<script>document.forms[0].submit()</script>`;
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(req.url === '/form' ? form : '<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
