/** `GET /api/me`: any valid token; the check is here, in the route handler. */
import { protect } from '../../../lib/auth';

export const GET = protect(async (_request, { auth }) =>
  Response.json({ sub: auth.payload.sub, scope: auth.payload.scope }),
);
