// Express 4 and Koa 2, installed under aliases to run the conformance apps on the oldest
// majors the adapters' peer ranges admit. Typed as the current majors: the apps use only
// what both majors share, and run-time behaviour is what the table checks.
declare module 'express4' {
  import express from 'express';
  export default express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
