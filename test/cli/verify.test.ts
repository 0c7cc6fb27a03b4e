/**
 * `jwt-guard verify`: core's verifier against a real local issuer; each refusal exits 1
 * with its code and a hint computed from the token and the options.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256'] });
});
afterAll(() => issuer.close());

const verify = (token: string, ...flags: string[]) =>
  runCli(['verify', token, '--issuer', issuer.issuer, '--audience', issuer.audience, ...flags]);

describe('jwt-guard verify', () => {
  it('exits 0 for a valid token, with sub, exp and the kid', async () => {
    const token = await issuer.mint({ claims: { sub: 'alice' } });
    const { code, stdout } = await verify(token);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'valid',
      'sub: alice',
      expect.stringMatching(/^exp: valid for [45] min$/),
      'kid: rs256-1',
      '',
    ]);
  });

  it('names both audiences when they differ', async () => {
    const token = await issuer.mint();
    const { code, stdout } = await runCli([
      'verify',
      token,
      '--issuer',
      issuer.issuer,
      '--audience',
      'https://other.example.test',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_AUDIENCE_MISMATCH');
    expect(stdout).toContain(
      "HINT: the token's aud is https://api.example.test; you configured https://other.example.test",
    );
  });

  it('says when the issuers differ only by a trailing slash', async () => {
    const token = await issuer.mint();
    const { code, stdout } = await runCli([
      'verify',
      token,
      '--issuer',
      `${issuer.issuer}/`,
      '--audience',
      issuer.audience,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_ISSUER_MISMATCH');
    expect(stdout).toContain(
      `HINT: the token's iss is ${issuer.issuer}; you configured ${issuer.issuer}/ (they differ only by a trailing slash)`,
    );
  });

  it('says when the audiences differ only by a trailing slash', async () => {
    const token = await issuer.mint();
    const { code, stdout } = await runCli([
      'verify',
      token,
      '--issuer',
      issuer.issuer,
      '--audience',
      `${issuer.audience}/`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_AUDIENCE_MISMATCH');
    expect(stdout).toContain(
      `HINT: the token's aud is ${issuer.audience}; you configured ${issuer.audience}/ (they differ only by a trailing slash)`,
    );
  });

  it('says how long ago an expired token expired', async () => {
    const { code, stdout } = await verify(await issuer.mint({ expiresIn: -190 }));
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_TOKEN_EXPIRED');
    expect(stdout).toContain('HINT: the token expired 3 min ago');
  });

  it('lists the kids the key set does have for an unknown kid', async () => {
    const { code, stdout } = await verify(await issuer.mint({ header: { kid: 'retired-7' } }));
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_KEY_NOT_FOUND');
    expect(stdout).toContain(
      `HINT: no key with kid retired-7 at ${issuer.jwksUri} (the set has kids: rs256-1, es256-1)`,
    );
  });

  it('names the allowed algorithms for one that is not', async () => {
    const token = await issuer.mint({ alg: 'ES256' });
    const { code, stdout } = await verify(token, '--algorithms', 'RS256');
    expect(code).toBe(1);
    expect(stdout).toContain('ERR_ALGORITHM_NOT_ALLOWED');
    expect(stdout).toContain("HINT: the token's alg is ES256; allowed: RS256");
  });

  it('gives the underlying reason when the issuer is down', async () => {
    const token = await issuer.mint();
    issuer.setOutage(true);
    try {
      const { code, stdout } = await verify(token, '--json');
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({
        valid: false,
        code: 'ERR_KEYS_UNAVAILABLE',
        description: 'The signing keys are unavailable',
      });
      expect(report.hint).toContain(issuer.issuer);
      expect(report.hint).toContain('unexpected status 503');
    } finally {
      issuer.setOutage(false);
    }
  });

  it('gives one JSON object with --json, and never other claim values in a hint', async () => {
    const token = await issuer.mint({ claims: { email: 'alice@example.test' }, expiresIn: -60 });
    const failed = await verify(token, '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({
      valid: false,
      code: 'ERR_TOKEN_EXPIRED',
      description: 'The access token has expired',
      hint: 'the token expired 1 min ago',
    });
    expect(failed.stdout).not.toContain('alice@example.test');

    const ok = await verify(await issuer.mint({ claims: { sub: 'bob' } }), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, sub: 'bob', kid: 'rs256-1' });
  });

  it('reads the token from standard input with -', async () => {
    const token = await issuer.mint();
    const { code } = await runCli(
      ['verify', '-', '--issuer', issuer.issuer, '--audience', issuer.audience],
      token,
    );
    expect(code).toBe(0);
  });

  it('exits 2 when a required option is missing', async () => {
    const { code, stderr } = await runCli(['verify', 'x.y.z', '--issuer', issuer.issuer]);
    expect(code).toBe(2);
    expect(stderr).toContain('verify needs --audience');
  });
});
