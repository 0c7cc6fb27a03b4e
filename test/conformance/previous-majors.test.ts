/**
 * The table against Express 4 and Koa 2, which the adapters' peer ranges admit: the same
 * apps, built on the older framework. A file of its own, so it runs beside the current majors.
 */
import { describeConformance } from './fixture.js';
import { listen, PREVIOUS_MAJORS } from './node-targets.js';
import {
  describeTokenEndpoints,
  serveOnNode,
  TOKEN_PREVIOUS_MAJORS,
} from './token-endpoint-fixture.js';

for (const [name, listener] of PREVIOUS_MAJORS) {
  describeConformance(name, async (config) => listen(listener(config)));
}

for (const [name, build] of TOKEN_PREVIOUS_MAJORS) {
  describeTokenEndpoints(name, () => serveOnNode(build));
}
