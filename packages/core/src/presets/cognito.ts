/**
 * The Amazon Cognito user pools preset. Cognito access tokens carry no `aud`: the app
 * client is in `client_id`, and `token_use` tells access tokens from ID tokens (whose
 * `aud` is the client id), so the preset checks those claims instead.
 */
import type { ClaimChecks } from '../claims/claim-checks.js';
import type { PresetOptions } from './types.js';
import { baseUrl, optionsObject, presetError, presetOptions, stringList } from './validate.js';

/**
 * Options of {@link cognito}.
 *
 * @example
 * ```ts
 * const options: CognitoPresetOptions = { userPoolId: 'eu-west-1_AbCdEfGhI', clientId: '1example23456789' };
 * ```
 */
export interface CognitoPresetOptions {
  /** The user pool id, such as `eu-west-1_AbCdEfGhI`, or several (each is one issuer). */
  readonly userPoolId: string | readonly string[];
  /**
   * The app client id(s) whose tokens are accepted. Required: `null` accepts every app
   * client of the pool, explicitly.
   */
  readonly clientId: string | readonly string[] | null;
  /** Which tokens are accepted: `'access'` tokens or `'id'` tokens. Default `'access'`. */
  readonly tokenUse?: 'access' | 'id';
  /** The pools' region. Default: read from the pool id, which begins with it; when given, it must agree. */
  readonly region?: string;
  /** The service endpoint, as in AWS SDKs. Default `https://cognito-idp.{region}.amazonaws.com`. */
  readonly endpoint?: string;
}

// A pool id is its region, an underscore and a short alphanumeric id.
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

/**
 * Options for Cognito user pool tokens: issuer `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`,
 * RS256, roles from `cognito:groups`. Access tokens (the default): no audience check, but
 * `token_use` must be `access` and `client_id` one of yours; scopes from `scope`. ID tokens
 * (`tokenUse: 'id'`): `aud` must be one of your client ids and `token_use` `id`.
 *
 * @example
 * ```ts
 * app.use(jwtAuth(presets.cognito({ userPoolId: 'eu-west-1_AbCdEfGhI', clientId: '1example23456789' })));
 * ```
 */
export function cognito(options: CognitoPresetOptions): PresetOptions {
  const { clientId, region, endpoint } = optionsObject('cognito', options);
  const tokenUse = options.tokenUse ?? 'access';
  if (tokenUse !== 'access' && tokenUse !== 'id') {
    throw presetError('cognito', 'tokenUse', 'must be "access" or "id"');
  }
  if (clientId === undefined) {
    throw presetError(
      'cognito',
      'clientId',
      'is required: your app client id(s), or null to accept any',
    );
  }
  const clients = clientId === null ? undefined : stringList('cognito', 'clientId', clientId);
  if (region !== undefined && (typeof region !== 'string' || region === '')) {
    throw presetError('cognito', 'region', 'must be a region name such as "eu-west-1"');
  }
  const base =
    endpoint === undefined ? undefined : baseUrl('cognito', 'endpoint', endpoint, { path: true });
  const issuers = stringList('cognito', 'userPoolId', options.userPoolId).map((poolId) => {
    const poolRegion = USER_POOL_ID.exec(poolId)?.[1];
    if (poolRegion === undefined) {
      throw presetError('cognito', 'userPoolId', 'must be a pool id such as "eu-west-1_AbCdEfGhI"');
    }
    if (region !== undefined && region !== poolRegion) {
      throw presetError('cognito', 'region', 'must be the region the pool id begins with');
    }
    return `${base ?? `https://cognito-idp.${poolRegion}.amazonaws.com`}/${poolId}`;
  });
  const claims: ClaimChecks =
    tokenUse === 'id'
      ? { token_use: 'id' }
      : { token_use: 'access', ...(clients === undefined ? {} : { client_id: clients }) };
  return presetOptions({
    issuer: issuers.length === 1 ? issuers[0]! : Object.freeze(issuers),
    // Access tokens have no `aud` (their client is `client_id`); ID tokens' `aud` is the client.
    audience: tokenUse === 'id' ? (clients ?? null) : null,
    algorithms: Object.freeze(['RS256']),
    jwksUri: issuers.length === 1 ? `${issuers[0]}/.well-known/jwks.json` : undefined,
    rolesClaim: Object.freeze(['cognito:groups']),
    scopesClaim: tokenUse === 'access' ? Object.freeze(['scope']) : undefined,
    claims,
  });
}
