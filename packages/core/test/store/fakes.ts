/**
 * Small in-memory stand-ins for Workers KV and the Cache API: the real ones run only inside
 * workerd, so these follow their documented contracts (KV's 60-second minimum TTL included)
 * and can be made to fail like a backend that is down.
 */
import type { CacheLike, KvNamespaceLike } from '../../src/store/index.js';

/** A KV namespace in a Map; `down` makes every call reject as KV does when unreachable. */
export function createFakeKv() {
  const entries = new Map<string, { value: string; expiresAtMs: number }>();
  const fake = {
    entries,
    down: false,
    async get(key: string) {
      if (fake.down) throw new Error('KV GET failed: 503');
      const entry = entries.get(key);
      return entry && entry.expiresAtMs > Date.now() ? entry.value : null;
    },
    async put(key: string, value: string, options: { expirationTtl: number }) {
      if (fake.down) throw new Error('KV PUT failed: 503');
      // Workers KV refuses an expirationTtl under 60 seconds.
      if (!(options.expirationTtl >= 60)) throw new Error('Invalid expiration_ttl');
      entries.set(key, { value, expiresAtMs: Date.now() + options.expirationTtl * 1000 });
    },
  };
  return fake satisfies KvNamespaceLike;
}

/** A Cache API cache in a Map, honouring `max-age`; `down` makes every call reject. */
export function createFakeCache() {
  const entries = new Map<string, { response: Response; expiresAtMs: number }>();
  const fake = {
    entries,
    down: false,
    async match(request: string) {
      if (fake.down) throw new Error('cache unavailable');
      const entry = entries.get(request);
      return entry && entry.expiresAtMs > Date.now() ? entry.response.clone() : undefined;
    },
    async put(request: string, response: Response) {
      if (fake.down) throw new Error('cache unavailable');
      new URL(request); // the Cache API needs a URL
      const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '');
      entries.set(request, {
        response: response.clone(),
        expiresAtMs: Date.now() + Number(maxAge?.[1] ?? 0) * 1000,
      });
    },
  };
  return fake satisfies CacheLike;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
