/**
 * examples/first-party in a real headless Chromium (issue 21 §6): the refresh cookie is out
 * of the page scripts' reach, the page keeps working across access-token expiries, another
 * site cannot use the cookie, and logout in one tab ends the session in the other.
 *
 * Time moves by the clock shared by the issuer and the API's verifier, not by sleeping:
 * each step waits on a condition the page or its network shows.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningFirstParty, startFirstParty } from '../src/server.js';
import { createUsers, type Users } from '../src/users.js';
import { type Attacker, startAttacker } from './attacker.js';
import { type Exchange, launchChromium, nextResponse, recordExchanges } from './chromium.js';

const COOKIE = '__Host-jwt-guard-rt';
const PASSWORD = randomBytes(12).toString('base64url');
// Past the 5-minute access tokens and the verifier's 5 s clock tolerance.
const PAST_EXPIRY_MS = 6 * 60_000;

// Generous: the suite shares two cores with every other test file.
describe('examples/first-party in Chromium', { timeout: 60_000 }, () => {
  let skewMs = 0;
  const now = () => Date.now() + skewMs;
  let users: Users;
  let app: RunningFirstParty;
  let attacker: Attacker;
  let browser: Browser;
  let context: BrowserContext;
  let tab: Page;
  let traffic: Exchange[];

  const waitState = (page: Page, state: 'signed-in' | 'signed-out') =>
    page.waitForFunction((s) => document.body.dataset.state === s, {}, state);
  const refreshCookie = async () =>
    (await context.cookies()).find((c) => c.name === COOKIE && c.domain === 'localhost');
  /** Clicks "Call the API" and answers what the page then shows. */
  const callApi = async (page: Page) => {
    const calls = () => Number(document.getElementById('result')?.dataset.calls ?? 0);
    const before = await page.evaluate(calls);
    await page.click('#call');
    await page.waitForFunction(
      (n) => Number(document.getElementById('result')?.dataset.calls ?? 0) > n,
      {},
      before,
    );
    return page.$eval('#result', (el) => el.textContent ?? '');
  };
  /** Logs in through the page's form; answers the login response's JSON body. */
  const logIn = async (page: Page, origin: string) => {
    await page.goto(origin);
    await waitState(page, 'signed-out');
    await page.type('input[name="username"]', 'alice');
    await page.type('input[name="password"]', PASSWORD);
    const login = nextResponse(page, `${origin}/auth/login`);
    await page.click('#login button[type="submit"]');
    const answer = await login;
    expect(answer.status()).toBe(200);
    await waitState(page, 'signed-in');
    return (await answer.json()) as Record<string, unknown>;
  };
  const openTab = async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  };

  beforeAll(async () => {
    users = await createUsers([
      { username: 'alice', password: PASSWORD, sub: 'user-alice', scope: 'read:profile' },
    ]);
    app = await startFirstParty({
      port: 0,
      users,
      encryptionSecret: randomBytes(32),
      accessTokenTtl: '5m',
      now,
    });
    attacker = await startAttacker(`${app.origin}/auth/token`);
    browser = await launchChromium();
    context = await browser.createBrowserContext();
    tab = await openTab();
    traffic = recordExchanges(tab);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await app?.close();
  });

  it('logs in and holds the refresh token in an HttpOnly cookie that page scripts cannot read', async () => {
    const body = await logIn(tab, app.origin);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(typeof body.access_token).toBe('string');
    expect(body).not.toHaveProperty('refresh_token');

    const cookie = await refreshCookie();
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
      domain: 'localhost',
    });
    expect(cookie?.value).toMatch(/^jgr_/);
    const seen = await tab.evaluate(() => ({
      cookie: document.cookie,
      storage: localStorage.length + sessionStorage.length,
    }));
    expect(seen.cookie).not.toContain(COOKIE);
    expect(seen.cookie).not.toContain(String(cookie?.value));
    expect(seen.cookie).not.toContain(String(body.access_token));
    expect(seen.storage).toBe(0);

    expect(JSON.parse(await callApi(tab))).toMatchObject({
      sub: 'user-alice',
      scope: 'read:profile',
    });
  });

  it('keeps working across several access-token expiries by refreshing silently', async () => {
    let exp = (JSON.parse(await callApi(tab)) as { exp: number }).exp;
    let rotated = (await refreshCookie())?.value;
    for (let expiry = 1; expiry <= 3; expiry += 1) {
      skewMs += PAST_EXPIRY_MS;
      const from = traffic.length;
      const me = JSON.parse(await callApi(tab)) as { sub: string; exp: number };
      // RFC 6750 §3.1: the expired token is refused as invalid_token; the page refreshes
      // with its cookie (RFC 6749 §6) and retries, and the user sees no failure.
      expect(traffic.slice(from)).toEqual([
        { method: 'GET', path: '/api/me', status: 401, error: 'invalid_token' },
        { method: 'POST', path: '/auth/token', status: 200 },
        { method: 'GET', path: '/api/me', status: 200 },
      ]);
      expect(me.sub).toBe('user-alice');
      expect(me.exp).toBeGreaterThan(exp);
      exp = me.exp;
      // RFC 9700 §4.14.2: every refresh rotated the refresh token.
      const cookie = await refreshCookie();
      expect(cookie?.value).toMatch(/^jgr_/);
      expect(cookie?.value).not.toBe(rotated);
      rotated = cookie?.value;
    }
    expect(await tab.evaluate(() => document.body.dataset.state)).toBe('signed-in');
  });

  it('refuses a form POST to the token endpoint from another site or origin', async () => {
    const before = (await refreshCookie())?.value;
    // Another site (127.0.0.1 is not localhost), then the same site on another port.
    for (const evilOrigin of [
      `http://127.0.0.1:${attacker.port}`,
      `http://localhost:${attacker.port}`,
    ]) {
      const evil = await openTab();
      const posted = nextResponse(evil, `${app.origin}/auth/token`);
      await evil.goto(`${evilOrigin}/form`);
      const answer = await posted;
      expect(answer.status()).toBe(403);
      expect(answer.request().headers()['x-requested-with']).toBeUndefined();
      expect(await answer.text()).not.toMatch(/access_token|jgr_/);
      expect(answer.headers()['set-cookie']).toBeUndefined();
      await evil.close();
    }
    // A script on the other site can add the CSRF header only through a CORS preflight,
    // which the token endpoint never grants: the request is not sent, nothing is read.
    const evil = await openTab();
    await evil.goto(`http://127.0.0.1:${attacker.port}/`);
    const outcome = await evil.evaluate(async (url) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          credentials: 'include',
          headers: { 'X-Requested-With': 'x', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=refresh_token',
        });
        return `read ${response.status}: ${await response.text()}`;
      } catch (error) {
        return (error as Error).name;
      }
    }, `${app.origin}/auth/token`);
    expect(outcome).toBe('TypeError');
    await evil.close();

    // The session was neither rotated nor ended: same cookie, and the page still works.
    expect((await refreshCookie())?.value).toBe(before);
    const from = traffic.length;
    expect(JSON.parse(await callApi(tab))).toMatchObject({ sub: 'user-alice' });
    expect(traffic.slice(from)).toEqual([{ method: 'GET', path: '/api/me', status: 200 }]);
  });

  it('ends the session in the other tab when one tab logs out', async () => {
    const other = await openTab();
    const restored = nextResponse(other, `${app.origin}/auth/token`);
    await other.goto(app.origin);
    const otherToken = ((await (await restored).json()) as { access_token: string }).access_token;
    await waitState(other, 'signed-in');
    expect(JSON.parse(await callApi(other))).toMatchObject({ sub: 'user-alice' });
    const lastCookie = (await refreshCookie())?.value;

    const logout = nextResponse(tab, `${app.origin}/auth/logout`);
    await tab.click('#logout');
    expect((await logout).status()).toBe(204);
    await waitState(tab, 'signed-out');
    await waitState(other, 'signed-out');
    expect(await refreshCookie()).toBeUndefined();

    // Not only the page's word: the server refuses the other tab's access token (its jti is
    // on the deny list) and the family's last refresh token.
    const api = await fetch(`${app.origin}/api/me`, {
      headers: { Authorization: `Bearer ${otherToken}` },
    });
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const refresh = await fetch(`${app.origin}/auth/token`, {
      method: 'POST',
      headers: {
        Cookie: `${COOKIE}=${lastCookie}`,
        'X-Requested-With': 'test',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=refresh_token',
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });

    // The other tab's next refresh fails too, and it stays signed out.
    const again = nextResponse(other, `${app.origin}/auth/token`);
    await other.reload();
    expect((await again).status()).toBe(400);
    await waitState(other, 'signed-out');
    expect(await other.$eval('#login', (el) => (el as HTMLFormElement).hidden)).toBe(false);
  });

  it('refreshes on a timer from expires_in, before the access token expires', async () => {
    // Real time here, as the page's timer follows expires_in: two-second tokens keep it short.
    const quick = await startFirstParty({
      port: 0,
      users,
      encryptionSecret: randomBytes(32),
      accessTokenTtl: '2s',
    });
    const own = await browser.createBrowserContext();
    try {
      const page = await own.newPage();
      page.setDefaultTimeout(30_000);
      const seen = recordExchanges(page);
      expect(await logIn(page, quick.origin)).toMatchObject({ expires_in: 2 });
      const loggedIn = seen.length;
      // No click: the page refreshes by itself, again and again, ahead of each expiry.
      const refreshes = () => seen.slice(loggedIn).filter((e) => e.path === '/auth/token');
      await vi.waitFor(() => expect(refreshes().length).toBeGreaterThanOrEqual(2), {
        timeout: 30_000,
        interval: 100,
      });
      expect(refreshes().every((e) => e.status === 200)).toBe(true);
      expect(seen.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
      const from = seen.length;
      expect(JSON.parse(await callApi(page))).toMatchObject({ sub: 'user-alice' });
      expect(seen.slice(from).filter((e) => e.path === '/api/me')).toEqual([
        { method: 'GET', path: '/api/me', status: 200 },
      ]);
    } finally {
      await own.close();
      await quick.close();
    }
  });
});
