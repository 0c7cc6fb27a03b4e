/**
 * The presets, one per identity provider, gathered for `export * as presets`.
 */
export { auth0 } from './auth0.js';
export { cognito } from './cognito.js';
export { entra } from './entra.js';
export { google } from './google.js';
export { keycloak } from './keycloak.js';
export { okta } from './okta.js';
