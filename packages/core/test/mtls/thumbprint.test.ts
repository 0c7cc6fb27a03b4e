/** x5t#S256 thumbprints: from the certificate, and from a hex fingerprint (Cloudflare). */
import { createHash, X509Certificate } from 'node:crypto';
import { createClientCertificate, type TestCertificate } from '@jwt-guard/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprint, thumbprintFromHexFingerprint } from '../../src/mtls/index.js';

let client: TestCertificate;
let hex: string;

beforeAll(async () => {
  client = await createClientCertificate();
  hex = new X509Certificate(client.certPem).fingerprint256.replaceAll(':', '');
});

describe('certificateThumbprint', () => {
  it('is base64url(SHA-256(DER)) without padding (RFC 8705 §3.1)', async () => {
    const expected = createHash('sha256').update(client.der).digest('base64url');
    const thumbprint = await certificateThumbprint(client.der);
    expect(thumbprint).toBe(expected);
    expect(thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("equals Node's X509Certificate.fingerprint256, re-encoded", async () => {
    const expected = Buffer.from(hex, 'hex').toString('base64url');
    expect(await certificateThumbprint(client.der)).toBe(expected);
  });

  it('reads only the view it is given', async () => {
    const padded = new Uint8Array(client.der.length + 8);
    padded.set(client.der, 4);
    const view = padded.subarray(4, 4 + client.der.length);
    expect(await certificateThumbprint(view)).toBe(client.thumbprint);
  });

  it('hashes the bytes only: an empty input has the empty digest', async () => {
    expect(await certificateThumbprint(new Uint8Array())).toBe(
      '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU',
    );
  });
});

describe('thumbprintFromHexFingerprint', () => {
  it('gives the certificate thumbprint, in either letter case', async () => {
    expect(thumbprintFromHexFingerprint(hex)).toBe(client.thumbprint);
    expect(thumbprintFromHexFingerprint(hex.toLowerCase())).toBe(client.thumbprint);
  });

  it.each([
    ['an empty string (Cloudflare, no certificate)', () => ''],
    ['colon-separated', (h: string) => h.match(/../g)?.join(':')],
    ['63 digits', (h: string) => h.slice(1)],
    ['65 digits', (h: string) => `${h}0`],
    ['a non-hex digit', (h: string) => `${h.slice(1)}g`],
    ['surrounding spaces', (h: string) => ` ${h} `],
    ['a trailing newline', (h: string) => `${h}\n`],
    ['SHA-1 (40 digits)', (h: string) => h.slice(0, 40)],
    ['a number', () => 42],
    ['undefined', () => undefined],
    ['null', () => null],
    ['an array of the digits', (h: string) => [h]],
    ['the bytes', (h: string) => Buffer.from(h, 'hex')],
  ])('is undefined for %s', (_, value) => {
    expect(thumbprintFromHexFingerprint(value(hex))).toBeUndefined();
  });
});
