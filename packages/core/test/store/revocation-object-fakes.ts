/**
 * A Durable Object namespace of real `JwtGuardRevocationObject`s over a Map that follows the
 * storage API's documented contract (keys listed in order; prefix, start, startAfter, end,
 * limit; one alarm): the real storage runs only inside workerd, where the end-to-end test
 * (test/store/revocation-feed-on-workerd.test.ts) runs the same object.
 */
import type { DurableObjectNamespaceLike } from '../../src/store/index.js';
import { JwtGuardRevocationObject, type RevocationStorageLike } from '../../src/store/index.js';

interface ListOptions {
  prefix?: string;
  start?: string;
  startAfter?: string;
  end?: string;
  limit?: number;
}

/** Map-backed object storage; `down` makes every call reject as a broken object would. */
export function createFakeRevocationStorage() {
  const data = new Map<string, unknown>();
  const fake = {
    data,
    alarm: null as number | null,
    async get(key: string) {
      return structuredClone(data.get(key));
    },
    async put(entries: Record<string, unknown>) {
      for (const [key, value] of Object.entries(entries)) data.set(key, structuredClone(value));
    },
    async delete(keys: string[]) {
      if (keys.length > 128) throw new RangeError('at most 128 keys');
      return keys.filter((key) => data.delete(key)).length;
    },
    async list(options: ListOptions) {
      const keys = [...data.keys()].sort().filter((key) => fits(key, options));
      const limited = keys.slice(0, options.limit ?? keys.length);
      return new Map(limited.map((key) => [key, structuredClone(data.get(key))]));
    },
    async getAlarm() {
      return fake.alarm;
    },
    async setAlarm(at: number) {
      fake.alarm = at;
    },
  };
  return fake satisfies RevocationStorageLike;
}

function fits(key: string, options: ListOptions): boolean {
  if (options.prefix !== undefined && !key.startsWith(options.prefix)) return false;
  if (options.start !== undefined && key < options.start) return false;
  if (options.startAfter !== undefined && key <= options.startAfter) return false;
  return options.end === undefined || key < options.end;
}

/**
 * One named object per name, each a real JwtGuardRevocationObject; `requests` counts the
 * operations posted, `failing` makes the object answer 500 (a broken or unreachable object),
 * `hold` delays its answers,
 * `wipe` gives the object fresh storage (a new epoch).
 */
export function createRevocationNamespace() {
  const objects = new Map<
    string,
    { object: JwtGuardRevocationObject; storage: ReturnType<typeof createFakeRevocationStorage> }
  >();
  const control = {
    requests: 0,
    failing: false,
    operations: [] as string[],
    /** While set, every request waits for it: a slow object. */
    hold: undefined as Promise<void> | undefined,
  };
  const objectOf = (name: string) => {
    let entry = objects.get(name);
    if (entry === undefined) {
      const storage = createFakeRevocationStorage();
      entry = { object: new JwtGuardRevocationObject({ storage }), storage };
      objects.set(name, entry);
    }
    return entry;
  };
  const namespace: DurableObjectNamespaceLike = {
    idFromName: (name) => name,
    get(id: never) {
      const { object } = objectOf(id as string);
      return {
        async fetch(request: Request) {
          control.requests++;
          const body = await request.clone().json();
          control.operations.push((body as { op: string }).op);
          if (control.hold !== undefined) await control.hold;
          if (control.failing) return new Response('down', { status: 500 });
          return object.fetch(request);
        },
      };
    },
  };
  return {
    namespace,
    control,
    objectOf,
    wipe: (name: string) => objects.delete(name),
  };
}
