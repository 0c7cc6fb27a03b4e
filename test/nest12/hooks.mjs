// Loads NestJS 12 wherever `@nestjs/common`, `core` or a platform is asked for (by our
// built package, by Nest's own modules, by this app): the test package installs 12 under
// npm aliases beside 11, and Node resolves the bare names to 11 otherwise.
import { registerHooks } from 'node:module';

const MAJOR_12 = /^@nestjs\/(common|core|platform-express|platform-fastify)(\/.*)?$/;
const here = new URL('../package.json', import.meta.url).href;

registerHooks({
  resolve(specifier, context, next) {
    const match = MAJOR_12.exec(specifier);
    if (match === null) return next(specifier, context);
    return next(`nest12-${match[1]}${match[2] ?? ''}`, { ...context, parentURL: here });
  },
});
