/**
 * The node HTTP server under an express app, set up for old, slow and hostile clients, and
 * its orderly stop.
 *
 * - Slow clients: a connection must deliver its headers within headersTimeoutMs and its
 *   whole request within requestTimeoutMs, and may idle between requests for
 *   keepAliveTimeoutMs. node checks these only every connectionsCheckingInterval (30 s by
 *   default), which would let a timeout overrun by that much, so the interval follows them.
 * - Connections refused before a request reached the app (a timeout, broken HTTP, a client
 *   that hung up mid-headers) are answered with a bare HTTP status and reported to the
 *   observer, so they are journaled like every other exchange.
 * - drain(): stops accepting, lets the requests in flight finish (their connections are
 *   closed after the answer instead of kept alive), and past the grace period cuts the rest.
 *   Idle kept-alive connections stay open for a short grace, and a request that comes on
 *   one is answered with `Connection: close`: a client that picked an idle connection just
 *   as the drain began would otherwise get a reset for a request the server never read.
 */
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { ExchangeObserver } from '../journal/exchange-record';
import { FAULT, HTTP_REFUSALS, HttpRefusalName } from '../contract/faults';

export interface HttpServerOptions {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Told of each connection refused before its request reached the app. */
  observe?: ExchangeObserver;
}

export interface DrainOutcome {
  /** Requests still unanswered when the grace period ended; their connections were cut. */
  abandoned: number;
}

/** What node's errors before a request mean, as the refusal to journal (its status is the catalogue's). */
const CLIENT_ERRORS: Record<string, { name: HttpRefusalName; reason: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { name: FAULT.REQUEST_TIMEOUT, reason: 'the request headers did not arrive in time' },
  HPE_HEADER_OVERFLOW: { name: FAULT.HEADERS_TOO_LARGE, reason: 'the request headers are too large' },
  HPE_INVALID_EOF_STATE: { name: FAULT.REQUEST_ABORTED, reason: 'the client closed the connection in the middle of the request' },
};
const BAD_HTTP = { name: FAULT.BAD_HTTP_REQUEST, reason: 'the request is not valid HTTP/1.1' };
const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
const MAX_KEPT_BYTES = 4096; // of a refused request, for the journal
/**
 * How long idle kept-alive connections stay open once a drain begins (at most half the
 * drain's grace): long enough for a client that has just picked one to have its request
 * answered, short enough that the drain does not wait on clients that never send again.
 */
export const DRAIN_IDLE_GRACE_MS = 1000;

/** Requests whose body was cut off by the request timeout (the app journals them, not this). */
const timedOut = new WeakSet<IncomingMessage>();

export function wasTimedOut(req: IncomingMessage): boolean {
  return timedOut.has(req);
}

/** The response a connection is busy with, or last answered (kept on the socket, as node keeps its own). */
const CURRENT = Symbol('current response');
type Connection = Socket & { [CURRENT]?: ServerResponse };

function unfinished(socket: Connection): ServerResponse | undefined {
  const res = socket[CURRENT];
  return res && !res.writableFinished && !res.destroyed ? res : undefined;
}

export class HttpServer {
  readonly server: Server;
  /**
   * Open connections; each knows its request in flight (a client error names only a socket).
   * Tracked per connection, not per request: a Map of the requests in flight, written and
   * cleared for every request, kept whole requests alive into V8's old generation (measured,
   * docs/BENCHMARKS.md: half the promotion and a third of the full collections of two hops).
   */
  private readonly connections = new Set<Connection>();
  private readonly connectedAt = new WeakMap<Socket, number>();
  private readonly reported = new WeakSet<Socket>();
  private draining = false;

