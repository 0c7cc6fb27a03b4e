import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, generateTestKey } from '@jwt-guard/testing';
import { describe, expect, it } from 'vitest';
import { createVerifier, type JwtGuardError } from '../../src/index.js';
import { codeOf } from '../outcome.js';

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('key source', () => {
  it('shares one discovery and one JWKS fetch among 50 concurrent cold requests', async () => {
    const issuer = await createTestIssuer();
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const token = await issuer.mint();
    const results = await Promise.all(Array.from({ length: 50 }, () => verifier.verify(token)));
    expect(results).toHaveLength(50);
    expect(issuer.requests).toEqual({ discovery: 1, jwks: 1 });
    await issuer.close();
  });

  it('refetches once for an unknown kid, then answers 401 within the cooldown', async () => {
    const issuer = await createTestIssuer();
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    await verifier.verify(await issuer.mint());
    expect(issuer.requests.jwks).toBe(1);
    const stranger = await generateTestKey('RS256', 'unknown-1');
    const forged = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        issuer.mint({ key: stranger, header: { kid: `random-${i}` } }),
      ),
    );
    const codes = await Promise.all(forged.map((t) => codeOf(verifier.verify(t))));
    expect(new Set(codes)).toEqual(new Set(['ERR_KEY_NOT_FOUND']));
    expect(issuer.requests.jwks).toBe(2);
    expect(await codeOf(verifier.verify(forged[0]!))).toBe('ERR_KEY_NOT_FOUND');
    expect(issuer.requests.jwks).toBe(2);
    await issuer.close();
  });

  it('accepts a rotated key on first sight with one refetch', async () => {
    const issuer = await createTestIssuer();
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    await verifier.verify(await issuer.mint());
    await issuer.rotate();
    const fresh = await issuer.mint();
    await expect(verifier.verify(fresh)).resolves.toBeTruthy();
    expect(issuer.requests.jwks).toBe(2);
    await issuer.close();
  });

  it('answers 503 with Retry-After and no challenge when the issuer is down, then recovers', async () => {
    const issuer = await createTestIssuer();
    const token = await issuer.mint();
    const port = Number(new URL(issuer.issuer).port);
    await issuer.close();
    const verifier = createVerifier({
      issuer: `http://127.0.0.1:${port}`,
      audience: issuer.audience,
    });
    let error: JwtGuardError | undefined;
    try {
      await verifier.verify(token);
    } catch (e) {
      error = e as JwtGuardError;
    }
    expect(error?.code).toBe('ERR_KEYS_UNAVAILABLE');
    expect(error?.status).toBe(503);
    expect(error?.expose).toBe(false);
    expect(error?.headers).toEqual({ 'Retry-After': expect.stringMatching(/^\d+$/) });
  });

  it('uses RFC 8414 metadata when OpenID discovery is absent, and an issuer path', async () => {
    const issuer = await createTestIssuer({ discovery: 'oauth', path: '/tenant-a' });
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    await expect(verifier.verify(await issuer.mint())).resolves.toBeTruthy();
    await issuer.close();
  });

  it('refuses metadata that names another issuer (503, keys never fetched)', async () => {
    let jwksHits = 0;
    const { server, url } = await listen((req, res) => {
      if (req.url === '/jwks') jwksHits += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: 'https://elsewhere.example', jwks_uri: `${url}/jwks` }));
    });
    const verifier = createVerifier({ issuer: url, audience: 'a' });
    const issuer = await createTestIssuer();
    const token = await issuer.mint({ claims: { iss: url } });
    expect(await codeOf(verifier.verify(token))).toBe('ERR_KEYS_UNAVAILABLE');
    expect(jwksHits).toBe(0);
    server.close();
    await issuer.close();
  });

  it('uses an explicit jwksUri without discovery', async () => {
    const issuer = await createTestIssuer({ discovery: 'none' });
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
    });
    await expect(verifier.verify(await issuer.mint({ alg: 'ES256' }))).resolves.toBeTruthy();
    expect(issuer.requests).toEqual({ discovery: 0, jwks: 1 });
    await issuer.close();
  });

  it('accepts a token without kid only when exactly one key fits its alg', async () => {
    const issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256'] });
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    await expect(
      verifier.verify(await issuer.mint({ header: { kid: undefined } })),
    ).resolves.toBeTruthy();
    await issuer.rotate({ keepPrevious: true });
    const twoRsaKeys = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    expect(await codeOf(twoRsaKeys.verify(await issuer.mint({ header: { kid: undefined } })))).toBe(
      'ERR_KEY_NOT_FOUND',
    );
    await issuer.close();
  });

  it('pins each key to one algorithm: an RS256 key does not verify PS256', async () => {
    const issuer = await createTestIssuer({ algorithms: ['RS256'] });
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const key = issuer.keys[0]!;
    const { SignJWT } = await import('jose');
    const ps = await new SignJWT({
      iss: issuer.issuer,
      aud: issuer.audience,
      exp: Math.floor(Date.now() / 1000) + 60,
    })
      .setProtectedHeader({ alg: 'PS256', kid: key.kid })
      .sign(
        await (await import('node:crypto')).webcrypto.subtle.importKey(
          'pkcs8',
          await (await import('node:crypto')).webcrypto.subtle.exportKey('pkcs8', key.privateKey),
          { name: 'RSA-PSS', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
      );
    expect(await codeOf(verifier.verify(ps))).toBe('ERR_KEY_NOT_FOUND');
    await issuer.close();
  });
});
