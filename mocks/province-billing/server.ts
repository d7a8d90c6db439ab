/**
 * The mock provincial billing systems: one process serving every H→P interface for all 31
 * provinces at /province/<code>/<number>, on the same transport as the gateway (so the same
 * validation, faults and WSDL serving), plus GET /accounts with the seeded test numbers.
 */
import express, { RequestHandler } from 'express';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { PROVINCE_CODES } from '../../src/domain/provinces';
import { DEFAULT_SCOPE, isScopeName, SCOPE_HEADER, scopeOfHeader } from '../../src/journal/scope';
import { responseHead } from '../../src/domain/message-head';
import { SoapFaultError } from '../../src/contract/faults';
import { Dispatch } from '../../src/dispatch/exchange';
import { ExchangeObserver } from '../../src/journal/exchange-record';
import { createSoapApp, SoapService, withFastPath } from '../../src/transport/soap-app';
import { RequestListener } from 'node:http';
import { InboundSecurity, UsernameTokenVerifier, WsseMode } from '../../src/wire/security/token-verifier';
import { AdminResourceFactory } from '../../src/admin/operation';
import { XmlRecord } from '../../src/contract/schema-model';
import { OperationContract } from '../../src/contract/interface-contract';
import { MessageHead } from '../../src/domain/message-head';
import { MockMode } from '../mock-mode/mock-mode';
import { ScenarioHooks } from '../mock-mode/province-hooks';
import { scenarioBody, scenarioHead } from '../mock-mode/scenario-answer';
import { scenarioResource } from '../mock-mode/scenario-resource';
import { ScenarioAction } from '../mock-mode/scenario';
import { AccountBook, BookLimits } from './account-book';
import { accountInfoOf, PROVINCE_HANDLERS } from './billing-handlers';
import { ScopedBooks } from './scoped-books';
import { ProxyOptions, ProxyRecorder } from '../mock-mode/proxy-recorder';

export interface MockProvincesOptions {
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  observe?: ExchangeObserver;
  bodyLimitBytes?: number;
  publicUrl?: string;
  /** Check HQ's UsernameToken, as a province given credentials would. Default: no checks. */
  wsse?: MockWsseOptions;
  /** The scenarios and scopes (default: a new set); the admin API's scenario endpoints act on it. */
  mockMode?: MockMode;
  /** How much each province's book keeps, and how many scopes have books of their own. */
  limits?: BookLimits & { maxScopes?: number };
  /** An admin API to serve at /admin (the mocks running alone: mocks/mock-mode/standalone.ts). */
  adminRouter?: RequestHandler;
  /** Run alone: the web console over that admin API. */
  consoleRouter?: RequestHandler;
  /** Proxy mode: provinces passed through to real endpoints and recorded, or answered from recordings (mock-mode/proxy-recorder.ts). */
  proxy?: ProxyOptions;
}

/**
 * HQ signs in to a province as UCRM with that province's link password. Only provinces
 * listed in `passwords` check; the others accept any call, as before.
 */
export interface MockWsseOptions {
  mode: Exclude<WsseMode, 'off'>;
  passwords: Record<string, string>; // province code → password
  windowSeconds?: number; // default 300
}

const HQ_SYSTEM_ID = 'UCRM';

/**
 * A misbehaviour a test can ask of one province, for the next `times` requests to one
 * interface: answer only after `ms` (having applied the request, as a real province whose
 * answer is lost would), or refuse with a SOAP fault. Kept for its callers: it is a scenario
 * of the default scope (misbehaviourScenario).
 */
export type Misbehaviour = { kind: 'answer-late'; ms: number; times: number } | { kind: 'fault'; times: number };

export interface MockProvinces {
  /** The request listener to serve: the SOAP fast path in front of express. */
  app: RequestListener;
  /** The default scope's books. */
  books: Map<string, AccountBook>;
  /** A scope's books (made from the seed on first use). */
  booksOf(scope: string): Map<string, AccountBook>;
  misbehave(province: string, interfaceNumber: string, how: Misbehaviour): void;
  mode: MockMode;
  /** The admin API's scenario and scope endpoints, for whichever admin API serves these mocks. */
  adminResources: AdminResourceFactory[];
  /** Present in proxy mode: the recorded exchanges. */
  recorder?: ProxyRecorder;
  /** The open scope a MsgSender names, for the gateway (GatewayParts.scopeOfSender). */
  scopeOfSender(msgSender: string): string | undefined;
}