  constructor(
    handler: RequestListener,
    private readonly options: HttpServerOptions,
  ) {
    this.server = createServer({
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(options.headersTimeoutMs / 4))),
    });
    this.server.on('connection', (socket: Socket) => {
      this.connectedAt.set(socket, Date.now());
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      (req.socket as Connection)[CURRENT] = res;
      // Answering a request that came on a kept-alive connection during a drain is fine; keeping the connection is not.
      if (this.draining) res.setHeader('Connection', 'close');
      handler(req, res);
    });
    this.server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => this.refuse(error, socket));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get url(): string {
    const { address, port, family } = this.server.address() as AddressInfo;
    // Listening on every address: name the loopback one, which a client can connect to.
    const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '[::1]' : family === 'IPv6' ? `[${address}]` : address;
    return `http://${host}:${port}`;
  }

  get inFlightCount(): number {
    return this.inFlight().length;
  }

  private inFlight(): ServerResponse[] {
    const busy: ServerResponse[] = [];
    for (const socket of this.connections) {
      const res = unfinished(socket);
      if (res) busy.push(res);
    }
    return busy;
  }

  /**
   * Stops accepting connections and waits, at most graceMs, for the requests in flight to be
   * answered; then cuts whatever is left. Every answer from now on says `Connection: close`;
   * idle kept-alive connections are closed after DRAIN_IDLE_GRACE_MS (capped at half the grace).
   */
  async drain(graceMs: number): Promise<DrainOutcome> {
    this.draining = true;
    // net's close, not http's: since node 19 http.Server#close also destroys the idle
    // connections at once, which resets a client whose request on one is already on its way.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    for (const res of this.inFlight()) if (!res.headersSent) res.setHeader('Connection', 'close');
    // A response whose headers were already out keeps its connection alive; sweep those once idle.
    let sweep: NodeJS.Timeout | undefined;
    const idleGrace = setTimeout(
      () => {
        this.server.closeIdleConnections();
        sweep = setInterval(() => this.server.closeIdleConnections(), 25);
      },
      Math.min(DRAIN_IDLE_GRACE_MS, graceMs / 2),
    );
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const drained = await Promise.race([closed.then(() => true as const), graceOver]);
    clearTimeout(idleGrace);
    clearInterval(sweep);
    clearTimeout(timer);
    if (drained) return { abandoned: 0 };
    const abandoned = this.inFlight().length;
    this.server.closeAllConnections();
    await closed;
    return { abandoned };
  }

  /** A connection node refused before the app saw a request: answer, journal, hang up. */
  private refuse(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
    const kind = CLIENT_ERRORS[error.code ?? ''] ?? BAD_HTTP;
    const busy = unfinished(socket)?.req;
    const last = (socket as Connection)[CURRENT]?.req;
    if (busy) {
      // The app is reading this request's body: it journals the broken request itself.
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') timedOut.add(busy);
    } else if (last && !last.complete) {
      // Answered before its body was read (a lingering close): that exchange is journaled already.
    } else if (error.code !== 'ECONNRESET' && !this.reported.has(socket)) {
      this.reported.add(socket);
      this.report(kind, error, socket);
    }
    if (socket.writable) {
      const status = HTTP_REFUSALS[kind.name].httpStatus;
      socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    } else {
      socket.destroy();
    }
  }

  private report(kind: { name: HttpRefusalName; reason: string }, error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
    const now = Date.now();
    const since = this.connectedAt.get(socket) ?? now;
    const received = error.rawPacket?.subarray(0, MAX_KEPT_BYTES).toString('latin1') ?? '';
    const requestLine = /^[A-Z]+ \S+/.exec(received)?.[0];
    this.options.observe?.({
      interfaceNumber: '',
      direction: 'inbound',
      rspCode: '',
      fault: { name: kind.name, reason: `${kind.reason}${requestLine ? ` (${requestLine})` : ''} [${error.code ?? error.message}]` },
      httpStatus: HTTP_REFUSALS[kind.name].httpStatus,
      receivedAt: since,
      durationMs: now - since,
      requestXml: received,
      responseXml: '',
    });
  }
}
