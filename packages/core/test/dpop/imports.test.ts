/**
 * The DPoP module runs on every runtime (Node, Bun, Deno, Cloudflare Workers): neither it nor
 * any core module it reaches imports a `node:` built-in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DPOP_DIR = fileURLToPath(new URL('../../src/dpop/', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function specifiers(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => match[1] as string);
}

describe('dpop imports', () => {
  it('reach no node: module, directly or through the core modules they import', () => {
    const seen = new Set<string>();
    const pending = readdirSync(DPOP_DIR)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(DPOP_DIR, name));
    expect(pending.length).toBeGreaterThan(5);
    const external = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of specifiers(file)) {
        expect(specifier, file).not.toMatch(/^node:/);
        if (specifier.startsWith('.')) {
          pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        } else {
          external.add(specifier);
        }
      }
    }
    // Only runtime-agnostic packages: jose's default (WebCrypto) build and lru-cache.
    expect([...external].sort()).toEqual(['jose', 'lru-cache']);
  });
});
