/**
 * `forRootAsync` with `ConfigService` (the global guard registered, as by `forRoot`), a
 * module told `globalGuard: false` with `@UseGuards(JwtAuthGuard)` per controller, and an
 * app's own service that injects the package's `JwtGuardService` by type, from the built `dist`.
 */
import 'reflect-metadata';
import {
  JwtAuthGuard,
  JwtGuardModule,
  type JwtGuardOptions,
  JwtGuardService,
} from '@jwt-guard/nestjs';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Controller, Get, Injectable, Module, Req, UseGuards } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutesController } from './app.js';
import { PLATFORMS, type Served, serve } from './serve.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An app's service, injected with the package's service by its type alone (no `@Inject`). */
@Injectable()
class WhoAmI {
  constructor(readonly jwt: JwtGuardService) {}
  async subject(request: object): Promise<string | undefined> {
    return (await this.jwt.authenticate(request))?.payload.sub;
  }
}

@Controller('open')
class OpenController {
  constructor(private readonly whoAmI: WhoAmI) {}
  @Get()
  async open(@Req() request: object) {
    return { sub: await this.whoAmI.subject(request) };
  }
}

@UseGuards(JwtAuthGuard)
@Controller('guarded')
class GuardedController {
  @Get()
  guarded() {
    return { guarded: true };
  }
}

describe.each(PLATFORMS)('JwtGuardModule.forRootAsync with ConfigService, on %s', (platform) => {
  let served: Served;
  beforeAll(async () => {
    @Module({
      imports: [
        JwtGuardModule.forRootAsync({
          imports: [
            ConfigModule.forRoot({
              ignoreEnvFile: true,
              load: [() => ({ AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience })],
            }),
          ],
          inject: [ConfigService],
          useFactory: (config: ConfigService): JwtGuardOptions => ({
            issuer: config.getOrThrow<string>('AUTH_ISSUER'),
            audience: config.getOrThrow<string>('AUTH_AUDIENCE'),
          }),
        }),
      ],
      controllers: [RoutesController],
    })
    class AppModule {}
    served = await serve(AppModule, platform);
  });
  afterAll(() => served.close());

  it('verifies with the options the factory made from the configuration', async () => {
    const token = await issuer.mint({ claims: { sub: 'from-config', scope: 'read:orders' } });
    const response = await fetch(`${served.base}/me`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect((await response.json()).sub).toBe('from-config');
  });

  it('registers the global guard, as forRoot does', async () => {
    const response = await fetch(`${served.base}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });
});

describe.each(PLATFORMS)('globalGuard: false, the guard per controller, on %s', (platform) => {
  let served: Served;
  beforeAll(async () => {
    @Module({
      imports: [
        JwtGuardModule.forRoot(
          { issuer: issuer.issuer, audience: issuer.audience },
          { globalGuard: false },
        ),
      ],
      controllers: [OpenController, GuardedController],
      providers: [WhoAmI],
    })
    class AppModule {}
    served = await serve(AppModule, platform);
  });
  afterAll(() => served.close());

  it("answers a refusal thrown by the app's own code through the module filter", async () => {
    const response = await fetch(`${served.base}/open`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it('injects the package service into an app service by type', async () => {
    const token = await issuer.mint({ claims: { sub: 'by-type' } });
    const response = await fetch(`${served.base}/open`, { headers: bearer(token) });
    expect(await response.json()).toEqual({ sub: 'by-type' });
  });

  it('guards the controller that asks for JwtAuthGuard, through the module filter', async () => {
    const refused = await fetch(`${served.base}/guarded`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const token = await issuer.mint();
    const allowed = await fetch(`${served.base}/guarded`, { headers: bearer(token) });
    expect(allowed.status).toBe(200);
  });
});

describe('the built package', () => {
  it('carries the constructor types Nest injects by', () => {
    const types = (target: object) => Reflect.getMetadata('design:paramtypes', target);
    expect(types(JwtAuthGuard)?.[0]).toBe(JwtGuardService);
    expect(types(WhoAmI)).toEqual([JwtGuardService]);
  });

  it('is the dist build, not the sources', () => {
    expect(import.meta.resolve('@jwt-guard/nestjs')).toMatch(
      /\/packages\/nestjs\/dist\/index\.js$/,
    );
  });
});
