/**
 * One POST on a keep-alive undici pool, read whole, with an exact deadline. Built on undici's
 * documented dispatch API rather than `pool.request`: a SOAP answer is read whole anyway, and
 * `request` wraps every answer in a Readable stream and needs an AbortSignal for the deadline
 * (measurably less CPU per call; docs/BENCHMARKS.md has the figures). undici's own headers/body timeouts
 * are coarse (about a second), hence the timer.
 */
import { Dispatcher } from 'undici';

export interface PostedAnswer {
  status: number;
  contentType: string | undefined;
  bytes: Buffer;
}

/** The deadline passed: the request may or may not have reached the province. */
export class DeadlineError extends Error {
  readonly code = 'UND_ERR_DEADLINE';

  constructor(ms: number) {
    super(`no whole answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

export interface XmlPost {
  path: string;
  headers: Record<string, string>;
  body: string | Buffer; // a Buffer: bytes in a charset other than UTF-8 (the certification runs send GBK)
  timeoutMs: number;
}

export function postXml(pool: Dispatcher, post: XmlPost): Promise<PostedAnswer> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let contentType: string | undefined;
    const chunks: Buffer[] = [];
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve({ status, contentType, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
    };
    // A request still queued for a connection has no controller yet: it is refused as soon as it gets one.
    const deadline = setTimeout(() => {
      const error = new DeadlineError(post.timeoutMs);
      controller?.abort(error);
      settle(error);
    }, post.timeoutMs);
    pool.dispatch(
      { path: post.path, method: 'POST', headers: post.headers, body: post.body },
      {
        onRequestStart(c) {
          controller = c;
          if (settled) c.abort(new DeadlineError(post.timeoutMs));
        },
        onResponseStart(_c, statusCode, headers) {
          if (statusCode < 200) return; // 1xx: the real answer follows
          status = statusCode;
          const type = headers['content-type'];
          contentType = Array.isArray(type) ? type[0] : type;
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle();
        },
        onResponseError(_c, error) {
          settle(error);
        },
      },
    );
  });
}
