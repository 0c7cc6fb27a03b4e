/** The token-endpoint conformance app as a Workers module for workerd. */
import { createTokenAppFetch } from './token-app.js';

const serve = createTokenAppFetch();

export default { fetch: (request: Request) => serve(request) };
