/**
 * Proxy mode of the mock provinces: a province given a real endpoint passes every call to it
 * byte for byte and records the exchange; recorded exchanges are listed, exported as a replay
 * file or as scenario drafts, and replayed later without the real system (a request like a
 * recorded one — same interface, operation, province and body fields, times aside — gets the
 * recorded answer, its head made to answer this request: TransIDH, TransIDO, ProcID, time).
 * Provinces without a target and requests without a recording get the normal mock behaviour.
 *
 * It sits in front of the mock provinces' request listener (server.ts), so the SOAP pipeline
 * and the journal of the mocks are not touched; the recording is bounded (oldest dropped).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { validatedHead } from '../../src/contract/typed-values';
import { validateRecord } from '../../src/contract/validator';
import { cstTimestamp } from '../../src/domain/cst-time';
import { ExchangeObserver } from '../../src/journal/exchange-record';
import { SCOPE_HEADER, scopeOfHeader } from '../../src/journal/scope';
import { decodeStrictly, messageCharset } from '../../src/wire/charset';
import { parseXml, XmlElement } from '../../src/xml/xml-tree';
import { Scenario, ScenarioAction } from './scenario';

export interface ProxyOptions {
  /** Province code → the real province's H→P base URL (the interface number is appended). */
  targets: Record<string, string>;
  /** Exchanges to answer from instead of the mocks (a replay file's content). */
  replay?: Recording[];
  /** Append every recording to this file, one JSON object a line (a replay file). */
  recordFile?: string;
  /** Recordings kept in memory (default 1000). */
  limit?: number;
  timeoutMs?: number;
  /** Told of every passed-through exchange, as the mocks' own are (their journal); needs `contracts` to read the heads. */
  observe?: ExchangeObserver;
  contracts?: ContractCatalogue;
}

export interface Recording {
  id: number;
  recordedAt: string;
  province: string;
  interfaceNumber: string;
  operation: string;
  /** The request's body fields by path (Element/Child), times left out: what a replay matches on. */
  fields: Record<string, string>;
  soapAction: string;
  requestXml: string;
  status: number;
  contentType: string;
  responseXml: string;
}

const PROVINCE_PATH = /^\/province\/(\d{2})\/(\d+\.\d+\.\d+)$/;
const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Body fields that differ on every call and so do not take part in matching. */
const VOLATILE = /Time$/;

export class ProxyRecorder {
  private readonly recorded: Recording[] = [];
  private nextId = 1;

  constructor(private readonly opts: ProxyOptions) {}

