/**
 * Presets for identity providers: pure functions that return ordinary authenticator
 * options, used as `presets.auth0({ … })`.
 */

export type { Auth0PresetOptions } from './auth0.js';
export type { CognitoPresetOptions } from './cognito.js';
export type { EntraPresetOptions } from './entra.js';
export type { GooglePresetOptions } from './google.js';
export type { KeycloakPresetOptions } from './keycloak.js';
export type { OktaPresetOptions } from './okta.js';
export * as presets from './presets.js';
export type { PresetOptions } from './types.js';
