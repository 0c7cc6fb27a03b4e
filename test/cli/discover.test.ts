/** `jwt-guard discover`: an issuer's metadata and keys, and the problems found in them. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, generateTestKey, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let issuer: TestIssuer;
let impostor: Server;
let impostorUrl: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  // Metadata that names another issuer: the mix-up OIDC Discovery §4.3 exists to catch.
  impostor = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: 'https://elsewhere.example.test', jwks_uri: issuer.jwksUri }));
  });
  await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
  impostorUrl = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await issuer.close();
  impostor.closeAllConnections();
  await new Promise((resolve) => impostor.close(resolve));
});

describe('jwt-guard discover', () => {
  it('exits 0 for the test issuer and lists its keys', async () => {
    const { code, stdout } = await runCli(['discover', issuer.issuer]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Metadata URL:  ${issuer.issuer}/.well-known/openid-configuration`);
    expect(stdout).toContain(`jwks_uri:      ${issuer.jwksUri}`);
    expect(stdout).toContain('kid=rs256-1 kty=RSA alg=RS256 use=sig bits=2048');
    expect(stdout).toContain('kid=es256-1 kty=EC alg=ES256 use=sig crv=P-256');
    expect(stdout).toContain('kid=eddsa-1 kty=OKP alg=EdDSA use=sig crv=Ed25519');
    expect(stdout).toContain('No problems found');
  });

  it('exits 1 when the metadata names another issuer', async () => {
    const { code, stdout } = await runCli(['discover', impostorUrl]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `PROBLEM: the metadata names issuer "https://elsewhere.example.test", not "${impostorUrl}"`,
    );
  });

  it('notes an issuer that differs from its metadata only by a trailing slash', async () => {
    const { code, stdout } = await runCli(['discover', `${issuer.issuer}/`, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.problems).toEqual([
      expect.stringContaining('they differ only by a trailing slash'),
    ]);
  });

  it('reports weak and encryption-only key sets', async () => {
    const weak = await generateTestKey('RS256', 'weak', { modulusLength: 1024 });
    issuer.serveJwks({ keys: [weak.publicJwk, { ...weak.publicJwk, kid: 'enc', use: 'enc' }] });
    try {
      const { code, stdout } = await runCli(['discover', issuer.issuer, '--json']);
      expect(code).toBe(1);
      expect(JSON.parse(stdout).problems).toEqual([
        'key weak is RSA 1024 bits: at least 2048 are needed',
        'key enc is RSA 1024 bits: at least 2048 are needed',
      ]);
      issuer.serveJwks({ keys: [{ ...weak.publicJwk, use: 'enc' }] });
      const encOnly = await runCli(['discover', issuer.issuer, '--json']);
      expect(JSON.parse(encOnly.stdout).problems).toContain(
        'every key has use "enc": none can verify a signature',
      );
    } finally {
      issuer.serveJwks(undefined);
    }
  });

  it('gives one JSON object with --json', async () => {
    const { code, stdout } = await runCli(['discover', issuer.issuer, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      issuer: issuer.issuer,
      metadataUrl: `${issuer.issuer}/.well-known/openid-configuration`,
      metadataIssuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      problems: [],
    });
    expect(report.keys.map((key: { kid: string }) => key.kid)).toEqual([
      'rs256-1',
      'es256-1',
      'eddsa-1',
    ]);
  });
});
