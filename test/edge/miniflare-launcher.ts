/**
 * Serves one bundled Workers module in workerd through miniflare, on 127.0.0.1 and any free
 * port, printed as `listening on http://127.0.0.1:PORT`. Run by Node 22 (miniflare's
 * engines floor), which strips the types itself, so it imports nothing relative:
 * `node miniflare-launcher.ts --script worker.js --compatibility-date 2026-07-01
 * [--compatibility-flag nodejs_compat] [--var NAME=VALUE]... [--kv-namespace NAME]...
 * [--durable-object NAME=ClassName]...` (a KV namespace binding, in miniflare's memory; a
 * Durable Object namespace binding of a class the script exports).
 * Stops when its stdin closes, or on SIGINT/SIGTERM.
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';

const { values } = parseArgs({
  options: {
    script: { type: 'string' },
    'compatibility-date': { type: 'string' },
    'compatibility-flag': { type: 'string', multiple: true, default: [] },
    var: { type: 'string', multiple: true, default: [] },
    'kv-namespace': { type: 'string', multiple: true, default: [] },
    'durable-object': { type: 'string', multiple: true, default: [] },
  },
});
if (!values.script || !values['compatibility-date']) {
  throw new TypeError('--script and --compatibility-date are required');
}
const pairs = (list: string[]) =>
  Object.fromEntries(
    list.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
const bindings = pairs(values.var);

const mf = new Miniflare({
  modules: true,
  scriptPath: resolve(values.script),
  // Module names are paths below this root; the default (the working directory) would
  // refuse a script outside it.
  modulesRoot: dirname(resolve(values.script)),
  compatibilityDate: values['compatibility-date'],
  compatibilityFlags: values['compatibility-flag'],
  bindings,
  kvNamespaces: values['kv-namespace'],
  durableObjects: pairs(values['durable-object']),
  host: '127.0.0.1',
  port: 0,
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  // Exit by running dry, not process.exit(): dispose() leaves the removal of miniflare's
  // temporary directory running, and an immediate exit would cut it short.
  process.stdin.destroy();
};
process.stdin.on('end', stop).resume();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const url = await mf.ready;
console.log(`listening on ${url.origin}`);
