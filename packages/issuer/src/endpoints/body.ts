/**
 * The request body of a token endpoint: form-encoded (RFC 6749 §3.2, RFC 7009 §2.1) or,
 * where the endpoint takes it, JSON; size-capped; or the body the framework already parsed.
 */
import { IssuerError } from '../issuer-error.js';
import { EndpointRefusal, errorResponse, refuse } from './responses.js';
import type { EndpointRequest } from './types.js';

/** The body's parameters. */
export type BodyFields = Readonly<Record<string, unknown>>;

/** Which media types an endpoint reads. */
export type BodyFormats = 'form' | 'form-or-json';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const EMPTY: BodyFields = Object.freeze({});

function mediaTypeOf(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function checkMediaType(mediaType: string, formats: BodyFormats): 'form' | 'json' {
  if (mediaType === FORM) return 'form';
  if (mediaType === JSON_TYPE && formats === 'form-or-json') return 'json';
  return refuse(
    'invalid_request',
    formats === 'form'
      ? 'the body must be application/x-www-form-urlencoded'
      : 'the body must be application/x-www-form-urlencoded or application/json',
  );
}

function tooLarge(): never {
  throw new EndpointRefusal(errorResponse(413, 'invalid_request', 'the body is too large'));
}

function parseForm(text: string): BodyFields {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    // RFC 6749 §3.2: a parameter MUST NOT be included more than once.
    if (Object.hasOwn(fields, name)) refuse('invalid_request', 'a parameter is repeated');
    fields[name] = value;
  }
  return Object.freeze(fields);
}

function parseJson(text: string): BodyFields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('invalid_request', 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse('invalid_request', 'the JSON body must be an object');
  }
  return Object.freeze(value as Record<string, unknown>);
}

function parseBytes(bytes: Uint8Array, kind: 'form' | 'json'): BodyFields {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('invalid_request', 'the body is not UTF-8');
  }
  return kind === 'form' ? parseForm(text) : parseJson(text);
}

async function readBytes(request: EndpointRequest, limit: number): Promise<Uint8Array> {
  try {
    return await request.readBody(limit);
  } catch (error) {
    if (error instanceof IssuerError && error.code === 'ERR_BODY_TOO_LARGE') tooLarge();
    // A body that cannot be read is one the client broke off or garbled.
    return refuse('invalid_request', 'the body could not be read');
  }
}

function fromParsed(parsed: unknown, kind: 'form' | 'json', limit: number): BodyFields {
  if (typeof parsed === 'string') parsed = new TextEncoder().encode(parsed);
  if (parsed instanceof Uint8Array) {
    if (parsed.byteLength > limit) tooLarge();
    return parsed.byteLength === 0 ? EMPTY : parseBytes(parsed, kind);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refuse('invalid_request', 'the body must be an object');
  }
  return Object.freeze({ ...(parsed as Record<string, unknown>) });
}

/**
 * Reads the parameters of `request` in one of `formats`. An empty body is no parameters
 * (a browser's logout may send none). Refuses with 413 past `limit` bytes, and 400
 * `invalid_request` for another media type, bad UTF-8, bad JSON, or a repeated parameter.
 *
 * @example
 * ```ts
 * const fields = await readFields(request, 'form', resolved.maxBodyBytes);
 * ```
 */
export async function readFields(
  request: EndpointRequest,
  formats: BodyFormats,
  limit: number,
): Promise<BodyFields> {
  const mediaType = mediaTypeOf(request.headers);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) tooLarge();
  if (request.parsedBody !== undefined) {
    const parsed = request.parsedBody;
    const empty =
      (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0) ||
      parsed === '';
    if (empty && mediaType === '') return EMPTY;
    return fromParsed(parsed, checkMediaType(mediaType, formats), limit);
  }
  if (mediaType === '' && declared === 0 && !request.headers.has('transfer-encoding')) {
    return EMPTY;
  }
  const kind = checkMediaType(mediaType, formats);
  const bytes = await readBytes(request, limit);
  if (bytes.byteLength > limit) tooLarge();
  return bytes.byteLength === 0 ? EMPTY : parseBytes(bytes, kind);
}

/**
 * A string parameter, or `undefined` when absent or empty (RFC 6749 §3.1: a parameter sent
 * without a value is treated as omitted). Anything but a string is refused.
 *
 * @example
 * ```ts
 * const grantType = stringField(fields, 'grant_type');
 * ```
 */
export function stringField(fields: BodyFields, name: string): string | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return refuse('invalid_request', `"${name}" must be a string`);
  return value;
}
