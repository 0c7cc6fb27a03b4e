/**
 * One authorization model: each guard is its policy requirement run synchronously, and
 * every refusal, a guard's or a policy's, is answered in one vocabulary (refusal.ts).
 */
import { describe, expect, it } from 'vitest';
import type { JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import type { JwtGuardEvent } from '../../src/events.js';
import { authLevelRequirement } from '../../src/policy/auth-level.js';
import { authorize } from '../../src/policy/authorize.js';
import { claim } from '../../src/policy/claim.js';
import { allOf, anyOf, not } from '../../src/policy/combinators.js';
import { answeringGuard, createGuardMiddlewares } from '../../src/policy/guard-middlewares.js';
import {
  createAuthLevelGuard,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
  type Guard,
} from '../../src/policy/guards.js';
import type { PolicyLike } from '../../src/policy/policy.js';
import { refusalError } from '../../src/policy/refusal.js';
import { checkRequirement, requirementPolicy } from '../../src/policy/requirement.js';
import { hasAnyRole } from '../../src/policy/roles.js';
import { hasScopes } from '../../src/policy/scopes.js';
import { thrownBy } from '../outcome.js';
import { authWith, requestOf, SHOP } from './fixtures.js';

/**
 * What a client sees of an answer but the code and its fixed description: the status, the
 * challenge's RFC 6750 `error`, the scopes it names, and the error class.
 */
const seen = (error: JwtGuardError | undefined) =>
  error && {
    class: error.constructor.name,
    status: error.status,
    error: /error="([^"]*)"/.exec(error.headers['WWW-Authenticate'] ?? '')?.[1],
    realm: /realm="([^"]*)"/.exec(error.headers['WWW-Authenticate'] ?? '')?.[1],
    scope: error.scope,
  };
const policyRefusal = async (policy: PolicyLike, payload: object, settings = SHOP) =>
  (await authorize(authWith(payload, settings), requestOf(), policy).catch((e) => e)) as
    | JwtGuardError
    | undefined;
const guardRefusal = (guard: Guard, payload: object, settings = SHOP) =>
  thrownBy(() => answeringGuard(guard)(authWith(payload, settings)));

const KEYCLOAK = { ...SHOP, rolesClaim: 'realm_access.roles' };

