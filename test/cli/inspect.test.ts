/** `jwt-guard inspect`: decoding only, said first; times in words; JWE header only; bad input exits 2. */
import {
  createTestIssuer,
  encryptToken,
  generateEncryptionKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe('jwt-guard inspect', () => {
  it('says first that nothing is verified, then the header, claims and times', async () => {
    const token = await issuer.mint({ claims: { sub: 'alice' } });
    const { code, stdout } = await runCli(['inspect', token]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('NOT VERIFIED: this only decodes the token');
    expect(stdout).toContain('Kind: JWS');
    expect(stdout).toContain('"alg": "ES256"');
    expect(stdout).toContain('"sub": "alice"');
    expect(stdout).toMatch(/exp: \d{4}-\d\d-\d\dT[\d:.]+Z \(valid for [45] min\)/);
    expect(stdout).toMatch(/iat: .*\(issued \d+ s ago\)/);
  });

  it('shows an expired token as expired, how long ago', async () => {
    const token = await issuer.mint({ expiresIn: -190 });
    const { code, stdout } = await runCli(['inspect', token]);
    expect(code).toBe(0);
    expect(stdout).toContain('(expired 3 min ago)');
  });

  it('reads only the header of an encrypted token', async () => {
    const key = await generateEncryptionKey('RSA-OAEP-256', { kid: 'enc-1' });
    const token = await encryptToken(await issuer.mint(), { key: key.publicJwk });
    const { code, stdout } = await runCli(['inspect', token, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toEqual({
      verified: false,
      kind: 'JWE',
      header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: 'enc-1' },
    });
  });

  it('reads the token from standard input with -', async () => {
    const token = await issuer.mint({ claims: { sub: 'from-stdin' } });
    const { code, stdout } = await runCli(['inspect', '-'], `${token}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain('"sub": "from-stdin"');
  });

  it.each([
    ['not a token', 'garbage'],
    ['three parts that are not base64url JSON', 'a.b.c'],
    ['empty input', ''],
  ])('exits 2 with a clear message for %s', async (_name, input) => {
    const { code, stdout } = await runCli(['inspect', '-'], input);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Not a token: /);
  });

  it('gives one JSON object with --json, NumericDates as ISO and relative', async () => {
    const token = await issuer.mint({
      claims: { auth_time: Math.floor(Date.now() / 1000) - 7200 },
    });
    const { code, stdout } = await runCli(['inspect', token, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      verified: false,
      kind: 'JWS',
      header: { alg: 'ES256', kid: issuer.keys[0]?.kid },
      claims: { iss: issuer.issuer, aud: issuer.audience },
    });
    expect(report.times.exp.iso).toBe(new Date(report.claims.exp * 1000).toISOString());
    expect(report.times.exp.relative).toMatch(/^valid for/);
    expect(report.times.auth_time.relative).toBe('authenticated 2 h ago');
    expect(stdout).not.toContain('\u001b[');
  });

  it('exits 2 with a usage message for a missing token', async () => {
    const { code, stderr } = await runCli(['inspect']);
    expect(code).toBe(2);
    expect(stderr).toContain('inspect needs a token or -');
  });
});
