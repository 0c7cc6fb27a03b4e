/**
 * The Google preset, for Google-signed ID tokens: a user's Sign-In token sent to your
 * backend, or the token a service account mints for a target audience (service to service,
 * Cloud Run, Cloud Functions). Google access tokens are opaque strings, not JWTs: they
 * cannot be verified locally, and this preset does not accept them.
 */
import type { IssuerConfig, IssuerResolver } from '../verify/verifier-options.js';
import type { PresetOptions } from './types.js';
import { baseUrl, optionsObject, presetOptions, stringList } from './validate.js';

/**
 * Options of {@link google}.
 *
 * @example
 * ```ts
 * const options: GooglePresetOptions = { audience: '1234-abc.apps.googleusercontent.com', hostedDomain: 'example.com' };
 * ```
 */
export interface GooglePresetOptions {
  /** Your OAuth client id(s), or the audience service-account tokens are minted for. Required. */
  readonly audience: string | readonly string[];
  /** Accept only accounts of these Google Workspace domains (`hd`). Default: any account. */
  readonly hostedDomain?: string | readonly string[];
  /**
   * Another OpenID issuer in Google's place, for tests: its discovery document names its
   * keys. Default: Google (`https://accounts.google.com` and `accounts.google.com`).
   */
  readonly issuer?: string;
}

/** Google writes its issuer both ways (OpenID Connect clients must accept both). */
const GOOGLE_ISSUERS: ReadonlySet<string> = new Set([
  'https://accounts.google.com',
  'accounts.google.com',
]);
const GOOGLE_KEYS: IssuerConfig = Object.freeze({
  jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
});

// A resolver, as both spellings share one key set: one `jwksUri` beside a list of issuers
// would be ambiguous, and `accounts.google.com` is no URL to discover keys from.
const googleIssuers: IssuerResolver = (iss) => (GOOGLE_ISSUERS.has(iss) ? GOOGLE_KEYS : undefined);

/**
 * Options for Google ID tokens: both issuer spellings (through a resolver), RS256, keys at
 * `https://www.googleapis.com/oauth2/v3/certs`, `aud` one of yours, and `hd` one of your
 * Workspace domains when `hostedDomain` is given.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.google({
 *   audience: '1234-abc.apps.googleusercontent.com',
 *   hostedDomain: 'example.com',
 * })));
 * ```
 */
export function google(options: GooglePresetOptions): PresetOptions {
  const { audience, hostedDomain, issuer } = optionsObject('google', options);
  return presetOptions({
    issuer:
      issuer === undefined ? googleIssuers : baseUrl('google', 'issuer', issuer, { path: true }),
    audience: stringList('google', 'audience', audience),
    algorithms: Object.freeze(['RS256']),
    claims:
      hostedDomain === undefined
        ? undefined
        : { hd: stringList('google', 'hostedDomain', hostedDomain) },
  });
}
