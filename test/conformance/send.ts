/** A raw HTTP client for the table: repeated header names go out as separate lines. */
import { request } from 'node:http';
import type { ScenarioRequest, ScenarioResponse } from './scenarios.js';

/**
 * Sends a scenario request to `base` (an http://127.0.0.1 origin).
 *
 * @example
 * ```ts
 * const res = await send('http://127.0.0.1:3000', { path: '/me', headers: [['authorization', 'Bearer x']] });
 * ```
 */
export function send(base: string, scenario: ScenarioRequest): Promise<ScenarioResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(scenario.path, base), {
      method: scenario.method ?? 'GET',
      timeout: 15_000,
      // A body the app never reads (a refusal before parsing) makes workerd, behind miniflare,
      // drop the connection without saying so: a pooled socket would fail the next request.
      ...(scenario.body === undefined ? {} : { agent: false }),
    });
    const grouped = new Map<string, string[]>();
    for (const [name, value] of scenario.headers ?? []) {
      grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    for (const [name, values] of grouped)
      req.setHeader(name, values.length === 1 ? values[0]! : values);
    if (scenario.body !== undefined)
      req.setHeader('content-length', Buffer.byteLength(scenario.body));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(scenario.body);
  });
}
