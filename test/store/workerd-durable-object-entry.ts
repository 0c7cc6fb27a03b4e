/**
 * A Workers module for workerd that drives `createDurableObjectStore` on a real Durable
 * Object namespace bound to `JwtGuardStoreObject`, for the test beside it. `/op` is one
 * store operation; `/race` runs many compareAndSets at once inside the isolate; `/peek`
 * reads what an object keeps in its storage (through a subclass that adds only that);
 * `/garbage` posts a body that is not an operation straight to an object.
 */
import {
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  JwtGuardStoreObject,
} from '@jwt-guard/core/store';

export { JwtGuardStoreObject };

/** The store object, plus a read of its raw storage for the expiry test. */
export class PeekableStoreObject extends JwtGuardStoreObject {
  readonly #state: DurableObjectStateLike;
  constructor(state: DurableObjectStateLike, env?: unknown) {
    super(state, env);
    this.#state = state;
  }
  override async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname !== '/peek') return super.fetch(request);
    return Response.json({ entry: (await this.#state.storage.get('entry')) ?? null });
  }
}

/** The bindings. */
export interface Env {
  readonly STORE: DurableObjectNamespaceLike;
  readonly PEEK_STORE: DurableObjectNamespaceLike & {
    get(id: never): { fetch(request: Request): Promise<Response> };
  };
}

/** One operation, as the test posts it. */
interface Operation {
  readonly op: 'get' | 'set' | 'setIfAbsent' | 'compareAndSet' | 'delete';
  readonly key: string;
  readonly value?: string;
  readonly expected?: string | null;
  readonly ttlMs?: number;
  readonly prefix?: string;
  readonly peekable?: boolean;
  readonly count?: number;
}

function storeOf(env: Env, operation: Operation) {
  const options = operation.prefix === undefined ? {} : { prefix: operation.prefix };
  return createDurableObjectStore(operation.peekable ? env.PEEK_STORE : env.STORE, options);
}

async function run(env: Env, operation: Operation): Promise<unknown> {
  const store = storeOf(env, operation);
  const { key, value = '', ttlMs = 0 } = operation;
  const expected = operation.expected ?? undefined;
  switch (operation.op) {
    case 'get':
      return (await store.get(key)) ?? null;
    case 'set':
      return store.set(key, value, ttlMs);
    case 'setIfAbsent':
      return store.setIfAbsent(key, value, ttlMs);
    case 'compareAndSet':
      return store.compareAndSet(key, expected, value, ttlMs);
    case 'delete':
      return store.delete(key);
  }
}

async function answer(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json({ ok: true, result: (await work()) ?? null });
  } catch (error) {
    const { name, code } = error as { name?: string; code?: string };
    return Response.json({ ok: false, name, code });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const action = new URL(request.url).pathname;
    const operation = (await request.json()) as Operation;
    if (action === '/op') return answer(() => run(env, operation));
    if (action === '/race') {
      // Many compareAndSets of one expected value at once, from one isolate.
      return answer(() =>
        Promise.all(
          Array.from({ length: operation.count ?? 0 }, (_, i) =>
            run(env, { ...operation, op: 'compareAndSet', value: `${operation.value}:${i}` }),
          ),
        ),
      );
    }
    const namespace = env.PEEK_STORE;
    const stub = namespace.get(namespace.idFromName(`jwt-guard:${operation.key}`) as never);
    if (action === '/peek') {
      return stub.fetch(new Request('https://peek.invalid/peek', { method: 'POST' }));
    }
    if (action === '/garbage') {
      const response = await stub.fetch(
        new Request('https://x.invalid/', { method: 'POST', body: operation.value ?? '' }),
      );
      return Response.json({ status: response.status });
    }
    return new Response('not found', { status: 404 });
  },
};
