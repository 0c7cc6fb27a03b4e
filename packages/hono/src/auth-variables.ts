/** The context variables the Hono adapter sets. */
import type { AuthInfo } from '@jwt-guard/core/adapter';

/** The variables `jwtAuth` sets: `c.get('auth')`. */
export interface AuthVariables<Auth = AuthInfo> {
  auth: Auth;
}
