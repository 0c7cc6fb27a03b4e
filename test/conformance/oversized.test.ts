/**
 * A 1 MiB token on every Node adapter: refused before any parsing (Node's own header limit
 * answers 431), and the server keeps serving.
 */
import { createTestIssuer } from '@jwt-guard/testing';
import { describe, expect, it } from 'vitest';
import { CURRENT_MAJORS, listen, PREVIOUS_MAJORS } from './node-targets.js';
import { send } from './send.js';

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
      const viaHeader = await send(server.base, {
        path: '/me',
        headers: [['authorization', `Bearer ${huge}`]],
      });
      expect(viaHeader.status).toBe(431);
      const viaQuery = await send(server.base, { path: `/me?access_token=${huge}` });
      expect(viaQuery.status).toBe(431);
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
