/**
 * Scenarios at work in a mock province's pipeline, as hooks on its named stages
 * (src/transport/soap-exchange.ts), so the pipeline itself knows nothing of them:
 *
 * - authenticate: the request body's element tree is kept for matching by path (the
 *   pipeline lets go of it once the body is validated);
 * - validateBody: the scope is resolved and the decision taken; a fault action ends the
 *   exchange here, before anything is applied;
 * - record: the answer goes out late, altered or not at all (delay, timeout, reset, empty,
 *   malformed, schema-invalid, wrong charset, the fault as the scenario wrote it), and the
 *   record says which scope, which scenario and why, or which came closest.
 *
 * What the province's own dispatch does with a decision (apply or not, a built business
 * answer) is `decisionFor` plus scenario-answer.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { serializeElement } from '../../src/contract/serializer';
import { SoapFaultError } from '../../src/contract/faults';
import { XmlRecord } from '../../src/contract/schema-model';
import { DEFAULT_SCOPE } from '../../src/journal/scope';
import { CONTRACT_PREFIX, writeFault } from '../../src/transport/soap-envelope';
import { ExchangeAt, PipelineHooks, SoapExchange } from '../../src/transport/soap-exchange';
import { XmlElement } from '../../src/xml/xml-tree';
import { Decision, MockMode } from './mock-mode';
import { Delay, ScenarioAction } from './scenario';

type FaultAction = Extract<ScenarioAction, { kind: 'fault' }>;
const DEFAULT_TIMEOUT_MAX_MS = 120_000;
/** Shown in the answer of a wrong-charset scenario, so that the mislabelled bytes are not all ASCII. */
const CHINESE_DESC = '成功（字符集标错）';

export class ScenarioHooks {
  private readonly bodies = new WeakMap<SoapExchange, XmlElement>();
  private readonly decisions = new WeakMap<SoapExchange, Decision>();
  /** The same decisions, by the request body: what the province's dispatch is handed. */
  private readonly byBody = new WeakMap<XmlRecord, Decision>();

  constructor(readonly mode: MockMode) {}

  /** The decision taken for the request whose validated body this is (none: unscoped, nothing fired). */
  decisionFor(body: XmlRecord): Decision | undefined {
    return this.byBody.get(body);
  }

  hooks(province: string): PipelineHooks {
    return {
      authenticate: [(x) => void this.bodies.set(x, x.envelope.body)],
      validateBody: [(x) => this.decide(province, x)],
      record: [(x) => this.finish(x)],
    };
  }

  private decide(province: string, x: ExchangeAt<'validateBody'>): void {
    const bodyElement = this.bodies.get(x);
    this.bodies.delete(x);
    const scope = this.mode.resolveScope(x.scope, x.head.MsgSender);
    const serviceNumber = typeof x.body.ServiceNumber === 'string' ? x.body.ServiceNumber : undefined;
    const decision = this.mode.decide(scope, {
      interfaceNumber: x.endpoint.contract.number,
      operation: x.operation.name,
      province,
      head: x.head as unknown as Record<string, unknown>,
      bodyElement,
      serviceNumber,
    });
    this.decisions.set(x, decision);
    this.byBody.set(x.body, decision);
    const action = decision.action;
    if (action?.kind === 'fault') {
      const reason = action.faultString ?? `fault injected by scenario "${decision.fired!.name}"`;
      throw new SoapFaultError(action.faultCode === 'Client' ? 'SCHEMA_VIOLATION' : 'INTERNAL', reason);
    }
  }

  /** The record hook: synchronous (and free) for an exchange no scenario touched. */
  private finish(x: SoapExchange): Promise<void> | undefined {
    const decision = this.decisions.get(x);
    if (!decision) return undefined;
    const record = x.record!;
    if (decision.scope !== DEFAULT_SCOPE || x.scope !== undefined) record.scope = decision.scope;
    record.scenario = decision.fired;
    record.nearMisses = decision.nearMisses;
    if (!decision.action) return undefined;
    return this.act(x, decision.action).then(() => {
      record.responseXml = x.xml;
      record.httpStatus = x.status;
      record.durationMs = performance.now() - x.started;
    });
  }

  private async act(x: SoapExchange, action: ScenarioAction): Promise<void> {
    if ('delay' in action && action.delay) await sleep(delayMs(action.delay));
    const socket = x.httpRequest?.socket;
    switch (action.kind) {
      case 'fault':
        return writeScenarioFault(x, action);
      case 'timeout':
        x.xml = '';
        return socket && untilClosed(socket, action.maxMs ?? DEFAULT_TIMEOUT_MAX_MS);
      case 'reset':
        x.xml = '';
        socket?.resetAndDestroy();
        return;
      case 'empty':
        x.xml = '';
        return;
      case 'malformed':
        x.xml = x.xml.slice(0, Math.floor(x.xml.length / 2));
        return;
      case 'schemaInvalid':
        x.xml = x.xml.replace(/(<([\w.-]+:)?RspCode>)[^<]*</, '$1NONE<'); // RspCodeType is four digits
        return;
      case 'wrongCharset':
        x.xml = x.xml.replace(/<([\w.-]+:)?RspDesc>[^<]*</, (_m, p = '') => `<${p}RspDesc>${CHINESE_DESC}<`);
        x.contentType = x.contentType.replace(/charset=[^;]*/i, `charset=${action.declared ?? 'GBK'}`);
        return;
      default:
        return;
    }
  }
}

/** Waits until the caller closes the connection; past `maxMs` closes it instead. */
function untilClosed(socket: NonNullable<SoapExchange['httpRequest']>['socket'], maxMs: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), maxMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The fault as the scenario wrote it: its code (any QName), string, RspCode in the detail, HTTP status. */
function writeScenarioFault(x: SoapExchange, action: FaultAction): void {
  const contract = x.endpoint.contract;
  const faultDecl = [...contract.operations.values()][0].fault;
  const rspCode = action.rspCode ?? (action.faultCode === 'Client' ? '9001' : '9999');
  const reason = x.fault?.message ?? action.faultString ?? 'fault';
  const detail = serializeElement(
    faultDecl,
    { RspCode: rspCode, RspDesc: reason.slice(0, 256), TransIDO: x.head?.TransIDO, TransIDH: x.head?.TransIDH },
    CONTRACT_PREFIX,
  );
  const code = action.faultCode ?? 'Server';
  const side = code === 'Client' ? 'Client' : 'Server';
  const xml = writeFault(x.version, contract.namespace, side, reason, detail, x.charset.name);
  x.xml =
    code === side || x.version.id !== '1.1'
      ? xml
      : xml.replace(`<faultcode>soapenv:${side}</faultcode>`, `<faultcode>${code.includes(':') ? code : `soapenv:${code}`}</faultcode>`);
  x.status = action.httpStatus ?? 500;
  if (x.record) {
    x.record.rspCode = rspCode;
    x.record.fault = { name: 'INTERNAL', reason };
  }
}

/** A delay drawn from its distribution, in ms. */
export function delayMs(delay: Delay, random: () => number = Math.random): number {
  if ('fixedMs' in delay) return delay.fixedMs;
  if ('uniformMs' in delay) return delay.uniformMs.min + random() * (delay.uniformMs.max - delay.uniformMs.min);
  const { median, sigma, max } = delay.logNormalMs;
  // Box–Muller: a standard normal draw from two uniform ones.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(max ?? 600_000, median * Math.exp(sigma * normal));
}
