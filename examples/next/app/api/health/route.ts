/** `GET /api/health`: public. */
export const GET = () => Response.json({ status: 'ok' });
