/**
 * Helpers for the hardening tests: requests as a broken or hostile client sends them (raw
 * bytes on a socket, or node:http with exactly the headers given), reading SOAP faults, and
 * the normal 4.2.1 query that proves the gateway is still fine afterwards.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { XmlElement, parseXml } from '../../src/xml/xml-tree';

export const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
export const SOAP11_CT = 'text/xml; charset=utf-8';

export function fixture(number: string, name = 'ok.request.xml'): string {
  return readFileSync(join(FIXTURES, number, name), 'utf8');
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string; // the bytes read as UTF-8
  bytes: Buffer;
}

/** POSTs with exactly these headers (node:http adds Host and, for a body, Content-Length). */
export function post(baseUrl: string, path: string, body: Buffer | string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method: 'POST', headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface RawAnswer {
  /** Undefined when the server hung up without an answer. */
  status?: number;
  text: string;
  ms: number;
}

export interface RawOptions {
  /** Pause between the pieces, as a slow client would. */
  gapMs?: number;
  /** Hang up this long after the last piece went out, without waiting for an answer. */
  hangUpAfterMs?: number;
  timeoutMs?: number;
}

/** Writes the pieces to a fresh TCP connection and reads until the server closes it. */
export function rawExchange(baseUrl: string, pieces: Array<Buffer | string>, options: RawOptions = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text, ms: Date.now() - started });
    };
    const guard = setTimeout(finish, options.timeoutMs ?? 10_000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', finish);
    socket.on('error', () => finish());
    socket.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0 && options.gapMs) await sleep(options.gapMs);
        if (socket.destroyed) return;
        socket.write(piece);
      }
      if (options.hangUpAfterMs !== undefined) setTimeout(finish, options.hangUpAfterMs);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The head of a raw HTTP/1.1 request; Connection: close so the server ends the socket after answering. */
export function requestHead(path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ Host: 'gateway', Connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface FaultSeen {
  code: string; // the QName as sent, e.g. soapenv:Client
  reason: string;
  rspCode?: string;
}

/** Reads a SOAP 1.1 or 1.2 Fault envelope; throws if the text is not one. */
export function readFault(xml: string): FaultSeen {
  const envelope = parseXml(xml);
  expect(envelope.local, 'root element').to.equal('Envelope');
  const body = envelope.children.find((c) => c.local === 'Body');
  const fault = body?.children[0];
  expect(fault?.local, 'Body/Fault').to.equal('Fault');
  const code = find(fault!, 'faultcode')?.text ?? find(fault!, 'Value')?.text ?? '';
  const reason = find(fault!, 'faultstring')?.text ?? find(fault!, 'Text')?.text ?? '';
  return { code, reason, rspCode: find(fault!, 'RspCode')?.text };
}

function find(el: XmlElement, local: string): XmlElement | undefined {
  for (const child of el.children) {
    if (child.local === local) return child;
    const deeper = find(child, local);
    if (deeper) return deeper;
  }
  return undefined;
}

/** The answer is a Client fault, RspCode 9001, with this HTTP status and a reason that matches. */
export function expectClientFaultAnswer(answer: { status: number; body: string }, status: number, reason: RegExp): void {
  expect(answer.status, answer.body.slice(0, 400)).to.equal(status);
  const fault = readFault(answer.body);
  expect(fault.code).to.match(/:Client$/);
  expect(fault.rspCode).to.equal('9001');
  expect(fault.reason).to.match(reason);
}

/** Waits (briefly) for an exchange record the predicate accepts: records are emitted as the exchange ends. */
export async function journaled(records: ExchangeRecord[], accept: (r: ExchangeRecord) => boolean, timeoutMs = 3000): Promise<ExchangeRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = records.find(accept);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such exchange record was journaled');
    await sleep(10);
  }
}

let queries = 0;
/** A well-formed 4.2.1 query for a seeded Guangdong number from Zhejiang, with a fresh TransIDO. */
export function normalQuery(): string {
  queries += 1;
  return fixture('4.2.1')
    .replace(/<tns:BillCycle>[^<]*<\/tns:BillCycle>/, '')
    .replace(/BILL36202609201030150001/, `HARD${process.pid}${Date.now().toString(36)}${queries}`.slice(0, 32));
}

/** Proves the gateway still serves: a normal 4.2.1 query answers 0000. */
export async function expectStillServing(baseUrl: string): Promise<void> {
  const answer = await post(baseUrl, '/ucrm/4.2.1', normalQuery(), { 'content-type': SOAP11_CT, soapaction: '""' });
  expect(answer.status, answer.body.slice(0, 300)).to.equal(200);
  expect(/<\w+:RspCode>(\d{4})</.exec(answer.body)?.[1]).to.equal('0000');
}
