/** After: the passport-jwt app on @jwt-guard/nestjs. */
import 'reflect-metadata';
import { Auth, type AuthInfo, JwtGuardModule } from '@jwt-guard/nestjs';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IssuerTarget } from './target.js';

@Controller()
class MeController {
  // The module's guard is global: no @UseGuards, and @Public() opts a route out.
  @Get('me')
  me(@Auth() auth: AuthInfo) {
    return { sub: auth.payload.sub };
  }
}

/**
 * The same app after the migration: no strategy; the issuer's discovery finds the JWKS, the
 * claims are `auth.payload` (`request.auth`), and a refusal carries its status and challenge.
 *
 * @example
 * ```ts
 * (await createApp(target)).listen(3000);
 * ```
 */
export async function createApp({ issuer, audience }: IssuerTarget): Promise<INestApplication> {
  @Module({
    imports: [JwtGuardModule.forRoot({ issuer, audience, algorithms: ['RS256'] })],
    controllers: [MeController],
  })
  class AppModule {}
  return NestFactory.create(AppModule, { logger: false });
}
