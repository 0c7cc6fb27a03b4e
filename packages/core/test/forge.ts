/** Helpers that build hostile tokens by hand, the way an attacker would. */
import { createHmac } from 'node:crypto';
import { base64url } from 'jose';

const enc = (value: unknown) =>
  base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));

/** A token with any header, payload and signature segment. */
export const rawToken = (header: unknown, payload: unknown, signature = 'c2ln') =>
  `${enc(header)}.${enc(payload)}.${signature}`;

/** An HS256 token keyed with arbitrary bytes (e.g. the issuer's public key). */
export function hmacToken(header: object, payload: object, secret: string | Buffer): string {
  const input = `${enc(header)}.${enc(payload)}`;
  const mac = createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${mac}`;
}

/** Replaces the payload segment of a signed token, keeping its signature. */
export function withPayload(token: string, payload: object): string {
  const [h, , s] = token.split('.');
  return `${h}.${enc(payload)}.${s}`;
}

/** Decodes a segment of a token to JSON. */
export const decodeSegment = (token: string, index: 0 | 1) =>
  JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[index] as string)));
