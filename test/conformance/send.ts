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
    const req = request(new URL(scenario.path, base), { method: 'GET', timeout: 15_000 });
    const grouped = new Map<string, string[]>();
    for (const [name, value] of scenario.headers ?? []) {
      grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    for (const [name, values] of grouped)
      req.setHeader(name, values.length === 1 ? values[0]! : values);
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
    req.end();
  });
}
