/**
 * Who may use the admin API and the console. With ADMIN_TOKEN set, a request must carry it
 * as `Authorization: Bearer <token>`, or as the password of HTTP Basic authentication (any
 * user name: what a browser asks for and then sends with every request of the console, the
 * event stream included), 401 without one, 403 with another, wherever it comes from. Without it, only requests whose TCP peer is on the loopback interface are answered
 * (403 otherwise): a gateway reachable by the provinces must not let them start jobs.
 *
 * The peer is the socket's remote address, never X-Forwarded-For or the like: any client can
 * write those headers. Behind a proxy on the same host every request looks local, which is
 * why an exposed deployment should set a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { AdminError } from './errors';

export interface AccessOptions {
  token?: string;
  /** The peer's address; tests give another to play a remote client (default: the socket's). */
  remoteAddressOf?: (req: IncomingMessage) => string | undefined;
}

export interface AccessGuard {
  /** How the API is protected (the start log says which). */
  readonly mode: 'token' | 'loopback-only';
  /** Throws the AdminError to answer with, or returns when the request may go on. */
  check(req: IncomingMessage): void;
}

export function accessGuard(options: AccessOptions): AccessGuard {
  const remoteAddressOf = options.remoteAddressOf ?? ((req: IncomingMessage) => req.socket.remoteAddress);
  const expected = options.token === undefined ? undefined : digest(options.token);
  if (!expected) {
    return {
      mode: 'loopback-only',
      check(req) {
        if (isLoopback(remoteAddressOf(req))) return;
        throw new AdminError(403, 'forbidden', 'no ADMIN_TOKEN is configured: the admin API answers requests from the loopback interface only');
      },
    };
  }
  return {
    mode: 'token',
    check(req) {
      const given = tokenOf(req.headers.authorization);
      if (given === undefined)
        throw new AdminError(401, 'unauthorized', 'the admin API needs Authorization: Bearer <ADMIN_TOKEN> (or Basic, the token as password)');
      if (!timingSafeEqual(digest(given), expected)) throw new AdminError(403, 'forbidden', 'the bearer token is not the admin token');
    },
  };
}

/**
 * Compared as SHA-256 digests: timingSafeEqual needs equal lengths, and comparing digests
 * keeps the token's length from showing in the time an answer takes.
 */
function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function tokenOf(header: string | undefined): string | undefined {
  const bearer = /^Bearer +(\S+) *$/i.exec(header ?? '');
  if (bearer) return bearer[1];
  const basic = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '');
  if (!basic) return undefined;
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6 (::ffff:127.x.y.z, what a dual-stack socket reports). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped ? mapped[1] : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return isIPv6(address) && /^(0{0,4}:){2,7}0{0,3}1$/.test(address);
}
