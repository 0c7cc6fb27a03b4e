/** Reads a conformance app's settings from a runtime's variables (Workers bindings, env). */
import type { AppConfig } from '../conformance/app-config.js';

/** The variable names every edge entry reads; the test sets them for each runtime. */
export const CONFIG_VARIABLES = [
  'ISSUER',
  'AUDIENCE',
  'DOWN_ISSUER',
  'HANGING_ISSUER',
  'HMAC_SECRET',
  // JSON: route name → issuer URL.
  'UNUSABLE_ISSUERS',
  // JSON: route name → issuer URL.
  'SHORT_ISSUERS',
  'SECOND_ISSUER',
  // JSON: the resource server's private JWK.
  'DECRYPTION_JWK',
  // JSON: { url, realm } of the Keycloak-shaped issuer.
  'KEYCLOAK',
  'CHURN_ORIGIN',
  // JSON: { issuer, clientId, clientSecret } of the introspecting issuer.
  'INTROSPECTION',
] as const;

/** One of {@link CONFIG_VARIABLES}. */
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

const REQUIRED = ['ISSUER', 'AUDIENCE', 'DOWN_ISSUER'] as const;

/**
 * Builds the app config from a lookup; throws naming the first missing required variable.
 * The others are optional, as their routes are.
 *
 * @example
 * ```ts
 * const config = readEdgeConfig((name) => Deno.env.get(name));
 * ```
 */
export function readEdgeConfig(get: (name: ConfigVariable) => string | undefined): AppConfig {
  for (const name of REQUIRED) {
    if (!get(name)) throw new TypeError(`edge entry: variable ${name} is not set`);
  }
  const record = (name: ConfigVariable) => {
    const json = get(name);
    return json ? (JSON.parse(json) as Record<string, string>) : undefined;
  };
  return {
    issuer: get('ISSUER')!,
    audience: get('AUDIENCE')!,
    downIssuer: get('DOWN_ISSUER')!,
    hangingIssuer: get('HANGING_ISSUER') || undefined,
    hmacSecret: get('HMAC_SECRET') || undefined,
    unusableIssuers: record('UNUSABLE_ISSUERS'),
    shortIssuers: record('SHORT_ISSUERS'),
    secondIssuer: get('SECOND_ISSUER') || undefined,
    decryptionJwk: record('DECRYPTION_JWK'),
    keycloak: record('KEYCLOAK') as AppConfig['keycloak'],
    churnOrigin: get('CHURN_ORIGIN') || undefined,
    introspection: record('INTROSPECTION') as AppConfig['introspection'],
  };
}

/**
 * The variables for a config, as {@link readEdgeConfig} reads them back (unset ones left out).
 *
 * @example
 * ```ts
 * spawn(deno, args, { env: { ...process.env, ...toEdgeVariables(config) } });
 * ```
 */
export function toEdgeVariables(config: AppConfig): Partial<Record<ConfigVariable, string>> {
  const json = (value: object | undefined) => (value ? JSON.stringify(value) : undefined);
  const all: Record<ConfigVariable, string | undefined> = {
    ISSUER: config.issuer,
    AUDIENCE: config.audience,
    DOWN_ISSUER: config.downIssuer,
    HANGING_ISSUER: config.hangingIssuer,
    HMAC_SECRET: config.hmacSecret,
    UNUSABLE_ISSUERS: json(config.unusableIssuers),
    SHORT_ISSUERS: json(config.shortIssuers),
    SECOND_ISSUER: config.secondIssuer,
    DECRYPTION_JWK: json(config.decryptionJwk),
    KEYCLOAK: json(config.keycloak),
    CHURN_ORIGIN: config.churnOrigin,
    INTROSPECTION: json(config.introspection),
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}
