/** What every conformance app is built from; the same routes in every framework. */
import type { JwksOptions } from '@jwt-guard/core';

/** Issuer settings of a conformance app. */
export interface AppConfig {
  readonly issuer: string;
  readonly audience: string;
  /** An issuer URL nothing listens on, behind `/down`. */
  readonly downIssuer: string;
  /** Key set timings, for runs that exercise refreshes (the soak). Default: the library's. */
  readonly jwks?: JwksOptions;
}

/** Body of a route whose handler ran. */
export const handled = (handler: string, sub: unknown) => JSON.stringify({ handler, sub });
