/**
 * A Workers module for workerd that drives `createKvStore` and `createCacheApiStore` on the
 * real bindings (a KV namespace, `caches.default`) for the test beside it: each request is
 * one store operation, answered as JSON. `/verify` builds a new verifier on the store for
 * every request, as a cold isolate would, to show key sets shared through the binding.
 */

import { createVerifier } from '@jwt-guard/core';
import {
  type CacheLike,
  createCacheApiStore,
  createKvStore,
  type KvNamespaceLike,
  type SharedStore,
} from '@jwt-guard/core/store';

/** The part of a KV binding the test reads besides the store: the raw entries. */
interface KvBinding extends KvNamespaceLike {
  list(options: { prefix: string }): Promise<{ keys: { name: string; expiration?: number }[] }>;
  get(key: string): Promise<string | null>;
}

/** The bindings: the KV namespace, and the issuer the verifier trusts. */
export interface Env {
  readonly STORE_KV: KvBinding;
  readonly ISSUER: string;
  readonly AUDIENCE: string;
}

/** One operation, as the test posts it. */
interface Operation {
  readonly op: 'get' | 'set' | 'setIfAbsent' | 'raw';
  readonly key: string;
  readonly value?: string;
  readonly ttlMs?: number;
  readonly prefix?: string;
}

// Workers' global Cache API; core names only the part it uses.
declare const caches: { readonly default: CacheLike };

const ORIGIN = 'https://store.example.test';

function storeOf(backend: string, env: Env, prefix: string | undefined): SharedStore {
  const options = prefix === undefined ? {} : { prefix };
  return backend === 'kv'
    ? createKvStore(env.STORE_KV, options)
    : createCacheApiStore(caches.default, { origin: ORIGIN, ...options });
}

async function run(store: SharedStore, env: Env, operation: Operation): Promise<unknown> {
  switch (operation.op) {
    case 'get':
      return (await store.get(operation.key)) ?? null;
    case 'set':
      return store.set(operation.key, operation.value ?? '', operation.ttlMs ?? 0);
    case 'setIfAbsent':
      return store.setIfAbsent(operation.key, operation.value ?? '', operation.ttlMs ?? 0);
    case 'raw': {
      // What KV itself holds under the key: the stored text and its own expiration.
      const { keys } = await env.STORE_KV.list({ prefix: operation.key });
      return { value: await env.STORE_KV.get(operation.key), expiration: keys[0]?.expiration };
    }
  }
}

async function verify(request: Request, env: Env, backend: string): Promise<Response> {
  const verifier = createVerifier({
    issuer: env.ISSUER,
    audience: env.AUDIENCE,
    store: storeOf(backend, env, 'verify:'),
  });
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
  try {
    await verifier.verify(token);
    return Response.json({ ok: true });
  } catch (error) {
    return Response.json({ ok: false, code: (error as { code?: string }).code });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const [, backend = '', action = ''] = new URL(request.url).pathname.split('/');
    if (backend !== 'kv' && backend !== 'cache') return new Response('not found', { status: 404 });
    if (action === 'verify') return verify(request, env, backend);
    const operation = (await request.json()) as Operation;
    try {
      const result = await run(storeOf(backend, env, operation.prefix), env, operation);
      return Response.json({ ok: true, result: result ?? null });
    } catch (error) {
      const { name, code } = error as { name?: string; code?: string };
      return Response.json({ ok: false, name, code });
    }
  },
};