  /** `app` with proxying, replay and the /recordings routes in front of it. */
  wrap(app: RequestListener): RequestListener {
    return (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/recordings' || path === '/recordings/scenarios') return this.serveRecordings(req, res, path);
      const m = PROVINCE_PATH.exec(path);
      const replayable = m && req.method === 'POST' && (this.opts.targets[m[1]] || this.opts.replay?.length);
      if (!replayable) return app(req, res);
      readAll(req, (body) => {
        this.answer(m[1], m[2], req, body).then(
          (answer) => {
            if (!answer) return app(requestAgain(req, body), res);
            res.writeHead(answer.status, { 'content-type': answer.contentType });
            res.end(answer.bytes);
          },
          (error: Error) => {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: 'proxy-failed', message: `province ${m[1]}: ${error.message}` }));
          },
        );
      });
    };
  }

  recordings(): Recording[] {
    return [...this.recorded];
  }

  /** The recordings as scenarios (scenarioOf): match on what was asked, answer what was answered. */
  scenarios(): Scenario[] {
    return this.recorded.map(scenarioOf);
  }

  private async answer(province: string, interfaceNumber: string, req: IncomingMessage, body: Buffer): Promise<Answer | undefined> {
    const contentType = String(req.headers['content-type'] ?? 'text/xml; charset=utf-8');
    const text = decodeStrictly(body, messageCharset(body, contentType));
    const asked = describeRequest(text);
    const replayed = this.opts.replay?.find((r) => r.province === province && r.interfaceNumber === interfaceNumber && sameRequest(r, asked));
    if (replayed) return replayAnswer(replayed, asked.head, contentType);
    const target = this.opts.targets[province];
    if (!target) return undefined;
    const soapAction = String(req.headers.soapaction ?? '');
    const startedAt = Date.now();
    const res = await request(`${target.replace(/\/+$/, '')}/${interfaceNumber}`, {
      method: 'POST',
      headers: { 'content-type': contentType, soapaction: soapAction },
      body,
      headersTimeout: this.opts.timeoutMs ?? 30_000,
      bodyTimeout: this.opts.timeoutMs ?? 30_000,
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const answerType = String(res.headers['content-type'] ?? 'text/xml; charset=utf-8');
    const recording: Recording = {
      id: this.nextId++,
      recordedAt: new Date().toISOString(),
      province,
      interfaceNumber,
      operation: asked.operation,
      fields: asked.fields,
      soapAction,
      requestXml: text,
      status: res.statusCode,
      contentType: answerType,
      responseXml: decodeStrictly(bytes, messageCharset(bytes, answerType), 'the answer'),
    };
    this.record(recording);
    this.journal(recording, startedAt, req.headers[SCOPE_HEADER]);
    return { status: res.statusCode, contentType: answerType, bytes };
  }

  private record(recording: Recording): void {
    this.recorded.push(recording);
    if (this.recorded.length > (this.opts.limit ?? 1000)) this.recorded.shift();
    if (this.opts.recordFile) appendFileSync(this.opts.recordFile, `${JSON.stringify(recording)}\n`);
  }

  /** The exchange as a journal entry of the mocks: heads read with the contract, the scope the request named. */
  private journal(r: Recording, startedAt: number, scopeHeader: string | string[] | undefined): void {
    const operation = this.opts.contracts?.has(r.interfaceNumber) ? this.opts.contracts.get(r.interfaceNumber).operations.get(r.operation) : undefined;
    if (!this.opts.observe || !operation) return;
    const headOf = (xml: string) => {
      try {
        const header = parseXml(xml).children.find((c) => c.ns === SOAP11_NS && c.local === 'Header');
        const el = header?.children.find((c) => c.ns === operation.header.ns && c.local === operation.header.name);
        return el && validatedHead(validateRecord(el, operation.header));
      } catch {
        return undefined; // an answer outside the contract is journaled without its head
      }
    };
    const responseHead = headOf(r.responseXml);
    this.opts.observe({
      interfaceNumber: r.interfaceNumber,
      operation: r.operation,
      direction: 'inbound',
      requestHead: headOf(r.requestXml),
      responseHead,
      province: r.province,
      serviceNumber: r.fields[`${operation.request.name}/ServiceNumber`],
      transIdH: responseHead?.TransIDH,
      rspCode: responseHead?.RspCode ?? /<(?:[\w-]+:)?RspCode>([^<]*)</.exec(r.responseXml)?.[1] ?? '',
      httpStatus: r.status,
      receivedAt: startedAt,
      durationMs: Date.now() - startedAt,
      requestXml: r.requestXml,
      responseXml: r.responseXml,
      scope: scopeOfHeader(scopeHeader),
    });
  }

  private serveRecordings(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method === 'DELETE' && path === '/recordings') {
      this.recorded.length = 0;
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(path === '/recordings' ? this.recorded : this.scenarios()));
  }
}

interface Answer {
  status: number;
  contentType: string;
  bytes: Buffer;
}

interface AskedRequest {
  operation: string;
  fields: Record<string, string>;
  head: Record<string, string>;
}

function describeRequest(xml: string): AskedRequest {
  const envelope = parseXml(xml);
  const part = (local: string) => envelope.children.find((c) => c.ns === SOAP11_NS && c.local === local);
  const bodyEl = part('Body')?.children[0];
  const headEl = part('Header')?.children.find((c) => c.local === 'UniBSSHead');
  const head: Record<string, string> = {};
  for (const c of headEl?.children ?? []) head[c.local] = c.text;
  const fields: Record<string, string> = {};
  if (bodyEl) leaves(bodyEl, bodyEl.local, fields);
  return { operation: bodyEl?.local.replace(/Req$/, '') ?? '', fields, head };
}

function leaves(el: XmlElement, path: string, into: Record<string, string>): void {
  if (el.children.length === 0) {
    if (!VOLATILE.test(el.local)) into[path] = el.text;
    return;
  }
  el.children.forEach((c, k) => leaves(c, `${path}/${c.local}${el.children.filter((s) => s.local === c.local).length > 1 ? `[${k}]` : ''}`, into));
}

function sameRequest(r: Recording, asked: AskedRequest): boolean {
  const keys = Object.keys(r.fields);
  return r.operation === asked.operation && keys.length === Object.keys(asked.fields).length && keys.every((k) => r.fields[k] === asked.fields[k]);
}

