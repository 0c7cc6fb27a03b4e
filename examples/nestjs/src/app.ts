/** The example app: the module, with jwt-guard's global guard, on Nest's Express platform. */
import 'reflect-metadata';
import { JwtGuardModule, type JwtGuardOptions } from '@jwt-guard/nestjs';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

/**
 * Builds the API for an issuer and audience, not yet listening.
 *
 * @example
 * ```ts
 * const app = await createApp({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * await app.listen(3000);
 * ```
 */
export async function createApp(auth: JwtGuardOptions): Promise<INestApplication> {
  @Module({
    imports: [JwtGuardModule.forRoot(auth)],
    controllers: [OrdersController],
    providers: [OrdersService],
  })
  class AppModule {}
  return NestFactory.create(AppModule, { logger: ['error', 'warn'] });
}
