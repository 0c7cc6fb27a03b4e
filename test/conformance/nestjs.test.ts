/**
 * The table against NestJS 11 on both platforms, each app served by `app.listen(0)`: every
 * row runs through `JwtAuthGuard`, the route decorators and the module's exception filter.
 */
import { createNestApp, type NestPlatform } from './apps/nest-app.js';
import { describeConformance } from './fixture.js';

const PLATFORMS: readonly NestPlatform[] = ['express', 'fastify'];

for (const platform of PLATFORMS) {
  describeConformance(`nestjs on ${platform}`, async (config) => {
    const app = await createNestApp(config, platform);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return { base: `http://127.0.0.1:${port}`, stop: () => app.close() };
  });
}
