/**
 * `@jwt-guard/core/discovery`: the metadata URLs core tries for an issuer (OpenID Connect
 * Discovery 1.0 §4, then RFC 8414 §3.1) and the bounded JSON fetch it reads them and key
 * sets with (timeout, byte cap while reading, no redirects), for tools such as the CLI
 * that must see an issuer exactly as the verifier does.
 */
export { discoveryUrls } from './keys/discovery.js';
export {
  FetchJsonError,
  type FetchJsonOptions,
  type FetchJsonResult,
  fetchJson,
} from './keys/fetch-json.js';
