/** The NestJS demo: a local issuer and the example API on 127.0.0.1 (PORT, default 3007). */
import { runDemo } from '@jwt-guard/example-kit';
import { createApp } from './app.js';

await runDemo('NestJS', async (auth) => {
  const app = await createApp(auth);
  await app.listen(Number(process.env.PORT ?? 3007), '127.0.0.1');
  return { base: await app.getUrl(), close: () => app.close() };
});
