/**
 * The page's session with the API. The access token lives only in this closure: never in
 * localStorage, sessionStorage or a cookie a script can read, so an injected script that
 * runs later finds nothing to steal. The refresh token is an HttpOnly `__Host-` cookie the
 * browser sends to /auth/token by itself, and that no script here can read either.
 */

// Every cookie-authenticated POST carries this header: a cross-site HTML form cannot set
// it, and a cross-site fetch that sets it needs a CORS preflight the server never grants.
const CSRF = { 'X-Requested-With': 'jwt-guard-example' };
// Tabs of one origin tell each other about a logout (the HTML Standard's BroadcastChannel).
const CHANNEL = 'jwt-guard-session';

/** Refresh this long before expiry: 30 s, or a fifth of a shorter lifetime. */
const earlyMs = (expiresInMs) => Math.min(30_000, expiresInMs / 5);

const isInvalidToken = (response) =>
  /\berror="invalid_token"/.test(response.headers.get('WWW-Authenticate') ?? '');

/**
 * @param {{ onChange(state: { signedIn: boolean, reason?: string }): void }} options
 */
export function createSession({ onChange }) {
  /** @type {string | undefined} */
  let accessToken;
  let timer;
  /** @type {Promise<boolean> | undefined} the one refresh in flight in this tab */
  let refreshing;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    if (event.data?.type === 'logout') end('elsewhere');
  };

  const post = (path, headers = {}, body = new URLSearchParams()) =>
    fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { ...CSRF, ...headers },
      body,
    });

  // RFC 6749 §5.1: keep the access token in memory, and refresh before it expires.
  function accept(body) {
    accessToken = body.access_token;
    clearTimeout(timer);
    const lifetime = body.expires_in * 1000;
    timer = setTimeout(() => refresh().catch(() => {}), lifetime - earlyMs(lifetime));
    onChange({ signedIn: true });
  }

  function end(reason) {
    accessToken = undefined;
    clearTimeout(timer);
    onChange({ signedIn: false, reason });
  }

  /** Exchanges the refresh cookie for a new access token (and a rotated cookie). */
  function refresh(reasonIfEnded = 'expired') {
    refreshing ??= (async () => {
      try {
        const response = await post(
          '/auth/token',
          {},
          new URLSearchParams({ grant_type: 'refresh_token' }),
        );
        // 400 invalid_grant (RFC 6749 §5.2): no cookie, or its session ended.
        if (response.status === 400 || response.status === 401) {
          end(reasonIfEnded);
          return false;
        }
        if (!response.ok) throw new Error(`refresh answered ${response.status}`);
        accept(await response.json());
        return true;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  const authorized = (path) =>
    fetch(path, { headers: { Authorization: `Bearer ${accessToken}` }, cache: 'no-store' });

  return {
    /** On load: a refresh cookie left by an earlier visit or another tab signs us in. */
    restore: () => refresh('none'),

    /** Logs in; true on success. */
    async login(username, password) {
      const response = await post('/auth/login', {}, new URLSearchParams({ username, password }));
      if (!response.ok) return false;
      accept(await response.json());
      return true;
    },

    /**
     * Calls the API. On a 401 with `error="invalid_token"` (RFC 6750 §3.1: expired or
     * revoked) it refreshes once and retries; if that fails too, the session has ended.
     */
    async call(path) {
      if (accessToken === undefined && !(await refresh())) return undefined;
      let response = await authorized(path);
      if (response.status === 401 && isInvalidToken(response) && (await refresh())) {
        response = await authorized(path);
      }
      if (response.status === 401) end('expired');
      return response;
    },

    /** Ends the session here, on the server (the whole family of refresh tokens) and in every tab. */
    async logout() {
      const headers = accessToken ? { Authorization: `Bearer ${accessToken}` } : {};
      try {
        await post('/auth/logout', headers);
      } finally {
        end('logged-out');
        channel.postMessage({ type: 'logout' });
      }
    },
  };
}
