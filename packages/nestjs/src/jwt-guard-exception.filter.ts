/** Answers a `JwtGuardError` with its status, challenge and text body, on either platform. */

import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * The module's filter, put before the app's own global filters (see `JwtGuardModule`), so
 * that a catch-all `@Catch()` filter does not turn a refusal into its own answer.
 *
 * @example
 * ```ts
 * app.useGlobalFilters(app.get(JwtGuardExceptionFilter)); // only without JwtGuardModule
 * ```
 */
@Catch(JwtGuardError)
@Injectable()
export class JwtGuardExceptionFilter implements ExceptionFilter<JwtGuardError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: JwtGuardError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (httpAdapter.isHeadersSent(response)) return;
    const { status, headers, body } = toErrorResponse(error);
    for (const [name, value] of Object.entries(headers))
      httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, status);
  }
}
