/** What every conformance app is built from; the same routes in every framework. */

/** Issuer settings of a conformance app. */
export interface AppConfig {
  readonly issuer: string;
  readonly audience: string;
  /** An issuer URL nothing listens on, behind `/down`. */
  readonly downIssuer: string;
}

/** Body of a route whose handler ran. */
export const handled = (handler: string, sub: unknown) => JSON.stringify({ handler, sub });
