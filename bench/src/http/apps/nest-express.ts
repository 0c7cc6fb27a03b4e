/**
 * The NestJS app (Express platform): the JSON route behind no guard, a no-op guard, ours
 * (the module's global guard), or passport-jwt with jwks-rsa through @nestjs/passport.
 */
import 'reflect-metadata';
import type { RequestListener } from 'node:http';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Module,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

// The floor of an auth guard: read the header, attach it, let the request through.
class NoopGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    request.auth = request.headers.authorization;
    return true;
  }
}

function controller(guards: (CanActivate | Type<CanActivate>)[]): Type {
  @UseGuards(...guards)
  @Controller()
  class HelloController {
    @Get(ROUTE.slice(1))
    hello() {
      return BODY;
    }
  }
  return HelloController;
}

async function moduleFor(auth: string, target: IssuerTarget): Promise<Type> {
  const { issuer, audience, jwksUri } = target;
  if (auth === 'ours') {
    // Loaded only here, so the peers' servers never load (or wait on a rebuild of) ours.
    const { JwtGuardModule } = await import('@jwt-guard/nestjs');
    @Module({
      imports: [JwtGuardModule.forRoot({ issuer, audience })],
      controllers: [controller([])],
    })
    class OursModule {}
    return OursModule;
  }
  if (auth === 'passport-jwt') {
    const { AuthGuard, PassportModule, PassportStrategy } = await import('@nestjs/passport');
    const { ExtractJwt, Strategy } = await import('passport-jwt');
    const { passportJwtSecret } = await import('jwks-rsa');
    class JwtStrategy extends PassportStrategy(Strategy) {
      constructor() {
        super({
          secretOrKeyProvider: passportJwtSecret({ jwksUri, cache: true, rateLimit: true }),
          jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
          issuer,
          audience,
          algorithms: ['RS256', 'ES256'],
        });
      }
      validate(payload: object) {
        return payload;
      }
    }
    @Module({
      imports: [PassportModule],
      controllers: [controller([AuthGuard('jwt')])],
      providers: [{ provide: JwtStrategy, useFactory: () => new JwtStrategy() }],
    })
    class PassportJwtModule {}
    return PassportJwtModule;
  }
  if (auth !== 'none' && auth !== 'noop') throw new TypeError(`unknown nest auth ${auth}`);
  @Module({ controllers: [controller(auth === 'noop' ? [new NoopGuard()] : [])] })
  class PlainModule {}
  return PlainModule;
}

/**
 * Builds the Nest app for `auth` (`none`, `noop`, `ours`, `passport-jwt`) and returns its
 * Express instance as the request listener.
 *
 * @example
 * ```ts
 * createServer(await nestExpressApp('ours', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function nestExpressApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const app: INestApplication = await NestFactory.create(
    await moduleFor(auth, target),
    new ExpressAdapter(),
    { logger: false },
  );
  await app.init();
  return app.getHttpAdapter().getInstance();
}
