/**
 * The token-endpoint conformance app on Bun: `Bun.serve` on 127.0.0.1, any free port,
 * printed as `listening on http://127.0.0.1:PORT`. Exits when its stdin closes.
 */
import { createTokenAppFetch } from './token-app.js';

// The few Bun APIs used here; bun-types would bring its own copies of the DOM globals.
declare const Bun: {
  readonly stdin: { stream(): ReadableStream<Uint8Array> };
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Response | Promise<Response>;
  }): { readonly port: number; stop(closeActiveConnections?: boolean): void };
};

const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: createTokenAppFetch() });
console.log(`listening on http://127.0.0.1:${server.port}`);

await Bun.stdin.stream().pipeTo(new WritableStream());
server.stop(true);
