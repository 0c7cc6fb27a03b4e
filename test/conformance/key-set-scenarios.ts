/**
 * Issuers whose keys cannot be had: key sets with no usable key, and an issuer that never
 * answers. Each is "keys unavailable": 503 with `Retry-After` and no challenge, never 401,
 * never 500, never a hang (SECURITY.md, "Keys held").
 */
import { generateTestKey, type TestIssuer, type TestKey } from '@jwt-guard/testing';
import type { JWK } from 'jose';
import { bearer, type Scenario, UNAVAILABLE } from './scenarios.js';

/**
 * Makes `issuer` (an ES256 test issuer) serve a key set with no usable key, and returns the
 * key whose tokens the set would otherwise verify.
 */
type ServeUnusable = (issuer: TestIssuer) => Promise<TestKey>;

const published = (issuer: TestIssuer, change: (jwk: JWK) => JWK) => {
  issuer.serveJwks({ keys: issuer.jwks().keys.map(change) });
  return Promise.resolve(issuer.keys[0]!);
};

// One bit flipped in `y`: for a given `x` only two `y` lie on the curve, and this is neither.
const offCurve = ({ y, ...jwk }: JWK): JWK => {
  const bytes = Buffer.from(y!, 'base64url');
  bytes[bytes.length - 1]! ^= 1;
  return { ...jwk, y: bytes.toString('base64url') };
};

/** The unusable key sets, by route name. */
export const UNUSABLE_KEY_SETS: Readonly<Record<string, ServeUnusable>> = {
  'empty-keys': (issuer) => {
    issuer.serveJwks({ keys: [] });
    return Promise.resolve(issuer.keys[0]!);
  },
  'no-keys-member': (issuer) => {
    issuer.serveJwks({});
    return Promise.resolve(issuer.keys[0]!);
  },
  'enc-only': (issuer) => published(issuer, (jwk) => ({ ...jwk, use: 'enc' })),
  'encrypt-key-ops': (issuer) =>
    published(issuer, ({ use: _use, ...jwk }) => ({ ...jwk, key_ops: ['encrypt'] })),
  'ec-off-curve': (issuer) => published(issuer, offCurve),
  'rsa-1024': async (issuer) => {
    const weak = await generateTestKey('RS256', 'rsa-1024', { modulusLength: 1024 });
    issuer.serveJwks({ keys: [weak.publicJwk] });
    return weak;
  },
};

/** The 503 rows: one per unusable key set, and the issuer that never answers. */
export const KEY_SET_SCENARIOS: readonly Scenario[] = [
  ...Object.keys(UNUSABLE_KEY_SETS).map(
    (name): Scenario => ({
      name: `key set with no usable key (${name}): 503`,
      request: async ({ issuers }) => {
        const { issuer, key } = issuers.unusable[name]!;
        return { path: `/unusable/${name}`, headers: bearer(await issuer.mint({ key })) };
      },
      ...UNAVAILABLE,
    }),
  ),
  {
    name: 'issuer that never answers: 503 after the timeout',
    request: async ({ issuers }) => ({
      path: '/timeout',
      headers: bearer(await issuers.hanging.mint()),
    }),
    ...UNAVAILABLE,
  },
];
