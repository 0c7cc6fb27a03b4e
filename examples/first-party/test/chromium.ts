/** A real headless Chromium for the browser test, from the npm registry, on loopback only. */
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type HTTPResponse, type Page } from 'puppeteer-core';

/**
 * Launches the Chromium that `@sparticuz/chromium` ships inside its package (unpacked to the
 * temporary directory on first use), driven by puppeteer-core, which downloads nothing.
 *
 * Not with that package's own `args`: they turn off the same-origin policy
 * (`--disable-web-security`) and site isolation, which is what this test depends on.
 */
export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    headless: 'shell',
    args: [
      // The test runs as root in CI, where Chromium's sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      // No name but the loopback ones resolves: nothing can leave the machine.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
    timeout: 60_000,
    protocolTimeout: 60_000,
  });
}

/** One API or token-endpoint exchange, as the page's network saw it. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The RFC 6750 `error` of a `WWW-Authenticate` challenge, if any. */
  readonly error?: string;
}

/** Records, in order, every exchange of `page` with the API or the token endpoints. */
export function recordExchanges(page: Page): Exchange[] {
  const exchanges: Exchange[] = [];
  page.on('response', (response: HTTPResponse) => {
    const { pathname } = new URL(response.url());
    if (!/^\/(api|auth)\//.test(pathname)) return;
    const error = /\berror="([^"]+)"/.exec(response.headers()['www-authenticate'] ?? '')?.[1];
    exchanges.push({
      method: response.request().method(),
      path: pathname,
      status: response.status(),
      ...(error ? { error } : {}),
    });
  });
  return exchanges;
}

/** Waits for the next response of `page` to `url` with `method`. */
export const nextResponse = (page: Page, url: string, method = 'POST') =>
  page.waitForResponse((r) => r.url() === url && r.request().method() === method);
