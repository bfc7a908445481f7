import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type TrustFn = (address: string, hop: number) => boolean;

/** TRUST_PROXY as express reads it (`app.set('trust proxy', …)`), for code that runs without Express. */
export function compileTrust(trust: TrustProxy): TrustFn {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/**
 * Whether a request reached us over https, as express's `req.secure` decides it: TLS on our own
 * socket, or a trusted proxy saying so in X-Forwarded-Proto.
 */
export function isHttps(req: IncomingMessage, trust: TrustFn): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const address = req.socket.remoteAddress;
  if (!address || !trust(address, 0)) return false;
  const header = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(header) ? header[0] : header)?.split(',', 1)[0]?.trim().toLowerCase();
  return proto === 'https';
}

/** Strict-Transport-Security only means something on an https answer (RFC 6797 §7.2). */
export const HSTS_HEADER = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const;
