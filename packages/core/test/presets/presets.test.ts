import { describe, expect, it } from 'vitest';
import { type PresetOptions, presets } from '../../src/presets/index.js';

const examples: Record<keyof typeof presets, () => PresetOptions> = {
  auth0: () => presets.auth0({ domain: 'tenant.auth0.com', audience: 'https://api.example.com' }),
  entra: () => presets.entra({ tenant: 'organizations', audience: 'api://orders' }),
  cognito: () => presets.cognito({ userPoolId: 'eu-west-1_AbCdEfGhI', clientId: 'c' }),
  keycloak: () => presets.keycloak({ url: 'https://sso.example.com', realm: 'r', audience: 'a' }),
  okta: () => presets.okta({ domain: 'dev-1.okta.com', clientId: 'c' }),
  google: () => presets.google({ audience: 'c', hostedDomain: 'example.com' }),
};

describe('presets', () => {
  it('holds the six providers', () => {
    expect(Object.keys(presets).sort()).toEqual(
      ['auth0', 'cognito', 'entra', 'google', 'keycloak', 'okta'].sort(),
    );
  });

  it.each(Object.entries(examples))(
    '%s returns frozen plain data without undefined fields',
    (_, make) => {
      const options = make();
      expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
      expect(Object.isFrozen(options)).toBe(true);
      for (const [key, value] of Object.entries(options)) {
        expect(value, key).not.toBeUndefined();
        if (typeof value === 'object' && value !== null)
          expect(Object.isFrozen(value), key).toBe(true);
      }
      expect(options.algorithms.length).toBeGreaterThan(0);
      expect(Object.keys(make())).toEqual(Object.keys(options));
    },
  );

  it('spreads under the caller’s own options', () => {
    const options = { ...examples.okta(), realm: 'orders', audience: 'api://orders' };
    expect(options).toMatchObject({ realm: 'orders', audience: 'api://orders' });
  });
});
