/**
 * `@jwt-guard/next` without Next: a SvelteKit endpoint (`src/routes/api/me/+server.ts`).
 * An Astro endpoint (`src/pages/api/me.ts`) is the same function: it too gets `{ request }`.
 */
import { JwtGuardError, jwtAuth, refusalResponse } from '@jwt-guard/next';

const protect = jwtAuth({
  issuer: process.env.JWT_ISSUER!,
  audience: process.env.JWT_AUDIENCE!,
});

/** `GET /api/me`: typed `RequestHandler` in a SvelteKit app, `APIRoute` in an Astro one. */
export async function GET({ request }: { request: Request }): Promise<Response> {
  try {
    const auth = await protect.authenticate(request);
    return Response.json({ sub: auth.payload.sub });
  } catch (error) {
    if (error instanceof JwtGuardError) return refusalResponse(error);
    throw error;
  }
}
