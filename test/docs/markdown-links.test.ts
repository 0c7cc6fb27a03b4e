/**
 * The repository's Markdown as GitHub renders it: every relative link reaches a file, and
 * every `#fragment` a heading of that file (GitHub's anchors: lower case, punctuation
 * dropped, spaces as hyphens, a repeated heading numbered). A renamed section breaks here,
 * not in a reader's browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The pages a reader reaches from the README: ours, each package's, and docs/.
const FILES = [
  'README.md',
  'SECURITY.md',
  'ARCHITECTURE.md',
  ...readdirSync(join(root, 'packages')).map((pkg) => `packages/${pkg}/README.md`),
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].filter((file) => existsSync(join(root, file)));

/** The Markdown outside fenced code blocks, where links and headings mean something. */
function prose(markdown: string): string {
  return markdown.replace(/^ *(```|~~~)[^\n]*\n[\s\S]*?^ *\1 *$/gm, '');
}

/** GitHub's anchor of a heading's text. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = slug(text!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  const withoutCode = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((match) => match[1]!);
}

describe('Markdown links', () => {
  it.each(FILES)('every relative link and anchor in %s resolves', (file) => {
    const path = join(root, file);
    const broken: string[] = [];
    for (const link of linksOf(readFileSync(path, 'utf8'))) {
      if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:: not ours to check offline
      const [target = '', fragment] = link.split('#');
      const targetPath = target === '' ? path : join(dirname(path), decodeURI(target));
      if (!existsSync(targetPath)) {
        broken.push(`${link} (no ${relative(root, targetPath)})`);
        continue;
      }
      if (fragment !== undefined && targetPath.endsWith('.md')) {
        if (!anchorsOf(readFileSync(targetPath, 'utf8')).has(decodeURIComponent(fragment))) {
          broken.push(`${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes GitHub anchors, so that the check above can fail', () => {
    const anchors = anchorsOf(
      '# A\n## Issuing policy (`@jwt-guard/issuer`)\n```md\n## In code\n```\n## A\n## The access-token profile (RFC 9068)\n',
    );
    expect([...anchors]).toEqual([
      'a',
      'issuing-policy-jwt-guardissuer',
      'a-1',
      'the-access-token-profile-rfc-9068',
    ]);
    expect(linksOf('[x](#a) `[y](#b)` [z](SECURITY.md#c "t")')).toEqual(['#a', 'SECURITY.md#c']);
  });
});