/** The recorded answer, its head answering this request (the ids a caller checks are its own). */
function replayAnswer(r: Recording, head: Record<string, string>, contentType: string): Answer {
  let xml = r.responseXml;
  for (const field of ['TransIDH', 'TransIDO', 'ProcID']) {
    if (head[field] !== undefined) xml = xml.replace(new RegExp(`(<([\\w-]+:)?${field}>)[^<]*(</\\2${field}>)`), `$1${head[field]}$3`);
  }
  xml = xml.replace(/(<([\w-]+:)?ProcessTime>)[^<]*(<\/\2ProcessTime>)/, `$1${cstTimestamp()}$3`);
  const charset = messageCharset(Buffer.from(xml.slice(0, 100), 'latin1'), contentType);
  return { status: r.status, contentType: `text/xml; charset=${charset.name}`, bytes: charset.encode(xml) };
}

/**
 * A recording as a scenario of the mock-mode engine (scenario.ts): it matches the interface,
 * operation, province and the request's body fields (times aside), and answers the recorded
 * RspCode with the recorded body fields, or the recorded fault.
 */
export function scenarioOf(r: Recording): Scenario {
  const body = Object.entries(r.fields)
    .filter(([path]) => !path.includes('['))
    .map(([path, value]) => ({ path: path.split('/').slice(1).join('/'), value }));
  return {
    name: `recorded ${r.interfaceNumber} ${r.operation} province ${r.province} #${r.id}`,
    description: `recorded ${r.recordedAt} through the proxy`,
    match: { interface: r.interfaceNumber, operation: r.operation, province: r.province, body },
    action: recordedAction(r),
  };
}

function recordedAction(r: Recording): ScenarioAction {
  const envelope = parseXml(r.responseXml);
  const bodyEl = envelope.children.find((c) => c.ns === SOAP11_NS && c.local === 'Body')?.children[0];
  const text = (el: XmlElement | undefined, local: string) => findFirst(el, local)?.text;
  if (bodyEl?.local === 'Fault') {
    return { kind: 'fault', faultString: text(bodyEl, 'faultstring'), rspCode: text(bodyEl, 'RspCode'), httpStatus: r.status };
  }
  const head = envelope.children.find((c) => c.local === 'Header');
  return {
    kind: 'rspCode',
    rspCode: text(head, 'RspCode') ?? '0000',
    rspDesc: text(head, 'RspDesc'),
    body: bodyEl ? (valueOf(bodyEl) as Record<string, unknown>) : undefined,
  };
}

/** An element as the values a scenario's body takes: leaves as text, repeated children as arrays. */
function valueOf(el: XmlElement): unknown {
  if (el.children.length === 0) return el.text;
  const out: Record<string, unknown> = {};
  for (const c of el.children) {
    const v = valueOf(c);
    const seen = out[c.local];
    out[c.local] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return out;
}

function findFirst(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  if (el.local === local) return el;
  for (const c of el.children) {
    const found = findFirst(c, local);
    if (found) return found;
  }
  return undefined;
}

/** Reads MOCK_PROXY_TARGETS ("51=https://real/province/51,36=…"), MOCK_RECORD_FILE and MOCK_REPLAY_FILE. */
export function proxyOptionsFromEnv(env: NodeJS.ProcessEnv): ProxyOptions | undefined {
  const targets: Record<string, string> = {};
  for (const pair of (env.MOCK_PROXY_TARGETS ?? '').split(',').filter(Boolean)) {
    const [code, url] = pair.split(/=(.*)/s);
    if (!/^\d{2}$/.test(code) || !/^https?:\/\//.test(url ?? '')) throw new Error(`MOCK_PROXY_TARGETS: "${pair}" is not <province code>=<http(s) URL>`);
    targets[code] = url;
  }
  const replay = env.MOCK_REPLAY_FILE ? readReplayFile(env.MOCK_REPLAY_FILE) : undefined;
  if (!Object.keys(targets).length && !replay) return undefined;
  return { targets, replay, recordFile: env.MOCK_RECORD_FILE };
}

/** A replay file: JSON lines (as recorded) or one JSON array (GET /recordings). */
export function readReplayFile(file: string): Recording[] {
  if (!existsSync(file)) throw new Error(`MOCK_REPLAY_FILE: no file ${file}`);
  const text = readFileSync(file, 'utf8').trim();
  return text.startsWith('[') ? (JSON.parse(text) as Recording[]) : text.split('\n').map((line) => JSON.parse(line) as Recording);
}

function readAll(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => done(Buffer.concat(chunks)));
}

/**
 * The request again for the mocks, its body already read: a stream of the bytes with the
 * request's method, URL and headers, which is all the SOAP fast path reads of a POST.
 */
function requestAgain(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
    socket: req.socket,
    complete: true,
  }) as unknown as IncomingMessage;
}
