/**
 * Serves one bundled Workers module in workerd through miniflare, on 127.0.0.1 and any free
 * port, printed as `listening on http://127.0.0.1:PORT`. Run by Node 22 (miniflare's
 * engines floor), which strips the types itself, so it imports nothing relative:
 * `node miniflare-launcher.ts --script worker.js --compatibility-date 2026-07-01
 * [--compatibility-flag nodejs_compat] [--var NAME=VALUE]... [--kv-namespace NAME]...
 * [--durable-object NAME=ClassName]... [--peer]` (a KV namespace binding, in miniflare's
 * memory; a Durable Object namespace binding of a class the script exports). With `--peer`
 * the script also runs as a second Worker instance (its own isolate), bound to the first as
 * the service `PEER` and sharing the first's Durable Objects.
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
    peer: { type: 'boolean', default: false },
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

const objects = pairs(values['durable-object']);
const worker = {
  modules: true,
  scriptPath: resolve(values.script),
  // Module names are paths below this root; the default (the working directory) would
  // refuse a script outside it.
  modulesRoot: dirname(resolve(values.script)),
  compatibilityDate: values['compatibility-date'],
  compatibilityFlags: values['compatibility-flag'],
  bindings,
  kvNamespaces: values['kv-namespace'],
};
// The peer binds the first worker's classes, so both isolates reach the same objects.
const peerObjects = Object.fromEntries(
  Object.entries(objects).map(([name, className]) => [name, { className, scriptName: 'main' }]),
);
const network = { host: '127.0.0.1', port: 0 };
const mf = values.peer
  ? new Miniflare({
      workers: [
        { ...worker, name: 'main', durableObjects: objects, serviceBindings: { PEER: 'peer' } },
        { ...worker, name: 'peer', durableObjects: peerObjects },
      ],
      ...network,
    })
  : new Miniflare({ ...worker, durableObjects: objects, ...network });
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
