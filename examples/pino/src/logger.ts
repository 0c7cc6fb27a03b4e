/** The example's pino logger, and jwt-guard's events as one structured line each. */
import type { EventListener, JwtGuardEvent } from '@jwt-guard/core';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Creates the logger: JSON lines to `destination`, stdout by default.
 *
 * @example
 * ```ts
 * const logger = createLogger();
 * logger.info('ready');
 * ```
 */
export function createLogger(destination?: DestinationStream): Logger {
  const options = { name: 'api' };
  return destination === undefined ? pino(options) : pino(options, destination);
}

// Warn where someone may have to act: the issuer's keys cannot be had, or are served stale,
// or a token was refused for a server-side reason (5xx). A client's bad token is routine.
function levelOf(event: JwtGuardEvent): 'info' | 'warn' {
  switch (event.type) {
    case 'keys-failed':
    case 'keys-stale':
      return 'warn';
    case 'token-refused':
      return event.status >= 500 ? 'warn' : 'info';
    default:
      return 'info';
  }
}

/**
 * An `events` listener that logs each event as one line, the event under `event`. Events
 * carry no token and no claim of a refused token, so the lines carry none either.
 *
 * @example
 * ```ts
 * app.use(jwtAuth({ issuer, audience, events: logEvents(createLogger()) }));
 * ```
 */
export function logEvents(logger: Logger): EventListener {
  return (event) => logger[levelOf(event)]({ event }, 'jwt-guard');
}
