/**
 * A Map-backed storage adapter for oidc-provider. The library's own in-memory adapter works
 * too, but warns on every start; tests that start several providers want a quiet console.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * One store per provider; each model name gets its own Map. Expiry is not enforced: a
 * provider here lives for one test file.
 *
 * @example
 * ```ts
 * new Provider(issuer, { adapter: createMemoryAdapter(), ... });
 * ```
 */
export function createMemoryAdapter(): AdapterFactory {
  const models = new Map<string, Map<string, AdapterPayload>>();
  return (name: string): Adapter => {
    const store = models.get(name) ?? new Map<string, AdapterPayload>();
    models.set(name, store);
    const findBy = (field: 'uid' | 'userCode', value: string) =>
      [...store.values()].find((payload) => payload[field] === value);
    return {
      async upsert(id, payload) {
        store.set(id, payload);
      },
      async find(id) {
        return store.get(id);
      },
      async findByUid(uid) {
        return findBy('uid', uid);
      },
      async findByUserCode(userCode) {
        return findBy('userCode', userCode);
      },
      async consume(id) {
        const payload = store.get(id);
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(id);
      },
      async revokeByGrantId(grantId) {
        for (const [id, payload] of store) if (payload.grantId === grantId) store.delete(id);
      },
    };
  };
}
