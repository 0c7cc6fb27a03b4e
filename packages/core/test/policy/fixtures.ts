/** Tokens and requests for the policy tests: an AuthInfo carrying an authenticator's policy. */
import { withPolicy } from '../../src/auth-info.js';
import type { AuthInfo } from '../../src/index.js';
import type { PolicyRequest } from '../../src/policy/index.js';

type Settings = Parameters<typeof withPolicy>[1];

export const SHOP: Settings = { challenge: { realm: 'shop' }, rolesClaim: 'roles' };

/** A verified token with `payload`, as the authenticator of `settings` would attach it. */
export const authWith = (payload: object, settings: Settings = SHOP): AuthInfo =>
  withPolicy({ payload, header: { alg: 'ES256' }, token: 't' } as AuthInfo, settings);

/** A request as an adapter builds it. */
export const requestOf = (
  over: Partial<PolicyRequest<Record<string, string>>> = {},
): PolicyRequest<Record<string, string>> => ({
  method: 'GET',
  path: '/',
  params: {},
  headers: {},
  ...over,
});
