/** What a JWKS holds, key by key, and what in it would stop or weaken verification. */
import { createPublicKey, type JsonWebKeyInput } from 'node:crypto';

/** One published key, as `discover` lists it; public members only. */
export interface KeySummary {
  readonly kid: string | undefined;
  readonly kty: string | undefined;
  readonly alg: string | undefined;
  readonly use: string | undefined;
  readonly crv: string | undefined;
  /** The RSA modulus length, when the key is RSA and parses. */
  readonly bits: number | undefined;
}

/**
 * Summarises each key of a JWKS document and lists its problems: not a key set, no
 * signing key, several keys without `kid`, RSA under 2048 bits, only `use: enc` keys.
 *
 * @example
 * ```ts
 * const { keys, problems } = reviewKeySet(await (await fetch(jwksUri)).json());
 * ```
 */
export function reviewKeySet(document: unknown): { keys: KeySummary[]; problems: string[] } {
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) {
    return { keys: [], problems: ['the JWKS is not a key set (no "keys" array)'] };
  }
  const keys = list.map(summarise);
  const problems: string[] = [];
  const signing = keys.filter((key) => key.use !== 'enc' && key.kty !== undefined);
  if (keys.length > 0 && signing.length === 0 && keys.every((key) => key.use === 'enc')) {
    problems.push('every key has use "enc": none can verify a signature');
  } else if (signing.length === 0) {
    problems.push('the JWKS has no signing keys');
  }
  if (signing.length > 1 && signing.some((key) => key.kid === undefined)) {
    problems.push('several signing keys, and some have no kid: a token cannot name its key');
  }
  for (const key of keys) {
    if (key.kty === 'RSA' && key.bits !== undefined && key.bits < 2048) {
      problems.push(
        `key ${key.kid ?? '(no kid)'} is RSA ${key.bits} bits: at least 2048 are needed`,
      );
    }
  }
  return { keys, problems };
}

function summarise(value: unknown): KeySummary {
  const jwk = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (name: string) =>
    typeof jwk[name] === 'string' ? (jwk[name] as string) : undefined;
  return {
    kid: text('kid'),
    kty: text('kty'),
    alg: text('alg'),
    use: text('use'),
    crv: text('crv'),
    bits: text('kty') === 'RSA' ? rsaBits(jwk) : undefined,
  };
}

function rsaBits(jwk: Record<string, unknown>): number | undefined {
  try {
    // Only the public members go to the parser: a key set must not carry private ones,
    // and if one does, it is not read.
    const key = createPublicKey({
      key: { kty: 'RSA', n: jwk.n, e: jwk.e },
      format: 'jwk',
    } as JsonWebKeyInput);
    return key.asymmetricKeyDetails?.modulusLength;
  } catch {
    return undefined;
  }
}
