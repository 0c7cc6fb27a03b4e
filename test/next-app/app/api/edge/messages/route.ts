/** `GET /api/edge/messages` on the Edge runtime: the same check, with Web APIs only. */
import { protect } from '../../../../lib/auth';

export const runtime = 'edge';

export const GET = protect(
  async (_request, { auth }) => Response.json({ sub: auth.payload.sub, runtime: 'edge' }),
  {
    scopes: ['read:messages'],
  },
);
