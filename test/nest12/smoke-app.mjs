// A small Nest app on NestJS 12 (loaded through ./hooks.mjs), on both platforms, answering
// the smoke requests the parent test sends. Plain JavaScript: the decorators are applied
// as the compiler would apply them. Prints one JSON line of what it saw, then exits.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Auth, JwtGuardModule, Public, Scopes } from '@jwt-guard/nestjs';
import { Catch, Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const { issuer, audience, tokens } = JSON.parse(process.argv[2]);

class RoutesController {
  open() {
    return { open: true };
  }
  me(auth) {
    return { sub: auth.payload.sub };
  }
  orders() {
    return { orders: [] };
  }
}
const route = (name, ...decorators) => {
  const descriptor = Object.getOwnPropertyDescriptor(RoutesController.prototype, name);
  for (const decorate of decorators) decorate(RoutesController.prototype, name, descriptor);
};
route('open', Get('public'), Public());
route('me', Get('me'));
Auth()(RoutesController.prototype, 'me', 0);
route('orders', Get('orders'), Scopes('read:orders'));
Controller()(RoutesController);

// An app's catch-all filter: answers everything 418, unless the module's filter comes first.
class CatchEverything {
  catch(_exception, host) {
    host.switchToHttp().getResponse().status(418).send('caught by the app');
  }
}
Catch()(CatchEverything);

class AppModule {}
Module({
  imports: [JwtGuardModule.forRoot({ issuer, audience })],
  controllers: [RoutesController],
})(AppModule);

const require = createRequire(import.meta.url);
const seen = { core: require('@nestjs/core/package.json').version };
for (const [platform, Adapter] of [
  ['express', ExpressAdapter],
  ['fastify', FastifyAdapter],
]) {
  const app = await NestFactory.create(AppModule, new Adapter(), { logger: false });
  // biome-ignore lint/correctness/useHookAtTopLevel: Nest's useGlobalFilters is not a React hook
  app.useGlobalFilters(new CatchEverything());
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  const send = async (path, token) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: await response.text(),
    };
  };
  seen[platform] = {
    public: await send('/public'),
    missing: await send('/me'),
    me: await send('/me', tokens.reader),
    noScope: await send('/orders', tokens.profile),
    orders: await send('/orders', tokens.reader),
  };
  await app.close();
}
console.log(JSON.stringify(seen));
