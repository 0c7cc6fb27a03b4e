/**
 * The README's "Issuing tokens" section against the code it describes: the endpoints table
 * lists exactly the paths the token endpoints serve, the cookie is the one they set, and the
 * sequence diagrams are Mermaid that GitHub can render.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTokenEndpoints, createTokenIssuer, REFRESH_COOKIE } from '@jwt-guard/issuer';
import { describe, expect, it } from 'vitest';

const read = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), 'utf8');
const readme = read('README.md');
const section = readme.slice(
  readme.indexOf('\n## Issuing tokens\n'),
  readme.indexOf('\n## ', readme.indexOf('\n## Issuing tokens\n') + 1),
);

function servedPaths(): string[] {
  const tokens = createTokenIssuer({
    issuer: 'https://api.example.com',
    audience: 'https://api.example.com',
    keys: { encryptionSecret: 'a-secret-of-at-least-32-bytes-for-the-docs-test', schedule: false },
  });
  const endpoints = createTokenEndpoints(tokens, { authenticate: () => undefined });
  return Object.values(endpoints.paths);
}

describe('README: Issuing tokens', () => {
  it('is there, linked from the package table', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect(readme).toContain('[Issuing tokens](#issuing-tokens)');
  });

  it('lists in its endpoints table exactly the paths the token endpoints serve', () => {
    const rows = [...section.matchAll(/^\| `(GET|POST) (\/[^`]*)` /gm)].map((row) => row[2]);
    expect(rows.sort()).toEqual(servedPaths().sort());
  });

  it('names the cookie the endpoints set, as do SECURITY.md and the package README', () => {
    expect(REFRESH_COOKIE).toBe('__Host-jwt-guard-rt');
    for (const text of [section, read('SECURITY.md'), read('packages/issuer/README.md')]) {
      expect(text).toContain(REFRESH_COOKIE);
    }
  });

  it('draws the browser and the mobile life cycle as Mermaid sequence diagrams', () => {
    const diagrams = [...section.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(diagrams).toHaveLength(2);
    for (const diagram of diagrams) {
      expect(diagram.startsWith('sequenceDiagram\n')).toBe(true);
      for (const step of ['/auth/login', '/auth/token', '/auth/logout', 'Reuse', 'invalid_grant']) {
        expect(diagram).toContain(step);
      }
      // Mermaid reads `;` as the end of a statement and `#` as the start of an entity code.
      expect(diagram).not.toMatch(/[;#]/);
    }
    expect(diagrams[0]).toContain(`Set-Cookie: ${REFRESH_COOKIE}=`);
    expect(diagrams[1]).toContain('refresh_token=RT1');
  });
});
