/**
 * One SOAP endpoint, independent of the HTTP framework: the named stages of
 * soap-exchange.ts (STAGES), run in order on each exchange, with the hooks other parts
 * registered on them. Every stage either passes its result on or throws a SoapFaultError;
 * whatever happens, the answer or the fault is serialised in the request's charset and the
 * exchange is recorded for the observer (journal, log, metrics) exactly once, without secrets.
 *
 * Hooks cost nothing when none is registered: the table is built once per endpoint and
 * a stage without hooks is one array read per request.
 */
import { InterfaceContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { serializeElement } from '../contract/serializer';
import { httpStatusOf, SoapFaultError } from '../contract/faults';
import { RSP } from '../contract/rsp-codes';
import { Dispatch } from '../dispatch/exchange';
import { ExchangeObserver, ExchangeRecord } from '../journal/exchange-record';
import { Charset, UTF8 } from '../wire/charset';
import { redactSecrets } from '../wire/security/redaction';
import { InboundSecurity } from '../wire/security/token-verifier';
import { CONTRACT_PREFIX, SOAP11, SOAP12, SoapVersion, writeEnvelope, writeFault } from './soap-envelope';
import { faultOf, PipelineHooks, SoapExchange, SoapReply, STAGE_INDEX, StageHook, StageName, STAGES } from './soap-exchange';
import { STAGE_WORK, StageParts } from './soap-stages';

export type { SoapReply } from './soap-exchange';

export interface RawSoapRequest {
  body: Buffer;
  contentType: string | undefined;
  soapAction: string | undefined;
}

/**
 * The answer's bytes, encoded once. (Handing node the string instead costs two passes over it:
 * Buffer.byteLength for the Content-Length, then the encoding on write; measured, the first of
 * them alone was a tenth of a mock province's time, the answer being a concatenated string
 * with Chinese text.)
 */
export function wireBody(reply: SoapReply): Buffer {
  return reply.charset.encode(reply.xml);
}

export interface EndpointOptions {
  contract: InterfaceContract;
  dispatch: Dispatch;
  observe: ExchangeObserver;
  /** Checks the WS-Security UsernameToken once the head is known (an `authenticate` hook); none: no checks. */
  security?: InboundSecurity;
  /** Hooks on the named stages, run in the order given after the stage's own work. */
  hooks?: PipelineHooks;
}

const SERIALISE = STAGE_INDEX.serialise;
const RECORD = STAGE_INDEX.record;

export class SoapEndpoint implements StageParts {
  readonly contract: InterfaceContract;
  readonly dispatch: Dispatch;
  private readonly observe: ExchangeObserver;
  /** By stage index; undefined where a stage has no hooks, so such a stage costs one read. */
  private readonly hooks: Array<StageHook[] | undefined> = STAGES.map(() => undefined);

  constructor(opts: EndpointOptions) {
    ({ contract: this.contract, dispatch: this.dispatch, observe: this.observe } = opts);
    const { security } = opts;
    if (security) this.hook('authenticate', (x) => security.authenticate(x.envelope.headerBlocks, x.head));
    for (const stage of STAGES) for (const hook of opts.hooks?.[stage] ?? []) this.hook(stage, hook as StageHook<typeof stage>);
  }

  /** Adds a hook to `stage` (after those already there). */
  hook<S extends StageName>(stage: S, hook: StageHook<S>): this {
    // The runner calls a stage's hooks only once that stage and every one before it has run.
    const i = STAGE_INDEX[stage];
    let list = this.hooks[i];
    if (!list) this.hooks[i] = list = [];
    list.push(hook as StageHook);
    return this;
  }

  /** A new exchange, stamped now: call it when the request arrives, before its body is read. */
  exchange(contentType: string | undefined, soapAction: string | undefined): SoapExchange {
    return new SoapExchange(this, contentType, soapAction);
  }

  /** Runs the stages on an exchange whose body has been read, and records it. */
  async run(x: SoapExchange): Promise<SoapReply> {
    const hooks = this.hooks;
    try {
      for (let i = 0; i < STAGE_WORK.length; i++) {
        const answered = STAGE_WORK[i](x, this);
        if (answered !== undefined) x.answer = await answered;
        const stageHooks = hooks[i];
        if (stageHooks !== undefined) {
          const waiting = runHooks(stageHooks, x, 0);
          if (waiting !== undefined) await waiting;
        }
      }
      this.serialise(x);
      const serialiseHooks = hooks[SERIALISE];
      if (serialiseHooks !== undefined) await runHooks(serialiseHooks, x, 0);
    } catch (error) {
      this.fail(x, error);
    }
    const recording = this.record(x);
    if (recording !== undefined) await recording;
    return x;
  }

  /**
   * The one refusal of a request whose body could not be read (too large, cut off, not what
   * its Content-Encoding says): its fault answered and recorded like any other.
   */
  async refuse(x: SoapExchange, fault: SoapFaultError): Promise<SoapReply> {
    // Nothing was decoded: a 1.2 media type anywhere in the Content-Type is answered in 1.2.
    x.version = (x.requestContentType ?? '').includes(SOAP12.contentType) ? SOAP12 : SOAP11;
    this.fail(x, fault);
    x.contentType = `${x.version.contentType}; charset=utf-8`;
    await this.record(x);
    return x;
  }

  private serialise(x: SoapExchange): void {
    const operation = x.operation!;
    const answer = x.answer!;
    x.xml = writeEnvelope(
      x.version,
      this.contract.namespace,
      serializeElement(operation.header, answer.head, CONTRACT_PREFIX),
      serializeElement(operation.response, answer.body, CONTRACT_PREFIX),
      x.charset.name,
    );
    x.status = 200;
    x.contentType = `${x.version.contentType}; charset=${x.charset.name}`;
  }

  /** The exchange ends with a fault: `error` is one, or an unexpected error answered as INTERNAL. */
  private fail(x: SoapExchange, error: unknown): void {
    const { fault, internalError } = faultOf(error);
    x.fault = fault;
    x.internalError = internalError;
    x.xml = faultEnvelope(this.contract, x.version, fault, { TransIDH: x.inbound?.transIdH, TransIDO: x.head?.TransIDO }, x.charset);
    x.status = httpStatusOf(fault, x.version.id);
    x.contentType = `${x.version.contentType}; charset=${x.charset.name}`;
  }

  /** Gives the observer the exchange's record; waits only if a record hook or the observer has it wait. */
  private record(x: SoapExchange): Promise<void> | undefined {
    const record = (x.record = recordOf(x));
    const recordHooks = this.hooks[RECORD];
    if (recordHooks === undefined) {
      const observed = this.observe(record);
      return observed instanceof Promise ? observed : undefined;
    }
    return this.recordWithHooks(x, record, recordHooks);
  }

  private async recordWithHooks(x: SoapExchange, record: ExchangeRecord, recordHooks: readonly StageHook[]): Promise<void> {
    try {
      await runHooks(recordHooks, x, 0);
    } catch (error) {
      record.internalError = `a record hook failed: ${String((error as Error)?.stack ?? error)}`;
    }
    await this.observe(x.record ?? record);
  }
}

/**
 * Calls hooks[from..] in order. Synchronous hooks (the WS-Security check) cost their calls
 * only: a promise is made, and waited for, only once a hook returns one.
 */
function runHooks(hooks: readonly StageHook[], x: SoapExchange, from: number): Promise<void> | undefined {
  for (let i = from; i < hooks.length; i++) {
    const pending = hooks[i](x as Parameters<StageHook>[0]);
    if (pending !== undefined) return pending.then(() => runHooks(hooks, x, i + 1));
  }
  return undefined;
}

function recordOf(x: SoapExchange): ExchangeRecord {
  const { fault, inbound } = x;
  const answer = fault ? undefined : x.answer;
  return {
    interfaceNumber: x.endpoint.contract.number,
    operation: x.operation?.name,
    direction: 'inbound',
    requestHead: x.head,
    responseHead: answer?.head,
    province: inbound?.province,
    serviceNumber: serviceNumberOf(x.body),
    transIdH: inbound?.transIdH,
    rspCode: fault ? fault.rspCode : (answer?.head.RspCode ?? RSP.SUCCESS),
    fault: fault && { name: fault.fault, reason: fault.message },
    httpStatus: x.status,
    receivedAt: x.receivedAt,
    durationMs: performance.now() - x.started,
    // The text as decoded; bytes that never became text (a charset refusal) as they came.
    requestXml: redactSecrets(x.requestXml || (x.bytes?.toString('latin1') ?? '')),
    responseXml: x.xml,
    internalError: x.internalError,
    scope: x.scope,
  };
}

function serviceNumberOf(body: XmlRecord | undefined): string | undefined {
  return typeof body?.ServiceNumber === 'string' ? body.ServiceNumber : undefined;
}

/** Runs one request through a throw-away endpoint (tests; servers keep their endpoints). */
export function handleSoapRequest(raw: RawSoapRequest, opts: EndpointOptions): Promise<SoapReply> {
  const endpoint = new SoapEndpoint(opts);
  const x = endpoint.exchange(raw.contentType, raw.soapAction);
  x.bytes = raw.body;
  return endpoint.run(x);
}

/** A SOAP Fault whose detail is the contract's GatewayFault: the RspCode, and the ids where known. */
export function faultEnvelope(
  contract: InterfaceContract,
  version: SoapVersion,
  fault: SoapFaultError,
  ids: { TransIDH?: string; TransIDO?: string } = {},
  charset: Charset = UTF8,
): string {
  // A reason quotes the request; half a surrogate pair in it would make the fault itself unreadable XML.
  const reason = fault.message.toWellFormed();
  const detail = { RspCode: fault.rspCode, RspDesc: reason.slice(0, 256).toWellFormed(), ...ids };
  const faultDecl = [...contract.operations.values()][0].fault; // every operation shares the one GatewayFault
  return writeFault(version, contract.namespace, fault.side, reason, serializeElement(faultDecl, detail, CONTRACT_PREFIX), charset.name);
}
