/**
 * Before: NestJS with @nestjs/passport, passport-jwt and jwks-rsa's key lookup, as their
 * READMEs set it up (the strategy validates, `AuthGuard('jwt')` guards, `req.user` holds the claims).
 */
import 'reflect-metadata';
import {
  Controller,
  Get,
  type INestApplication,
  Inject,
  Injectable,
  Module,
  Req,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { IssuerTarget } from './target.js';

const TARGET = Symbol('issuer target');

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(TARGET) { issuer, audience, jwksUri }: IssuerTarget) {
    super({
      secretOrKeyProvider: passportJwtSecret({ jwksUri, cache: true, rateLimit: true }),
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      issuer,
      audience,
      algorithms: ['RS256'],
    });
  }

  validate(payload: { sub?: string }) {
    return payload;
  }
}

@Controller()
class MeController {
  @UseGuards(AuthGuard('jwt'))
  @Get('me')
  me(@Req() req: { user: { sub?: string } }) {
    return { sub: req.user.sub };
  }
}

/**
 * The app before the migration, not yet listening.
 *
 * @example
 * ```ts
 * (await createApp(target)).listen(3000);
 * ```
 */
export async function createApp(target: IssuerTarget): Promise<INestApplication> {
  @Module({
    imports: [PassportModule],
    controllers: [MeController],
    providers: [{ provide: TARGET, useValue: target }, JwtStrategy],
  })
  class AppModule {}
  return NestFactory.create(AppModule, { logger: false });
}
