/** The table against Express 5, Koa 3 and Hono on Node, each on a real server on 127.0.0.1. */
import { describeConformance } from './fixture.js';
import { CURRENT_MAJORS, listen } from './node-targets.js';
import {
  describeTokenEndpoints,
  serveOnNode,
  TOKEN_CURRENT_MAJORS,
} from './token-endpoint-fixture.js';

for (const [name, listener] of CURRENT_MAJORS) {
  describeConformance(name, async (config) => listen(listener(config)));
}

for (const [name, build] of TOKEN_CURRENT_MAJORS) {
  describeTokenEndpoints(name, () => serveOnNode(build));
}
