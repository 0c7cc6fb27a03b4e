/**
 * `@jwt-guard/next` without Next: `protect.authenticate(request)` in a `Bun.serve` handler.
 * Run: `JWT_ISSUER=… JWT_AUDIENCE=… bun web/bun-server.ts`.
 */
import { JwtGuardError, jwtAuth, refusalResponse } from '@jwt-guard/next';

declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request) => Promise<Response>;
  }): { readonly url: URL };
};

const protect = jwtAuth({ issuer: Bun.env.JWT_ISSUER!, audience: Bun.env.JWT_AUDIENCE! });

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.env.PORT ?? 3000),
  async fetch(request) {
    try {
      const auth = await protect.authenticate(request);
      return Response.json({ sub: auth.payload.sub });
    } catch (error) {
      if (error instanceof JwtGuardError) return refusalResponse(error);
      throw error;
    }
  },
});
console.log(`listening on ${server.url.origin}`);