describe('a guard and the policy of the same requirement', () => {
  it.each([
    [
      'scopes held',
      createScopeGuard(['read', 'write']),
      hasScopes('read', 'write'),
      { scope: 'read write' },
    ],
    [
      'scopes missing',
      createScopeGuard(['read', 'write']),
      hasScopes('read', 'write'),
      { scope: 'read' },
    ],
    ['scopes in scp', createScopeGuard(['read']), hasScopes('read'), { scp: ['read'] }],
    [
      'a role held',
      createRoleGuard(['admin', 'ops']),
      hasAnyRole('admin', 'ops'),
      { roles: 'ops' },
    ],
    ['no role', createRoleGuard(['admin']), hasAnyRole('admin'), { roles: ['user'] }],
    [
      'an inherited role',
      createRoleGuard(['admin']),
      hasAnyRole('admin'),
      Object.create({ roles: ['admin'] }),
    ],
    [
      'a claim value',
      createClaimGuard('org.tier', 'gold'),
      claim('org.tier', 'gold'),
      { org: { tier: 'gold' } },
    ],
    [
      'another claim value',
      createClaimGuard('tier', 'gold'),
      claim('tier', 'gold'),
      { tier: 'silver' },
    ],
    [
      'an array claim member',
      createClaimGuard('amr', 'mfa'),
      claim('amr', 'mfa'),
      { amr: ['pwd', 'mfa'] },
    ],
    ['a missing claim', createClaimGuard('tier', () => true), claim('tier', () => true), {}],
    ['a predicate', createClaimGuard('n', (n) => n === 2), claim('n', (n) => n === 2), { n: 2 }],
    [
      'a predicate refusing',
      createClaimGuard('n', (n) => n === 2),
      claim('n', (n) => n === 2),
      { n: 3 },
    ],
  ] as const)('decide alike: %s', async (_name, guard, policy, payload) => {
    const byGuard = guardRefusal(guard, payload);
    const byPolicy = await policyRefusal(policy, payload);
    expect(seen(byGuard)).toEqual(seen(byPolicy));
  });

  it('read roles at the same configured claim', async () => {
    const payload = { realm_access: { roles: ['admin'] }, roles: ['user'] };
    expect(guardRefusal(createRoleGuard(['admin']), payload, KEYCLOAK)).toBeUndefined();
    expect(await policyRefusal(hasAnyRole('admin'), payload, KEYCLOAK)).toBeUndefined();
  });

  it('refuse with the same code: a missing role, a failed claim and missing scopes', async () => {
    const codes = async (guard: Guard, policy: PolicyLike, payload: object) => [
      guardRefusal(guard, payload)?.code,
      (await policyRefusal(policy, payload))?.code,
    ];
    expect(await codes(createRoleGuard(['admin']), hasAnyRole('admin'), {})).toEqual([
      'ERR_INSUFFICIENT_ROLE',
      'ERR_INSUFFICIENT_ROLE',
    ]);
    expect(await codes(createClaimGuard('tier', 'gold'), claim('tier', 'gold'), {})).toEqual([
      'ERR_CLAIM_CHECK_FAILED',
      'ERR_CLAIM_CHECK_FAILED',
    ]);
    expect(await codes(createScopeGuard(['write']), hasScopes('write'), {})).toEqual([
      'ERR_INSUFFICIENT_SCOPE',
      'ERR_INSUFFICIENT_SCOPE',
    ]);
  });
});

describe('a guard whose requirement throws fails closed, as a policy does', () => {
  const bug = new RangeError('a bug in a rolesClaim function');
  const throwingRoles = {
    ...SHOP,
    rolesClaim: () => {
      throw bug;
    },
  };

  it('is refused ERR_POLICY_DENIED (403), what was thrown kept as cause, and reported', async () => {
    const events: JwtGuardEvent[] = [];
    const settings = { ...throwingRoles, events: (event: JwtGuardEvent) => events.push(event) };
    const guards = createGuardMiddlewares<Guard>((guard) => guard);
    const byGuard = thrownBy(() => guards.requireRole('admin')(authWith({ iss: 'i' }, settings)));
    const byPolicy = await policyRefusal(hasAnyRole('admin'), { iss: 'i' }, settings);
    for (const error of [byGuard, byPolicy]) {
      expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403, cause: bug });
      expect(error?.headers['WWW-Authenticate']).toBe(
        'Bearer realm="shop", error="insufficient_scope", error_description="The access token does not satisfy the access policy"',
      );
    }
    const refused = events.filter((event) => event.type === 'authorization-refused');
    expect(refused).toEqual([
      {
        type: 'authorization-refused',
        code: 'ERR_POLICY_DENIED',
        status: 403,
        guard: 'requireRole',
        issuer: 'i',
      },
      {
        type: 'authorization-refused',
        code: 'ERR_POLICY_DENIED',
        status: 403,
        guard: 'authorize',
        issuer: 'i',
      },
    ]);
  });

  it('a throwing claim predicate too, its message never in the answer', () => {
    const secret = new Error('secret-value');
    const error = guardRefusal(
      createClaimGuard('tier', () => {
        throw secret;
      }),
      { tier: 'gold' },
    );
    expect(error).toMatchObject({ code: 'ERR_POLICY_DENIED', status: 403, cause: secret });
    expect(error?.message).not.toContain('secret-value');
  });

  it('checkRequirement catches for the guards, as evaluatePolicy does for policies', () => {
    const outcome = checkRequirement(() => {
      throw bug;
    }, authWith({}));
    expect(outcome).toEqual({ allowed: false, failed: true, cause: bug });
  });
});

