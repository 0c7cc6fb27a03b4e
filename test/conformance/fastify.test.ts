/**
 * The table against Fastify 5, served by Fastify's own listener on 127.0.0.1. Every row
 * applies: no row has a Fastify-specific answer.
 */
import { createFastifyApp } from './apps/fastify-app.js';
import { describeConformance } from './fixture.js';

describeConformance('fastify', async (config) => {
  const app = await createFastifyApp(config);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, stop: () => app.close() };
});
