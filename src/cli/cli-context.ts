/**
 * What every ucrm command shares: where the gateway and the mock provinces are, the admin
 * token, whether to print JSON, and the exit codes a CI reads (EXIT). Admin calls go through
 * `admin()`, which turns an HTTP error into a CliError naming the status and the server's
 * message.
 */
import { request } from 'undici';

/** Exit codes: 0 done and as expected; 1 done and not as expected; 2 a usage or setup mistake; 3 the server could not be reached or failed. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, UNREACHABLE: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface GlobalOptions {
  url: string;
  mockUrl: string;
  token?: string;
  json?: boolean;
  quiet?: boolean;
  /** The test scope SOAP calls name (X-Ucrm-Scope), so a suite sees its own scenarios and journal. */
  scope?: string;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
}

export class CliContext {
  constructor(readonly opts: GlobalOptions) {}

  get json(): boolean {
    return Boolean(this.opts.json);
  }

  /** Prints `value` as JSON with --json, else as `human(value)`. */
  print<T>(value: T, human: (v: T) => string): void {
    process.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value)}\n`);
  }

  /** Progress for a person, on stderr; nothing with --json or --quiet, so scripts read stdout only. */
  progress(line: string): void {
    if (!this.json && !this.opts.quiet) process.stderr.write(`${line}\n`);
  }

  /** A GET/POST/… to the gateway's admin API (or any path on it); JSON in and out. */
  async admin<T = unknown>(method: string, path: string, body?: unknown, base = this.opts.url): Promise<T> {
    const answer =
      body === undefined ? await this.http(method, `${base}${path}`) : await this.http(method, `${base}${path}`, JSON.stringify(body), 'application/json');
    if (answer.status >= 400) {
      let message = answer.text;
      try {
        message = (JSON.parse(answer.text) as { message?: string }).message ?? answer.text;
      } catch {
        // not JSON: the text is the message
      }
      throw new CliError(`${method} ${path}: HTTP ${answer.status}: ${message}`, answer.status >= 500 || answer.status === 404 ? EXIT.UNREACHABLE : EXIT.USAGE);
    }
    return (answer.contentType.includes('json') ? JSON.parse(answer.text) : answer.text) as T;
  }

  async http(method: string, url: string, body?: string | Buffer, contentType?: string, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...extra };
    if (contentType) headers['content-type'] = contentType;
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    try {
      const res = await request(url, { method: method as 'GET', headers, body });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: await res.body.text() };
    } catch (error) {
      throw new CliError(`${method} ${url}: ${(error as Error).message}`, EXIT.UNREACHABLE);
    }
  }
}

/** `k=v` options collected into an object (`--param checkDate=20261201 --param x=y`). */
export function keyValues(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new CliError(`expected name=value, got "${value}"`, EXIT.USAGE);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** A query string from options, leaving out the ones not given. */
export function queryOf(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A plain table for people: the columns given, one row per item. */
export function table(rows: readonly object[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (r: object, c: string) => (r as Record<string, unknown>)[c];
  const cells = rows.map((r) => columns.map((c) => (cell(r, c) === undefined || cell(r, c) === null ? '' : String(cell(r, c)))));
  const widths = columns.map((c, k) => Math.max(c.length, ...cells.map((row) => row[k].length)));
  const line = (values: string[]) =>
    values
      .map((v, k) => v.padEnd(widths[k]))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}