export function createMockProvinces(opts: MockProvincesOptions): MockProvinces {
  const mode = opts.mockMode ?? new MockMode();
  const books = new ScopedBooks(opts.segments, opts.limits);
  mode.addScopedState(books);
  const scenarios = new ScenarioHooks(mode);
  const services: SoapService[] = [];
  const securities = provinceSecurities(opts.wsse);
  for (const contract of opts.contracts.byDirection('H→P')) {
    for (const province of PROVINCE_CODES) {
      services.push({
        path: `/province/${province}/${contract.number}`,
        contract,
        province,
        implemented: contract.number in PROVINCE_HANDLERS,
        dispatch: provinceDispatch(province, books, scenarios),
        security: securities.get(province),
        hooks: scenarios.hooks(province),
      });
    }
  }
  const soapApp = createSoapApp({
    name: 'mock-provinces',
    services,
    wsdlDir: opts.contracts.wsdlDir,
    observe: opts.observe ?? (() => undefined),
    bodyLimitBytes: opts.bodyLimitBytes ?? 4 * 1024 * 1024,
    publicUrl: opts.publicUrl,
  });
  const app = express();
  app.get('/accounts', (req, res) => {
    const province = typeof req.query.province === 'string' ? req.query.province : undefined;
    const list = [...books.of(scopeOf(req)).values()].filter((b) => !province || b.province === province).flatMap((b) => b.list());
    res.json(list);
  });
  app.get('/deliveries', (req, res) => {
    const province = typeof req.query.province === 'string' ? req.query.province : undefined;
    const number = typeof req.query.interface === 'string' ? req.query.interface : undefined;
    res.json(
      [...books.of(scopeOf(req)).values()]
        .filter((b) => !province || b.province === province)
        .flatMap((b) => b.deliveries.map((d) => ({ province: b.province, ...d })))
        .filter((d) => !number || d.interfaceNumber === number),
    );
  });
  if (opts.adminRouter) app.use('/admin', opts.adminRouter);
  if (opts.consoleRouter) app.use('/console', opts.consoleRouter);
  app.use(soapApp.app);
  const listener = withFastPath(soapApp.fastPath, app);
  const recorder = opts.proxy && new ProxyRecorder({ observe: opts.observe, contracts: opts.contracts, ...opts.proxy });
  return {
    app: recorder ? recorder.wrap(listener) : listener,
    books: books.of(DEFAULT_SCOPE),
    booksOf: (scope) => books.of(scope),
    misbehave: (province, number, how) => void mode.scenarios.add(DEFAULT_SCOPE, [misbehaviourScenario(province, number, how)]),
    mode,
    adminResources: [scenarioResource(mode)],
    recorder,
    scopeOfSender: (sender) => (mode.isOpen(sender) ? sender : undefined),
  };
}

/** The scope a GET /accounts or /deliveries asks about: the header's, as for SOAP calls. */
function scopeOf(req: express.Request): string {
  return scopeOfHeader(req.headers[SCOPE_HEADER]) ?? (typeof req.query.scope === 'string' && isScopeName(req.query.scope) ? req.query.scope : DEFAULT_SCOPE);
}

/** A misbehaviour as the scenario that does it; a new one for the same province and interface replaces the last. */
export function misbehaviourScenario(province: string, interfaceNumber: string, how: Misbehaviour) {
  const action: ScenarioAction =
    how.kind === 'fault'
      ? { kind: 'fault', faultString: `province ${province} billing is failing (injected)` }
      : { kind: 'passThrough', delay: { fixedMs: how.ms } };
  return {
    id: `misbehave-${province}-${interfaceNumber.replace(/\./g, '_')}`,
    name: `misbehave: ${province} ${interfaceNumber} ${how.kind}`,
    priority: 1_000_000,
    match: { province, interface: interfaceNumber },
    steps: [{ times: how.times, action }],
  };
}

function provinceDispatch(province: string, books: ScopedBooks, scenarios: ScenarioHooks): Dispatch {
  return async (exchange) => {
    const { contract, operation, head, body } = exchange;
    // A province answers with HQ's TransIDH: it is the id both sides reconcile on.
    exchange.transIdH = head.TransIDH;
    exchange.province = province; // the journal's province of a mock's exchange: the province called
    const decision = scenarios.decisionFor(body);
    const book = books.of(decision?.scope).get(province)!;
    const action = decision?.action;
    if (action && !applies(action)) return builtAnswer(operation, head, body, book, action.kind === 'rspCode' ? action : { rspCode: '0000' });
    const handler = PROVINCE_HANDLERS[contract.number]?.[operation.name];
    if (!handler) throw new SoapFaultError('NOT_IMPLEMENTED', `the mock province does not implement ${contract.number} yet`);
    const result = await handler({ province, interfaceNumber: contract.number, operation, transIdH: head.TransIDH, transIdO: head.TransIDO, body }, book);
    return { head: responseHead(head, exchange.transIdH, result.rspCode, result.rspDesc), body: result.body };
  };
}

/** Whether the province applies the request (credits the payment…) before the action's misbehaviour. */
function applies(action: ScenarioAction): boolean {
  switch (action.kind) {
    case 'passThrough':
      return true;
    case 'rspCode':
    case 'fault':
      return false;
    case 'timeout':
    case 'reset':
    case 'empty':
      return action.apply ?? false;
    default:
      return action.apply ?? true; // an altered answer is the normal one, altered
  }
}

/** A business answer built from the schema, the request and the account; nothing applied. */
function builtAnswer(
  operation: OperationContract,
  head: MessageHead,
  body: XmlRecord,
  book: AccountBook,
  answer: { rspCode: string; rspDesc?: string; body?: Record<string, unknown> },
) {
  const account = answer.rspCode === '0000' && typeof body.ServiceNumber === 'string' ? book.find(body.ServiceNumber) : undefined;
  const values = account ? { ...accountInfoOf(account), BalanceAfter: account.balance } : {};
  return { head: scenarioHead(head, head.TransIDH, answer.rspCode, answer.rspDesc), body: scenarioBody(operation, body, values, answer.body) };
}

/** One verifier (and nonce cache) per province that has a password. */
function provinceSecurities(wsse: MockWsseOptions | undefined): Map<string, InboundSecurity> {
  const securities = new Map<string, InboundSecurity>();
  for (const [province, password] of Object.entries(wsse?.passwords ?? {})) {
    const credential = { password, systemId: HQ_SYSTEM_ID };
    securities.set(
      province,
      new UsernameTokenVerifier({
        mode: wsse!.mode,
        windowSeconds: wsse!.windowSeconds ?? 300,
        credentials: (username) => (username === HQ_SYSTEM_ID ? credential : undefined),
      }),
    );
  }
  return securities;
}
