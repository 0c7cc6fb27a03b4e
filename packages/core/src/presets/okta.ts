/**
 * The Okta preset: access tokens of a custom authorization server
 * (`https://{yourOktaDomain}/oauth2/{authorizationServerId}`). Tokens of the org
 * authorization server (issuer `https://{yourOktaDomain}`) are meant for Okta's own APIs
 * and Okta does not support validating them locally, so that issuer is refused.
 */
import type { PresetOptions } from './types.js';
import {
  baseUrl,
  hostName,
  optionsObject,
  presetError,
  presetOptions,
  stringList,
} from './validate.js';

/**
 * Options of {@link okta}. Give exactly one of `issuer` and `domain`.
 *
 * @example
 * ```ts
 * const options: OktaPresetOptions = { issuer: 'https://dev-123456.okta.com/oauth2/default' };
 * ```
 */
export interface OktaPresetOptions {
  /** The authorization server's issuer, as Okta's SDKs name it: `https://{yourOktaDomain}/oauth2/{id}`. */
  readonly issuer?: string;
  /** Your Okta domain (`dev-123456.okta.com`, or a custom domain), with `authorizationServerId`. */
  readonly domain?: string;
  /** With `domain`: the custom authorization server's id. Default `default`. */
  readonly authorizationServerId?: string;
  /** The server's audience. Default `api://default` for the `default` server; required for others. */
  readonly audience?: string | readonly string[];
  /** The client(s) tokens must be issued to (`cid`). Default: any client. */
  readonly clientId?: string | readonly string[];
  /** The claim your groups claim is named, added to the authorization server. Default `groups`. */
  readonly rolesClaim?: string;
}

const SERVER_PATH = /^\/oauth2\/[0-9A-Za-z]+$/;

/**
 * Options for Okta access tokens: RS256, keys at `{issuer}/v1/keys`, scopes from `scp` (an
 * array), roles from your groups claim, and `cid` checked when `clientId` is given.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.okta({ domain: 'dev-123456.okta.com', clientId: '0oa1example' })));
 * ```
 */
export function okta(options: OktaPresetOptions): PresetOptions {
  const { domain, authorizationServerId, audience, clientId, rolesClaim } = optionsObject(
    'okta',
    options,
  );
  if ((domain === undefined) === (options.issuer === undefined)) {
    throw presetError('okta', 'issuer', 'or "domain" is required (exactly one of them)');
  }
  if (authorizationServerId !== undefined && domain === undefined) {
    throw presetError('okta', 'authorizationServerId', 'applies only with "domain"');
  }
  let issuer: string;
  if (domain === undefined) {
    issuer = baseUrl('okta', 'issuer', options.issuer, { path: true });
    if (!SERVER_PATH.test(new URL(issuer).pathname)) {
      throw presetError(
        'okta',
        'issuer',
        'must be a custom authorization server, https://{yourOktaDomain}/oauth2/{id}: tokens of the org authorization server cannot be validated locally',
      );
    }
  } else {
    const id = authorizationServerId ?? 'default';
    if (typeof id !== 'string' || !/^[0-9A-Za-z]+$/.test(id)) {
      throw presetError(
        'okta',
        'authorizationServerId',
        'must be an id such as "default" or "aus1example"',
      );
    }
    issuer = `https://${hostName('okta', 'domain', domain, 'issuer')}/oauth2/${id}`;
  }
  const isDefaultServer = issuer.endsWith('/oauth2/default');
  if (audience === undefined && !isDefaultServer) {
    throw presetError('okta', 'audience', 'is required for a server other than "default"');
  }
  if (rolesClaim !== undefined && (typeof rolesClaim !== 'string' || rolesClaim === '')) {
    throw presetError('okta', 'rolesClaim', 'must be a claim name');
  }
  return presetOptions({
    issuer,
    audience: stringList('okta', 'audience', audience ?? 'api://default'),
    algorithms: Object.freeze(['RS256']),
    jwksUri: `${issuer}/v1/keys`,
    rolesClaim: Object.freeze([rolesClaim ?? 'groups']),
    scopesClaim: Object.freeze(['scp']),
    claims: clientId === undefined ? undefined : { cid: stringList('okta', 'clientId', clientId) },
  });
}
