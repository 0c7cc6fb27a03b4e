/** Reads a conformance app's settings from a runtime's variables (Workers bindings, env). */
import type { AppConfig } from '../conformance/app-config.js';

/** The variable names every edge entry reads; the test sets them for each runtime. */
export const CONFIG_VARIABLES = ['ISSUER', 'AUDIENCE', 'DOWN_ISSUER'] as const;

/** One of {@link CONFIG_VARIABLES}. */
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/**
 * Builds the app config from a lookup; throws naming the first missing variable.
 *
 * @example
 * ```ts
 * const config = readEdgeConfig((name) => Deno.env.get(name));
 * ```
 */
export function readEdgeConfig(get: (name: ConfigVariable) => string | undefined): AppConfig {
  const value = (name: ConfigVariable) => {
    const found = get(name);
    if (!found) throw new TypeError(`edge entry: variable ${name} is not set`);
    return found;
  };
  return { issuer: value('ISSUER'), audience: value('AUDIENCE'), downIssuer: value('DOWN_ISSUER') };
}

/**
 * The variables for a config, as {@link readEdgeConfig} reads them back.
 *
 * @example
 * ```ts
 * spawn(deno, args, { env: { ...process.env, ...toEdgeVariables(config) } });
 * ```
 */
export function toEdgeVariables(config: AppConfig): Record<ConfigVariable, string> {
  return { ISSUER: config.issuer, AUDIENCE: config.audience, DOWN_ISSUER: config.downIssuer };
}
