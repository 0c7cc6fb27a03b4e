/** Starts a Nest app on either platform with `app.listen(0)` on 127.0.0.1, for the tests. */
import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** The two platforms every test runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A running app: its base URL and how to stop it. */
export interface Served {
  readonly app: INestApplication;
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Creates `module`'s app on `platform`, lets `setUp` configure it (global filters, a
 * WebSocket adapter), and listens on a free port.
 *
 * @example
 * ```ts
 * const { base, close } = await serve(AppModule, 'fastify');
 * ```
 */
export async function serve(
  module: Type,
  platform: Platform,
  setUp: (app: INestApplication) => void = () => {},
): Promise<Served> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(module, adapter, { logger: false, abortOnError: false });
  setUp(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base, close: () => app.close() };
}
