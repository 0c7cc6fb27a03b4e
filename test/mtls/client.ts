/** A client for the mTLS apps: `GET /me` with a token, over HTTP or HTTPS with a client certificate. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TestCertificate } from '@jwt-guard/testing';
import type { Answer } from './answers.js';

/** What to send. */
export interface CallOptions {
  readonly token: string;
  /** Extra header fields; an array value goes out as that many header lines. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** HTTPS only: the server certificate to trust. */
  readonly ca?: string;
  /** HTTPS only: the client certificate to present. Default: none. */
  readonly certificate?: TestCertificate;
}

/**
 * Sends `GET /me` on a fresh connection (`agent: false`): a new TLS handshake every time, so
 * each request presents exactly the certificate it names and resumes no session.
 *
 * @example
 * ```ts
 * const answer = await call(app.base, { token, ca: server.certPem, certificate: client });
 * ```
 */
export function call(base: string, options: CallOptions): Promise<Answer> {
  const url = new URL('/me', base);
  const tls = url.protocol === 'https:';
  const headers = { ...options.headers, authorization: `Bearer ${options.token}` };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        const challenge = res.headers['www-authenticate'];
        resolve({ status: res.statusCode ?? 0, challenge, body });
      });
    };
    const req = tls
      ? httpsRequest(
          url,
          {
            agent: false,
            headers,
            ca: options.ca,
            cert: options.certificate?.certPem,
            key: options.certificate?.keyPem,
          },
          onResponse,
        )
      : httpRequest(url, { agent: false, headers }, onResponse);
    req.on('error', reject);
    req.end();
  });
}
