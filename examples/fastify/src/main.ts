/** The Fastify demo: a local issuer and the example API on 127.0.0.1 (PORT, default 3006). */
import { runDemo } from '@jwt-guard/example-kit';
import { createApp } from './app.js';

await runDemo('Fastify', async (auth) => {
  const app = await createApp(auth, { logger: true });
  const base = await app.listen({ port: Number(process.env.PORT ?? 3006), host: '127.0.0.1' });
  return { base, close: () => app.close() };
});
