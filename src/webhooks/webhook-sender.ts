import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress, TargetRefused, urlProblem } from './target-guard';

export const DELIVERY_TIMEOUT_MS = 10_000;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * POSTs a message: 2xx is success; anything else (including a redirect, which is not followed)
 * is a failure. The connection goes to an address checked by the SSRF guard at connect time, and
 * the whole exchange is cut at 10 s.
 */
@Injectable()
export class WebhookSender {
  async post(url: string, headers: Record<string, string>, body: string, allowPrivate: boolean, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<SendResult> {
    const started = Date.now();
    const done = (statusCode: number | null, error: string | null): SendResult => ({
      ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
      statusCode,
      latencyMs: Date.now() - started,
      error: error ?? (statusCode !== null && (statusCode < 200 || statusCode >= 300) ? `receiver answered ${statusCode}${statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : ''}` : null),
    });
    const problem = urlProblem(url);
    if (problem) return done(null, problem);
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !allowPrivate && isPrivateAddress(host)) return done(null, `${host} is a loopback, private or reserved address`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (r: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = send(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: guardedLookup(allowPrivate),
          timeout: timeoutMs,
        },
        (res) => {
          // The body is not needed; read (at most a little of) it so the socket is released.
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > 64 * 1024) res.destroy();
          });
          res.on('end', () => finish(done(res.statusCode ?? null, null)));
          res.on('close', () => finish(done(res.statusCode ?? null, null)));
          res.on('error', () => finish(done(res.statusCode ?? null, null)));
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (err: NodeJS.ErrnoException) => finish(done(null, truncate(err instanceof TargetRefused ? err.message : `${err.code ? `${err.code}: ` : ''}${err.message}`))));
      req.end(body);
    });
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup for http.request that refuses private addresses, so the checked address is the one connected to. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '');
      const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new TargetRefused(`${hostname} resolves to ${bad.address}, a loopback, private or reserved address`), '');
      if (addresses.length === 0) return callback(new TargetRefused(`${hostname} does not resolve`), '');
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const truncate = (s: string) => (s.length > 480 ? `${s.slice(0, 480)}…` : s);
