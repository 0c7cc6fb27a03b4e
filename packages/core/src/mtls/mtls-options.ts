/**
 * The options of certificate-bound access tokens (RFC 8705 §3), validated once at
 * start-up: every mistake is a `TypeError` naming the option, never a per-request failure.
 */
import { optionError } from '../options/option-error.js';

/** How certificate-bound access tokens (RFC 8705 §3, mutual TLS) are checked. */
export interface MtlsOptions {
  /**
   * Refuse every token that is not certificate-bound. Default `false`: a bound token needs
   * its certificate, an unbound one passes.
   */
  readonly required?: boolean;
  /**
   * Behind a TLS-terminating proxy you trust: the request header carrying the client
   * certificate (RFC 9440 `Client-Cert`, a structured-field byte sequence `:base64-DER:`).
   * The proxy must remove this header from what clients send, or any client can claim any
   * certificate. Default: none (the certificate is read from the TLS connection or the
   * runtime only).
   */
  readonly certificateHeader?: string;
}

/** mTLS options after validation, with defaults filled in. */
export interface ResolvedMtls {
  readonly required: boolean;
  /** Lower-cased, as Node, Fetch `Headers` and the frameworks key header names. */
  readonly certificateHeader: string | undefined;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['required', 'certificateHeader']);

// RFC 9110 §5.1: a field name is a token; §5.6.2: token = 1*tchar.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Validates mTLS options. Throws a `TypeError` naming the option (`mtls`, `mtls.required`,
 * `mtls.certificateHeader`, or an unknown `mtls.<name>`; `path` is where the options were
 * given, `binding.mtls` in `jwtAuth`'s) for anything but an object whose `required` is a
 * boolean and whose `certificateHeader` is an RFC 9110 field name.
 *
 * @example
 * ```ts
 * resolveMtlsOptions({}); // { required: false, certificateHeader: undefined }
 * resolveMtlsOptions({ required: true, certificateHeader: 'Client-Cert' });
 * // { required: true, certificateHeader: 'client-cert' }
 * ```
 */
export function resolveMtlsOptions(options: unknown, path = 'mtls'): ResolvedMtls {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw optionError(path, 'must be an object');
  }
  for (const name of Object.keys(options)) {
    // A misspelt `required` would silently leave unbound tokens accepted: refuse it instead.
    if (!OPTION_NAMES.has(name)) throw optionError(`${path}.${name}`, 'is not an mTLS option');
  }
  const { required = false, certificateHeader } = options as MtlsOptions;
  if (typeof required !== 'boolean') throw optionError(`${path}.required`, 'must be a boolean');
  if (certificateHeader !== undefined && !isFieldName(certificateHeader)) {
    throw optionError(`${path}.certificateHeader`, 'must be a header name (an RFC 9110 token)');
  }
  return Object.freeze({ required, certificateHeader: certificateHeader?.toLowerCase() });
}

function isFieldName(value: unknown): value is string {
  return typeof value === 'string' && FIELD_NAME.test(value);
}
