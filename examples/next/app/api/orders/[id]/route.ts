/** `DELETE /api/orders/:id`: admins only; `params` is the promise Next gives. */
import { protect } from '../../../../lib/auth';

export const DELETE = protect<{ id: string }>(
  async (_request, { params }) => Response.json({ deleted: (await params).id }),
  { roles: ['admin'] },
);
