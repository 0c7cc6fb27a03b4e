/**
 * A Hono WebSocket route as a Workers module for workerd: `wsAuth` before `upgradeWebSocket`
 * from `hono/cloudflare-workers`, an echo, and a close with 1008 when the token expires
 * (watched from the first message: Workers give Hono no open event).
 */
import { type AuthVariables, closeOnExpiry, wsAuth } from '@jwt-guard/hono';
import { Hono } from 'hono';
import { upgradeWebSocket } from 'hono/cloudflare-workers';

/** The bindings the test passes (plain-text vars). */
export interface Env {
  readonly ISSUER: string;
  readonly AUDIENCE: string;
}

function createApp(env: Env) {
  const app = new Hono<{ Variables: AuthVariables }>();
  const options = { issuer: env.ISSUER, audience: env.AUDIENCE, token: { fromQuery: true } };
  app.get(
    '/ws',
    wsAuth(options),
    upgradeWebSocket((c) => {
      let stop: (() => void) | undefined;
      return {
        // No onOpen: hono/cloudflare-workers 4.13 types it out and never calls it (the server
        // end is accepted, which fires no open event). The watch starts with the first
        // message, the first event that hands over the socket.
        onMessage: (event, ws) => {
          stop ??= closeOnExpiry(ws, c.get('auth'));
          ws.send(`echo:${String(event.data)}`);
        },
        onClose: () => stop?.(),
      };
    }),
  );
  return app;
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    app ??= createApp(env);
    return app.fetch(request, env);
  },
};
