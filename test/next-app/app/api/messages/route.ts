/** `GET /api/messages` on the Node runtime (the default): the token must hold `read:messages`. */
import { protect } from '../../../lib/auth';

export const GET = protect(
  async (_request, { auth }) => Response.json({ sub: auth.payload.sub, runtime: 'nodejs' }),
  {
    scopes: ['read:messages'],
  },
);
