/**
 * The mock provincial billing systems: one process serving every H→P interface for all 31
 * provinces at /province/<code>/<number>, on the same transport as the gateway (so the same
 * validation, faults and WSDL serving), plus GET /accounts with the seeded test numbers.
 */
import express from 'express';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { PROVINCE_CODES } from '../../src/domain/provinces';
import { responseHead } from '../../src/domain/message-head';
import { SoapFaultError } from '../../src/contract/faults';
import { Dispatch } from '../../src/dispatch/exchange';
import { ExchangeObserver } from '../../src/journal/exchange-record';
import { createSoapApp, SoapService, withFastPath } from '../../src/transport/soap-app';
import { RequestListener } from 'node:http';
import { InboundSecurity, UsernameTokenVerifier, WsseMode } from '../../src/wire/security/token-verifier';
import { AccountBook } from './account-book';
import { PROVINCE_HANDLERS } from './billing-handlers';
import { seedAccounts } from './seed';
import { withGroupMembers } from './group-handlers';

export interface MockProvincesOptions {
  contracts: ContractCatalogue;
  segments: NumberSegmentTable;
  observe?: ExchangeObserver;
  bodyLimitBytes?: number;
  publicUrl?: string;
  /** Check HQ's UsernameToken, as a province given credentials would. Default: no checks. */
  wsse?: MockWsseOptions;
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
 * A misbehaviour a test or a partner's scenario can ask of one province, for the next
 * `times` requests to one interface: answer only after `ms` (having applied the request,
 * as a real province whose answer is lost would), or refuse with a SOAP fault.
 */
export type Misbehaviour = { kind: 'answer-late'; ms: number; times: number } | { kind: 'fault'; times: number };

export interface MockProvinces {
  /** The request listener to serve: the SOAP fast path in front of express. */
  app: RequestListener;
  books: Map<string, AccountBook>;
  misbehave(province: string, interfaceNumber: string, how: Misbehaviour): void;
}

export function createMockProvinces(opts: MockProvincesOptions): MockProvinces {
  const books = new Map(PROVINCE_CODES.map((code) => [code, new AccountBook(code, withGroupMembers(code, seedAccounts(code, opts.segments)))]));
  const misbehaviours = new Map<string, Misbehaviour>(); // province|interface → what to do
  const services: SoapService[] = [];
  const securities = provinceSecurities(opts.wsse);
  for (const contract of opts.contracts.byDirection('H→P')) {
    for (const province of PROVINCE_CODES) {
      services.push({
        path: `/province/${province}/${contract.number}`,
        contract,
        province,
        implemented: contract.number in PROVINCE_HANDLERS,
        dispatch: provinceDispatch(province, books.get(province)!, misbehaviours),
        security: securities.get(province),
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
    const list = [...books.values()].filter((b) => !province || b.province === province).flatMap((b) => b.list());
    res.json(list);
  });
  app.get('/deliveries', (req, res) => {
    const province = typeof req.query.province === 'string' ? req.query.province : undefined;
    const number = typeof req.query.interface === 'string' ? req.query.interface : undefined;
    res.json(
      [...books.values()]
        .filter((b) => !province || b.province === province)
        .flatMap((b) => b.deliveries.map((d) => ({ province: b.province, ...d })))
        .filter((d) => !number || d.interfaceNumber === number),
    );
  });
  app.use(soapApp.app);
  return { app: withFastPath(soapApp.fastPath, app), books, misbehave: (province, number, how) => misbehaviours.set(`${province}|${number}`, { ...how }) };
}

function provinceDispatch(province: string, book: AccountBook, misbehaviours: Map<string, Misbehaviour>): Dispatch {
  return async (exchange) => {
    const { contract, operation, head, body } = exchange;
    // A province answers with HQ's TransIDH: it is the id both sides reconcile on.
    exchange.transIdH = head.TransIDH;
    const handler = PROVINCE_HANDLERS[contract.number]?.[operation.name];
    if (!handler) throw new SoapFaultError('NOT_IMPLEMENTED', `the mock province does not implement ${contract.number} yet`);
    const how = takeMisbehaviour(misbehaviours, `${province}|${contract.number}`);
    if (how?.kind === 'fault') throw new SoapFaultError('INTERNAL', `province ${province} billing is failing (injected)`);
    const result = await handler({ province, interfaceNumber: contract.number, operation, transIdH: head.TransIDH, transIdO: head.TransIDO, body }, book);
    if (how?.kind === 'answer-late') await new Promise((r) => setTimeout(r, how.ms));
    return { head: responseHead(head, exchange.transIdH, result.rspCode, result.rspDesc), body: result.body };
  };
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

function takeMisbehaviour(all: Map<string, Misbehaviour>, key: string): Misbehaviour | undefined {
  const how = all.get(key);
  if (!how) return undefined;
  how.times -= 1;
  if (how.times <= 0) all.delete(key);
  return how;
}
