/**
 * Where a token may come from (RFC 6750 §2): the header, and the query, form body and cookie
 * while a route turns them on; ignored while off; refused when a request presents two,
 * however they are spelled.
 */
import {
  accepted,
  badRequest,
  bearer,
  MALFORMED_HEADER,
  NO_CREDENTIALS,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
  TOO_MANY,
} from './scenarios.js';

const formPost = (path: string, body: string, headers: ScenarioRequest['headers'] = []) => ({
  method: 'POST' as const,
  path,
  headers: [['content-type', 'application/x-www-form-urlencoded'] as const, ...headers],
  body,
});

const cookie = (value: string) => [['cookie', value]] as const;

const withToken =
  (build: (token: string) => ScenarioRequest): Scenario['request'] =>
  async ({ issuer }: ScenarioContext) =>
    build(await issuer.mint());

/** The token-source rows. */
export const SOURCE_SCENARIOS: readonly Scenario[] = [
  {
    name: 'two credentials in one Authorization value (Bearer a, Bearer b)',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: [['authorization', `Bearer ${await issuer.mint()}, Bearer ${await issuer.mint()}`]],
    }),
    ...badRequest(TOO_MANY),
  },
  {
    name: 'two tokens after one Bearer (Bearer a b)',
    request: async ({ issuer }) => ({
      path: '/me',
      headers: [['authorization', `Bearer ${await issuer.mint()} ${await issuer.mint()}`]],
    }),
    ...badRequest(MALFORMED_HEADER),
  },
  {
    name: 'query token where the route accepts it',
    request: withToken((token) => ({ path: `/query?access_token=${token}` })),
    ...accepted('query'),
  },
  {
    name: 'query token where the route does not accept it: ignored',
    request: withToken((token) => ({ path: `/me?access_token=${token}` })),
    ...NO_CREDENTIALS,
  },
  {
    name: 'form-body token where the route accepts it',
    request: withToken((token) => formPost('/form', `access_token=${token}`)),
    ...accepted('form'),
  },
  {
    name: 'form-body token where the route parses forms but does not accept it: ignored',
    request: withToken((token) => formPost('/me', `access_token=${token}`)),
    ...NO_CREDENTIALS,
  },
  {
    name: 'cookie token where the route accepts it',
    request: withToken((token) => ({ path: '/cookie', headers: cookie(`access_token=${token}`) })),
    ...accepted('cookie'),
  },
  {
    name: 'cookie token where the route does not accept it: ignored',
    request: withToken((token) => ({ path: '/me', headers: cookie(`access_token=${token}`) })),
    ...NO_CREDENTIALS,
  },
  ...['access%5Ftoken', '%61ccess_token'].map(
    (name): Scenario => ({
      name: `header token plus ?${name}= (a second method, URL-encoded)`,
      request: withToken((token) => ({ path: `/me?${name}=${token}`, headers: bearer(token) })),
      ...badRequest(TOO_MANY),
    }),
  ),
  {
    name: 'access_token form field repeated',
    request: withToken((token) => formPost('/form', `access_token=${token}&access_token=${token}`)),
    ...badRequest(TOO_MANY),
  },
  {
    name: 'header token plus a form-body token',
    request: withToken((token) => formPost('/form', `access_token=${token}`, bearer(token))),
    ...badRequest(TOO_MANY),
  },
  {
    name: 'two cookies named like the token cookie',
    request: async ({ issuer }) => ({
      path: '/cookie',
      headers: cookie(`access_token=${await issuer.mint()}; access_token=${await issuer.mint()}`),
    }),
    ...badRequest(TOO_MANY),
  },
  {
    name: 'header token plus a token cookie',
    request: withToken((token) => ({
      path: '/cookie',
      headers: [...bearer(token), ...cookie(`access_token=${token}`)],
    })),
    ...badRequest(TOO_MANY),
  },
];
