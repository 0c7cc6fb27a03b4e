/** The module: the authenticator's options, `JwtAuthGuard` as `APP_GUARD`, its filter first. */

import type { ProtectedResourceMetadataOptions } from '@jwt-guard/core/adapter';
import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  Inject,
  type MiddlewareConsumer,
  Module,
  type ModuleMetadata,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD, ApplicationConfig } from '@nestjs/core';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JWT_GUARD_OPTIONS, type JwtGuardOptions, JwtGuardService } from './jwt-guard.service.js';
import { JwtGuardExceptionFilter } from './jwt-guard-exception.filter.js';
import { JwtHandshakeGuard } from './jwt-handshake.guard.js';
import { protectedResourceMetadata } from './resource-metadata.js';

/** How the module registers its guard. */
export interface JwtGuardModuleSettings {
  /** Register `JwtAuthGuard` for every route (`APP_GUARD`). Default `true`; `false` to apply it per controller. */
  readonly globalGuard?: boolean;
  /**
   * Serve the API's protected-resource metadata (RFC 9728) at its well-known path, for GET
   * and HEAD. Name its URL in the options' `challenge.resourceMetadata`. Default: none.
   */
  readonly resourceMetadata?: ProtectedResourceMetadataOptions;
}

const JWT_GUARD_SETTINGS = Symbol.for('jwt-guard.nestjs.settings');

/** `forRootAsync`'s options: a factory for the options, and what it needs. */
export interface JwtGuardAsyncOptions extends JwtGuardModuleSettings {
  readonly imports?: ModuleMetadata['imports'];
  readonly useFactory: (...args: never[]) => JwtGuardOptions | Promise<JwtGuardOptions>;
  readonly inject?: FactoryProvider['inject'];
}

/**
 * JWT authentication for a Nest app, global (its service and guards inject anywhere).
 *
 * @example
 * ```ts
 * @Module({ imports: [JwtGuardModule.forRoot({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' })] })
 * export class AppModule {}
 * ```
 */
@Global()
@Module({})
export class JwtGuardModule implements NestModule {
  constructor(
    private readonly config: ApplicationConfig,
    private readonly filter: JwtGuardExceptionFilter,
    @Inject(JWT_GUARD_SETTINGS) private readonly settings: JwtGuardModuleSettings,
  ) {}

  /** With options known at import; `settings.globalGuard: false` to skip `APP_GUARD`. */
  static forRoot(options: JwtGuardOptions, settings: JwtGuardModuleSettings = {}): DynamicModule {
    return JwtGuardModule.forRootAsync({ ...settings, useFactory: () => options });
  }

  /**
   * With options from a factory (`inject: [ConfigService]`). Registers the global guard
   * too, as `forRoot` does, unless `globalGuard: false`.
   */
  static forRootAsync(options: JwtGuardAsyncOptions): DynamicModule {
    const { imports = [], useFactory, inject = [], ...settings } = options;
    const exported = [JwtGuardService, JwtAuthGuard, JwtGuardExceptionFilter, JwtHandshakeGuard];
    const guard = { provide: APP_GUARD, useExisting: JwtAuthGuard };
    const providers = [
      { provide: JWT_GUARD_OPTIONS, useFactory, inject },
      { provide: JWT_GUARD_SETTINGS, useValue: settings },
      ...exported,
      ...(settings.globalGuard === false ? [] : [guard]),
    ];
    return { module: JwtGuardModule, imports, providers, exports: exported };
  }

  // Called by Nest while it builds the app, after `app.useGlobalFilters(...)` and before the
  // routes are bound: the last global filter added is the first Nest consults.
  configure(consumer: MiddlewareConsumer): void {
    this.config.addGlobalFilter(this.filter);
    if (this.settings.resourceMetadata === undefined) return;
    const serve = protectedResourceMetadata(this.settings.resourceMetadata);
    consumer.apply(serve).forRoutes(serve.metadata.path);
  }
}
