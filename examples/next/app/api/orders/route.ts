/** `GET /api/orders`: the token must hold `read:orders` (403 `insufficient_scope` otherwise). */
import { protect } from '../../../lib/auth';

export const GET = protect(async () => Response.json({ orders: [{ id: 1, total: 42 }] }), {
  scopes: ['read:orders'],
});
