/** `jwt-guard verify` and `discover` against tokens and metadata of a real OpenID Provider. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalProvider, RESOURCE, startProvider } from '../oidc/provider.js';
import { runCli } from './run-cli.js';

let op: LocalProvider;
beforeAll(async () => {
  op = await startProvider({ alg: 'RS256' });
});
afterAll(() => op.close());

describe('jwt-guard against oidc-provider', () => {
  it('verifies an access token it issued', async () => {
    const token = await op.token('read:orders');
    const { code, stdout } = await runCli([
      'verify',
      token,
      '--issuer',
      op.issuer,
      '--audience',
      RESOURCE,
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, kid: expect.any(String) });
  });

  it('finds no problem in its metadata and keys', async () => {
    const { code, stdout } = await runCli(['discover', op.issuer, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.jwksUri).toMatch(new RegExp(`^${op.issuer}/`));
    expect(report.keys).toEqual([expect.objectContaining({ kty: 'RSA', bits: 2048 })]);
  });
});
