/**
 * The token-endpoint conformance app on Deno: `Deno.serve` on 127.0.0.1, any free port,
 * printed as `listening on http://127.0.0.1:PORT`. Exits when its stdin closes.
 */
import { createTokenAppFetch } from './token-app.js';

// The few Deno APIs used here; the Deno namespace types are not on npm.
declare const Deno: {
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> };
  serve(
    options: { hostname: string; port: number; onListen: (address: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
  exit(code?: number): never;
};

const server = Deno.serve(
  {
    hostname: '127.0.0.1',
    port: 0,
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  createTokenAppFetch(),
);

await Deno.stdin.readable.pipeTo(new WritableStream());
await server.shutdown();
Deno.exit(0);
