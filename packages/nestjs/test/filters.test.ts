/**
 * A refusal keeps its status, challenge and body when the app has its own catch-all
 * `@Catch()` filter, registered either way Nest offers (`app.useGlobalFilters` and
 * `APP_FILTER`), on both platforms; every other error still reaches the app's filter.
 */
import 'reflect-metadata';
import { JwtGuardModule } from '@jwt-guard/nestjs';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { type ArgumentsHost, Catch, type ExceptionFilter, Module } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutesController } from './app.js';
import { PLATFORMS, type Served, serve } from './serve.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

/** The catch-all of Nest's documentation: answers everything 418 with its own JSON. */
@Catch()
class CatchEverything implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  catch(_exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    httpAdapter.reply(host.switchToHttp().getResponse(), { caughtBy: 'app' }, 418);
  }
}

const REGISTRATIONS = ['useGlobalFilters', 'APP_FILTER'] as const;

describe.each(PLATFORMS)('an app with a catch-all filter, on %s', (platform) => {
  describe.each(REGISTRATIONS)('registered with %s', (registration) => {
    let served: Served;
    beforeAll(async () => {
      @Module({
        imports: [JwtGuardModule.forRoot({ issuer: issuer.issuer, audience: issuer.audience })],
        controllers: [RoutesController],
        providers:
          registration === 'APP_FILTER' ? [{ provide: APP_FILTER, useClass: CatchEverything }] : [],
      })
      class AppModule {}
      served = await serve(AppModule, platform, (app) => {
        if (registration === 'useGlobalFilters')
          app.useGlobalFilters(new CatchEverything(app.get(HttpAdapterHost)));
      });
    });
    afterAll(() => served.close());

    it('still answers a refusal with its status, challenge and body', async () => {
      const response = await fetch(`${served.base}/me`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(await response.text()).toBe('Authentication is required');
    });

    it('still answers a guard refusal (403) the same way', async () => {
      const token = await issuer.mint({ claims: { scope: 'read:orders' } });
      const response = await fetch(`${served.base}/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(await response.text()).toBe('The access token lacks a required scope');
    });

    it("leaves every other error to the app's filter", async () => {
      const token = await issuer.mint({ claims: { scope: 'read:orders' } });
      const response = await fetch(`${served.base}/boom`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(418);
      expect(await response.json()).toEqual({ caughtBy: 'app' });
    });
  });
});
