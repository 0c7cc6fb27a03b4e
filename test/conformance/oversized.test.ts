/**
 * A 1 MiB token on every Node adapter: refused before any parsing (Node's own header limit
 * answers 431), and the server keeps serving.
 */
import { createTestIssuer } from '@jwt-guard/testing';
import { describe, expect, it } from 'vitest';
import { CURRENT_MAJORS, listen, PREVIOUS_MAJORS } from './node-targets.js';
import { send } from './send.js';

// Node answers 431 and closes the connection. Node 24 closes it while the client may still
// be writing the megabyte: the client then sees the reset before it can read the 431. Either
// way the request was refused unread; what matters next is that the server stays up.
async function refusal(base: string, request: Parameters<typeof send>[1]): Promise<string> {
  try {
    return String((await send(base, request)).status);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset before the answer was read';
    throw error;
  }
}
const REFUSED = ['431', 'reset before the answer was read'];

describe.each([...CURRENT_MAJORS, ...PREVIOUS_MAJORS])('%s: oversized input', (_name, listener) => {
  it('refuses a 1 MiB token in the header or the query and stays up', async () => {
    const issuer = await createTestIssuer();
    const server = await listen(
      listener({
        issuer: issuer.issuer,
        audience: issuer.audience,
        downIssuer: 'http://127.0.0.1:1',
      }),
    );
    try {
      const huge = 'a'.repeat(1 << 20);
      const viaHeader = await refusal(server.base, {
        path: '/me',
        headers: [['authorization', `Bearer ${huge}`]],
      });
      expect(REFUSED).toContain(viaHeader);
      const viaQuery = await refusal(server.base, { path: `/me?access_token=${huge}` });
      expect(REFUSED).toContain(viaQuery);
      const token = await issuer.mint();
      const after = await send(server.base, {
        path: '/me',
        headers: [['authorization', `Bearer ${token}`]],
      });
      expect(after.status).toBe(200);
    } finally {
      await server.stop();
      await issuer.close();
    }
  });
});
