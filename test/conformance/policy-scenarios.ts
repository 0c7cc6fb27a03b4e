/**
 * Access policies over HTTP: `requirePolicy(claim(path, predicate))` allows only when the
 * predicate answers `true`. A predicate that answers `false` or gives a truthy value that is
 * not `true`, or a missing claim, is 403 `insufficient_scope` (RFC 6750 §3.1) in the claim
 * guard's words (`ERR_CLAIM_CHECK_FAILED`); a predicate that throws is the policy's failure
 * (`ERR_POLICY_DENIED`). The handler never runs.
 */
import { REQUIRED_CLAIM } from './app-config.js';
import { accepted, bearer, type Scenario } from './scenarios.js';

const DENIED = 'The access token does not satisfy the access policy';
const policyDenied = {
  status: 403,
  challenge: `Bearer realm="api", error="insufficient_scope", error_description="${DENIED}"`,
  body: DENIED,
};
const CLAIM_FAILED = 'The access token does not satisfy a required claim';
const claimFailed = {
  status: 403,
  challenge: `Bearer realm="api", error="insufficient_scope", error_description="${CLAIM_FAILED}"`,
  body: CLAIM_FAILED,
};

const [CLAIM, VALUE] = REQUIRED_CLAIM;

/** The rows. */
export const POLICY_SCENARIOS: readonly Scenario[] = [
  {
    name: 'policy claim(): the predicate answers true',
    request: async ({ issuer }) => ({
      path: '/policy/equal',
      headers: bearer(await issuer.mint({ claims: { [CLAIM]: VALUE } })),
    }),
    ...accepted('policy/equal'),
  },
  {
    name: 'policy claim(): the predicate answers false for a token carrying the claim',
    request: async ({ issuer }) => ({
      path: '/policy/equal',
      headers: bearer(await issuer.mint({ claims: { [CLAIM]: 'globex' } })),
    }),
    ...claimFailed,
  },
  {
    name: 'policy claim(): the claim missing, the predicate is not asked',
    request: async ({ issuer }) => ({
      path: '/policy/equal',
      headers: bearer(await issuer.mint()),
    }),
    ...claimFailed,
  },
  {
    name: 'policy claim(): a throwing predicate refuses (fails closed)',
    request: async ({ issuer }) => ({
      path: '/policy/throws',
      headers: bearer(await issuer.mint({ claims: { [CLAIM]: VALUE } })),
    }),
    ...policyDenied,
  },
  {
    name: 'policy claim(): a truthy answer that is not true refuses',
    request: async ({ issuer }) => ({
      path: '/policy/truthy',
      headers: bearer(await issuer.mint({ claims: { [CLAIM]: VALUE } })),
    }),
    ...claimFailed,
  },
];
