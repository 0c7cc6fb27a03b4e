/** Shared set-up of the issuer tests: a secret, a fake clock, an issuer on a store. */
import { createMemoryStore, type SharedStore } from '@jwt-guard/core/store';
import { createTokenIssuer, type TokenIssuerOptions } from '../src/index.js';

export const SECRET = 'a-test-encryption-secret-of-more-than-32-bytes';
export const ISSUER = 'https://api.example.com';
export const AUDIENCE = 'https://api.example.com';

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** An issuer with its rotation schedule off, on `store` (a fresh memory store by default). */
export function issuerOn(
  store: SharedStore = createMemoryStore(),
  overrides: Partial<TokenIssuerOptions> = {},
) {
  return createTokenIssuer({
    issuer: ISSUER,
    audience: AUDIENCE,
    store,
    keys: { encryptionSecret: SECRET, schedule: false },
    ...overrides,
  });
}

/** The `kid` in a compact JWS header. */
export function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
  return header.kid as string;
}