describe('a claim guard given a predicate that returns a promise', () => {
  it('refuses (only a synchronous true passes) and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const rejecting = (() => Promise.reject(new Error('late'))) as unknown as () => boolean;
      const resolving = (() => Promise.resolve(true)) as unknown as () => boolean;
      for (const predicate of [rejecting, resolving]) {
        expect(guardRefusal(createClaimGuard('tier', predicate), { tier: 'gold' })?.code).toBe(
          'ERR_CLAIM_CHECK_FAILED',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});

describe('the step-up requirement', () => {
  const NOW_S = 1_800_000_000;
  const clock = () => NOW_S * 1000;
  const level = { acr: ['mfa'], maxAge: 60 };
  const CHALLENGE =
    'Bearer realm="shop", error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="mfa", max_age="60"';

  it('answers the same 401 as a guard and as a policy, alone or in allOf', async () => {
    const policy = requirementPolicy(authLevelRequirement(level, clock));
    const stale = { acr: 'mfa', auth_time: NOW_S - 61 };
    const byGuard = guardRefusal(createAuthLevelGuard(level, clock), stale);
    for (const error of [
      byGuard,
      await policyRefusal(policy, stale),
      await policyRefusal(allOf(hasScopes('read'), policy), { ...stale, scope: 'read' }),
    ]) {
      expect(error).toMatchObject({
        code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION',
        status: 401,
        acrValues: ['mfa'],
        maxAge: 60,
      });
      expect(error?.headers['WWW-Authenticate']).toBe(CHALLENGE);
    }
    expect(await policyRefusal(policy, { acr: 'mfa', auth_time: NOW_S - 60 })).toBeUndefined();
    // Not a scope refusal: anyOf names no scopes for it, and not() of it allows.
    const either = anyOf(hasScopes('admin'), policy);
    expect(await policyRefusal(either, stale)).toMatchObject({
      code: 'ERR_POLICY_DENIED',
      scope: undefined,
    });
    expect(await policyRefusal(not(policy), stale)).toBeUndefined();
  });
});

describe('refusalError: the one place a refusal becomes an error', () => {
  const cause = new Error('x');
  it.each([
    [
      'a throw wins over anything it names',
      { allowed: false, failed: true, cause, scope: ['a'], stepUp: { maxAge: 1 } },
      { code: 'ERR_POLICY_DENIED', status: 403, cause, scope: undefined },
    ],
    [
      'a step-up wins over scopes',
      { allowed: false, scope: ['a'], stepUp: { acrValues: ['mfa'] } },
      { code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION', status: 401, acrValues: ['mfa'] },
    ],
    [
      'scopes',
      { allowed: false, scope: ['a', 'b'] },
      { code: 'ERR_INSUFFICIENT_SCOPE', status: 403, scope: ['a', 'b'], claim: undefined },
    ],
    [
      'an empty scope list is a plain refusal',
      { allowed: false, scope: [], code: 'ERR_CLAIM_CHECK_FAILED', claim: 'tier' },
      { code: 'ERR_CLAIM_CHECK_FAILED', status: 403, scope: undefined, claim: 'tier' },
    ],
    [
      'a refusal under the code its requirement named',
      { allowed: false, code: 'ERR_CLAIM_CHECK_FAILED', claim: 'tier' },
      { code: 'ERR_CLAIM_CHECK_FAILED', status: 403, claim: 'tier' },
    ],
    [
      'a refusal that names no code',
      { allowed: false },
      { code: 'ERR_POLICY_DENIED', status: 403, claim: undefined },
    ],
  ] as const)('%s', (_name, outcome, expected) => {
    expect(refusalError(outcome)).toMatchObject(expected);
  });

  it('names no claim unless the outcome names one', () => {
    expect(refusalError({ allowed: false, code: 'ERR_INSUFFICIENT_ROLE' }).claim).toBeUndefined();
    expect(refusalError({ allowed: false }).code).toBe('ERR_POLICY_DENIED');
  });
});
