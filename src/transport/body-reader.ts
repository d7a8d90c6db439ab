/**
 * The one reader of SOAP request bodies, whichever way the request came in (soap-app.ts):
 * a plain body is collected as it arrives; a gzip, deflate or br body is inflated on the
 * way, the limit counting inflated bytes (a small gzip bomb is refused like a large body).
 * What goes wrong is answered as a SoapFaultError from the catalogue.
 *
 * As body-parser did before it: a body refused once reading began is read off to its end
 * before the refusal is answered, so the connection stays usable; one in an unsupported
 * encoding is refused at once. A body declared over the limit is answered before a byte of
 * it is read, and then lingered over (lingerAfterAnswer).
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { SoapFaultError } from '../contract/faults';
import { wasTimedOut } from './http-server';

export type BodyDone = (fault: SoapFaultError | undefined, body: Buffer) => void;

const EMPTY = Buffer.alloc(0);

/** Why reading stopped, as body-parser's raw-body named it (and node's zlib, by its error code). */
type ReadProblem = { type: 'entity.too.large' | 'encoding.unsupported' | 'request.aborted' | 'request.size.invalid' } | { code?: string };

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function contentEncodingOf(req: IncomingMessage): string {
  return (header(req, 'content-encoding') ?? 'identity').trim().toLowerCase();
}

/** An identity-encoded body whose Content-Length is over the limit (an encoded one is judged once inflated). */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  return contentEncodingOf(req) === 'identity' && Number(header(req, 'content-length')) > limit;
}

/** Reads `req`'s body, at most `limit` bytes once inflated, and calls `done` once. */
export function readBody(req: IncomingMessage, limit: number, done: BodyDone): void {
  const encoding = contentEncodingOf(req);
  if (encoding === 'identity') {
    const declared = header(req, 'content-length');
    collect(req, req, undefined, limit, declared === undefined ? undefined : Number(declared), done);
    return;
  }
  const inflate = encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!inflate) {
    done(bodyReadFault({ type: 'encoding.unsupported' }, req), EMPTY);
    return;
  }
  req.pipe(inflate);
  collect(inflate, req, inflate, limit, undefined, done);
}

/** Collects `stream` (the request, or `inflate` it is piped into) up to `limit` bytes. */
function collect(
  stream: Readable,
  req: IncomingMessage,
  inflate: Transform | undefined,
  limit: number,
  declaredLength: number | undefined,
  done: BodyDone,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (problem: ReadProblem | undefined) => {
    if (finished) return;
    finished = true;
    if (inflate) {
      req.unpipe(inflate);
      inflate.on('error', () => undefined); // a decompressor cut off mid-stream may still complain
      inflate.destroy();
    }
    if (problem === undefined) {
      if (inflate) req.resume(); // whatever follows the compressed stream is read off
      done(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      return;
    }
    const fault = bodyReadFault(problem, req);
    readOff(req, () => done(fault, EMPTY));
  };
  stream.on('data', (chunk: Buffer) => {
    if (finished) return;
    received += chunk.length;
    if (received > limit) finish({ type: 'entity.too.large' });
    else chunks.push(chunk);
  });
  stream.on('end', () => finish(declaredLength !== undefined && received !== declaredLength ? { type: 'request.size.invalid' } : undefined));
  stream.on('error', (error: NodeJS.ErrnoException) => finish(error));
  // node reports a body cut off by the client or by the request timeout as 'aborted'.
  req.on('aborted', () => finish({ type: 'request.aborted' }));
}

/** Calls `then` once the rest of the request has been read (or the connection is gone). */
function readOff(req: IncomingMessage, then: () => void): void {
  if (req.complete || req.destroyed) {
    then();
    return;
  }
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    then();
  };
  req.once('end', once);
  req.once('close', once);
  req.resume();
}

/** Why a body could not be read, as the fault to answer and journal. */
function bodyReadFault(problem: ReadProblem, req: IncomingMessage): SoapFaultError {
  const type = 'type' in problem ? problem.type : undefined;
  const code = 'code' in problem ? problem.code : undefined;
  const declared = header(req, 'content-length') ? ` (Content-Length ${header(req, 'content-length')})` : '';
  const encoding = header(req, 'content-encoding');
  if (type === 'entity.too.large') {
    // The limit counts inflated bytes, so a small gzip bomb is refused like a large body.
    return new SoapFaultError(
      'PAYLOAD_TOO_LARGE',
      `the request body is larger than this gateway accepts${encoding ? ` once its ${encoding} encoding is undone` : ''}${declared}`,
    );
  }
  if (type === 'encoding.unsupported')
    return new SoapFaultError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding "${encoding}"; send identity, gzip, deflate or br`);
  if (wasTimedOut(req)) return new SoapFaultError('REQUEST_TIMEOUT', `the request body did not arrive in time${declared}`);
  if (type === 'request.aborted') return new SoapFaultError('REQUEST_ABORTED', `the client closed the connection before the whole body arrived${declared}`);
  if (type === 'request.size.invalid') return new SoapFaultError('MALFORMED_XML', `the request body does not match its Content-Length${declared}`);
  if (code?.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED')
    return new SoapFaultError('MALFORMED_XML', `the request body is not valid ${encoding}`);
  return new SoapFaultError('MALFORMED_XML', 'the request body could not be read');
}

/** The fault for a body refused before a byte of it was read: declared over the limit. */
export function declaredTooLargeFault(req: IncomingMessage): SoapFaultError {
  return bodyReadFault({ type: 'entity.too.large' }, req);
}

/**
 * How long, and how much, a connection answered before its body was read goes on being read
 * and discarded (as nginx's lingering close): enough for a client on a slow link to finish
 * writing a body many times the limit, not enough to let one stream junk at us for long.
 */
export const LINGER = { maxMs: 10_000, maxBytes: 64 * 1024 * 1024 };

/**
 * Makes `res`'s connection close after the answer, gently: the answer and a FIN go out, and
 * whatever the client is still sending is read and discarded until it hangs up, or LINGER's
 * time or size is spent. Closing at once — node destroys the socket as soon as the answer is
 * written — resets a client that writes its whole body before it reads (Python's
 * http.client, many legacy Java clients): it gets a broken pipe instead of the fault.
 */
export function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket;
  let discarded = 0;
  // Reading the body here (rather than letting node dump it unseen) is what lets us count it.
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER.maxBytes) socket.destroy();
  });
  req.on('error', () => undefined);
  // node ends a `Connection: close` answer with socket.destroySoon(): end, then destroy once
  // written. Ending is what we want; the destroy waits for the client's FIN (allowHalfOpen is
  // off, so it closes the socket) or the end of the linger.
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER.maxMs).unref();
    this.once('close', () => clearTimeout(timer));
  };
}
