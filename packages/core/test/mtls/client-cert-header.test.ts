/** RFC 9440 Client-Cert values: exactly one RFC 8941 byte sequence of canonical base64. */
import { createClientCertificate, type TestCertificate } from '@jwt-guard/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateThumbprint, parseClientCertHeader } from '../../src/mtls/index.js';

let client: TestCertificate;
let b64: string;

beforeAll(async () => {
  client = await createClientCertificate();
  b64 = Buffer.from(client.der).toString('base64');
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('parseClientCertHeader', () => {
  it('gives the DER of a well-formed value, whose thumbprint is the certificate’s', async () => {
    const der = parseClientCertHeader(`:${b64}:`);
    expect(der).toEqual(client.der);
    expect(await certificateThumbprint(der as Uint8Array)).toBe(client.thumbprint);
  });

  it.each([
    ['spaces and tabs around the value', () => ` \t:${b64}:\t `],
    ['an array of one value', () => [`:${b64}:`]],
  ])('accepts %s', (_, value) => {
    expect(parseClientCertHeader(value())).toEqual(client.der);
  });

  it.each([
    ['no padding needed', ':AQID:', bytes(1, 2, 3)],
    ['one pad character', ':AQI=:', bytes(1, 2)],
    ['two pad characters', ':AQ==:', bytes(1)],
    ['+ and /', ':+/8=:', bytes(0xfb, 0xff)],
  ])('decodes standard base64 with %s', (_, value, expected) => {
    expect(parseClientCertHeader(value)).toEqual(expected);
  });

  it.each([
    ['missing padding', ':AQ:'],
    ['too much padding', ':AQ===:'],
    ['padding inside', ':AQ==AQID:'],
    ['non-zero pad bits', ':AR==:'],
    ['base64url characters', ':-_8=:'],
    ['a space inside', ':AQ ID:'],
    ['a character outside base64', ':AQI*:'],
    ['a length of 4n+1', ':AQIDB:'],
  ])('refuses bad base64: %s', (_, value) => {
    expect(parseClientCertHeader(value)).toBeUndefined();
  });

  it.each([
    ['no colons', (v: string) => v],
    ['no leading colon', (v: string) => `${v}:`],
    ['no trailing colon', (v: string) => `:${v}`],
    ['double colons', (v: string) => `::${v}::`],
    ['two items', (v: string) => `:${v}:, :${v}:`],
    ['two items without a space', (v: string) => `:${v}:,:${v}:`],
    ['a trailing comma', (v: string) => `:${v}:,`],
    ['a parameter', (v: string) => `:${v}:;a=1`],
    ['a bare parameter', (v: string) => `:${v}:;a`],
    ['a string item', (v: string) => `"${v}"`],
    ['an inner list', (v: string) => `(:${v}:)`],
    ['PEM', () => `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`],
    ['a newline around it', (v: string) => `\n:${v}:\n`],
  ])('refuses %s', (_, wrap) => {
    expect(parseClientCertHeader(wrap(b64))).toBeUndefined();
  });

  it.each([
    ['an empty string', ''],
    ['whitespace', '  '],
    ['an empty byte sequence', '::'],
    ['undefined', undefined],
    ['null', null],
    ['an empty array', []],
    ['an array of two values', 'two'],
  ])('refuses %s', (_, value) => {
    const input = value === 'two' ? [`:${b64}:`, `:${b64}:`] : value;
    expect(parseClientCertHeader(input)).toBeUndefined();
  });
});
