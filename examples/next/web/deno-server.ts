/**
 * `@jwt-guard/next` without Next: `protect.authenticate(request)` in a `Deno.serve` handler.
 * Run: `deno run --allow-net --allow-env web/deno-server.ts`.
 */
import { JwtGuardError, jwtAuth, refusalResponse } from '@jwt-guard/next';

declare const Deno: {
  readonly env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen: (address: { port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

const protect = jwtAuth({
  issuer: Deno.env.get('JWT_ISSUER')!,
  audience: Deno.env.get('JWT_AUDIENCE')!,
});

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 8000),
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  async (request) => {
    try {
      const auth = await protect.authenticate(request);
      return Response.json({ sub: auth.payload.sub });
    } catch (error) {
      if (error instanceof JwtGuardError) return refusalResponse(error);
      throw error;
    }
  },
);
