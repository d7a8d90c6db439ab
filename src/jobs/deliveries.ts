/**
 * Requests HQ starts to a province (a document delivered, a result sent), through the same
 * ProvinceClient as relayed calls, so they are journaled and measured the same way. Each
 * delivery is a document keyed by (interface, subject, province): delivering the same
 * thing again finds it and sends nothing, so a re-run or a run taken over delivers once.
 *
 *   queued → sent → accepted | refused | failed;  failed → sent (retried while attempts remain)
 *
 * A send is claimed first (→ sent, attempt counted, its claim due back after the province
 * timeout and a margin), so of several instances one sends, and a crash mid-send leaves a
 * claim the retry job finds stale and counts as a failed attempt. Re-sends carry the same
 * TransIDH, which a province must apply once. A refusal is a definite answer and is kept;
 * a failure is retried with doubling delays until the attempts run out, and then stays
 * `failed` with no due time: listed, for a person to look at.
 */
import { createHash } from 'node:crypto';
import { XmlRecord } from '../contract/schema-model';
import { RSP } from '../contract/rsp-codes';
import { HqRequestIds, hqRequestHead } from '../domain/message-head';
import { Logger } from '../logging/logger';
import { ProvinceOutcomeUnknownError, ProvinceUnavailableError } from '../provinces/province-client';
import { documentKinds } from '../store/document-kinds';
import { BusinessDocument, DocumentChanges, StoredAnswer } from '../store/ports';
import type { JobDeps, RunContext } from './job';
import { OperationName, RequestOf } from '../contract/typed-values';

export const DELIVERY_KIND = 'delivery';
export const DELIVERY_STATES = ['queued', 'sent', 'accepted', 'refused', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
documentKinds.register({ kind: DELIVERY_KIND, owner: 'src/jobs/deliveries.ts', states: DELIVERY_STATES });

export interface DeliveryRequest {
  interfaceNumber: string; // an H→P interface
  operation: OperationName;
  province: string;
  /** What is delivered, in the caller's words (a document's kind and key, say); part of the delivery's key. */
  subject: string;
  /** Head fields; by default the flow is HQ's own (ProcID and TransIDO = its TransIDH) and not a test. */
  head?: { procId?: string; transIdO?: string; testFlag?: '0' | '1' };
  body: XmlRecord;
}

export interface Delivery {
  key: string;
  interfaceNumber: string;
  operation: string;
  province: string;
  subject: string;
  state: DeliveryState;
  attempts: number;
  transIdH: string;
  nextAttemptAt?: Date;
  lastError?: string;
  answer?: StoredAnswer; // the province's answer, once it gave one
  createdAt: Date;
  updatedAt?: Date;
}

export interface DeliveryOutcome {
  /** False when this (interface, subject, province) was delivered or queued before: nothing new was sent. */
  created: boolean;
  /** When not created: whether the earlier delivery carried the same body. */
  sameContent: boolean;
  delivery: Delivery;
}

export interface DeliverySettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed send may go without an outcome before it counts as lost (beyond any province timeout). */
  claimTimeoutMs: number;
}

interface DeliveryData {
  interfaceNumber: string;
  operation: OperationName;
  province: string;
  subject: string;
  ids: HqRequestIds;
  body: XmlRecord;
  attempts: number;
  lastError?: string;
  answer?: StoredAnswer;
}

/** At most this many sends per pass of the retry job; the next pass goes on. */
const RETRY_BATCH = 100;

/** How a status view finds a delivery: Deliveries.get, bound. */
export type DeliveryLookup = (interfaceNumber: string, subject: string, province: string) => Promise<Delivery | undefined>;

/** What a status view shows of a delivery: where it stands, its tries, its TransIDH, the last error. */
export interface DeliveryBrief {
  state: DeliveryState;
  attempts: number;
  transIdH: string;
  lastError?: string;
}

export function deliveryBrief(d: Delivery): DeliveryBrief {
  return { state: d.state, attempts: d.attempts, transIdH: d.transIdH, ...(d.lastError !== undefined && { lastError: d.lastError }) };
}

export function deliveryKey(interfaceNumber: string, subject: string, province: string): string {
  return `${interfaceNumber}|${subject}|${province}`;
}

export class Deliveries {
  constructor(
    private readonly deps: JobDeps,
    private readonly settings: DeliverySettings,
    private readonly logger: Logger,
  ) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    this.checkRequest(request);
    const now = new Date(this.now());
    const transIdH = this.deps.transIds.next();
    const ids: HqRequestIds = {
      procId: request.head?.procId ?? transIdH,
      transIdO: request.head?.transIdO ?? transIdH,
      transIdH,
      testFlag: request.head?.testFlag ?? '0',
    };
    const { interfaceNumber, operation, province, subject, body } = request;
    const data: DeliveryData = { interfaceNumber, operation, province, subject, ids, body, attempts: 0 };
    const fingerprint = fingerprintOf(operation, body);
    const key = deliveryKey(interfaceNumber, subject, province);
    const put = await this.deps.store.documents.putIfAbsent({
      kind: DELIVERY_KIND,
      key,
      fingerprint,
      state: 'queued',
      dueAt: now,
      data: { ...data },
      createdAt: now,
    });
    if (!put.inserted) return { created: false, sameContent: put.existing.fingerprint === fingerprint, delivery: viewOf(put.existing) };
    return { created: true, sameContent: true, delivery: await this.attempt(put.record) };
  }

  async get(interfaceNumber: string, subject: string, province: string): Promise<Delivery | undefined> {
    const doc = await this.deps.store.documents.get(DELIVERY_KIND, deliveryKey(interfaceNumber, subject, province));
    return doc && viewOf(doc);
  }

  /** Deliveries in key order (interface, subject, province), by state and key prefix; e.g. those that kept failing. */
  async list(query: { state?: DeliveryState | DeliveryState[]; keyPrefix?: string } = {}, limit = 100): Promise<Delivery[]> {
    const found: Delivery[] = [];
    if (limit <= 0) return found;
    for await (const doc of this.deps.store.documents.stream({ kind: DELIVERY_KIND, ...query })) {
      found.push(viewOf(doc));
      if (found.length >= limit) break;
    }
    return found;
  }

  /** One pass of the retry job: sends what is due again, and frees claims whose sender went silent. */
  async retryDue(run: RunContext): Promise<void> {
    const now = new Date(this.now());
    let sends = 0;
    for await (const due of this.deps.store.documents.stream({ kind: DELIVERY_KIND, state: ['queued', 'sent', 'failed'], dueBy: now })) {
      if (run.signal.aborted || sends >= RETRY_BATCH) break;
      const doc = due.state === 'sent' ? await this.freeStaleClaim(due, run) : due;
      if (!doc?.dueAt) continue;
      sends++;
      run.count((await this.attempt(doc)).state);
    }
  }

  /** Claims the delivery for one send and sends it; if another instance claimed it first, returns it as it is. */
  private async attempt(doc: BusinessDocument): Promise<Delivery> {
    const { documents } = this.deps.store;
    const attempts = Number(doc.data.attempts) + 1;
    const claim: DocumentChanges = { state: 'sent', data: { attempts }, dueAt: new Date(this.now() + this.settings.claimTimeoutMs) };
    const claimed = await documents.transition(DELIVERY_KIND, doc.key, [doc.state!], claim, { data: { attempts: attempts - 1 } });
    if (!claimed) return viewOf((await documents.get(DELIVERY_KIND, doc.key))!);
    const settled = await documents.transition(DELIVERY_KIND, doc.key, ['sent'], await this.send(claimed), { data: { attempts } });
    const delivery = viewOf(settled ?? (await documents.get(DELIVERY_KIND, doc.key))!);
    const level = delivery.state === 'accepted' ? 'info' : 'warn';
    this.logger.log(level, 'delivery sent', { key: delivery.key, TransIDH: delivery.transIdH, state: delivery.state, attempts, error: delivery.lastError });
    return delivery;
  }

  /** What the send's outcome makes of the delivery. */
  private async send(doc: BusinessDocument): Promise<DocumentChanges> {
    const d = doc.data as unknown as DeliveryData;
    try {
      const contract = this.deps.contracts.get(d.interfaceNumber);
      // The body is whatever the caller built for this operation; serialising it against the contract checks it.
      const body = d.body as RequestOf<typeof d.operation>;
      const answer = await this.deps.provinces.call(d.province, contract, d.operation, hqRequestHead(d.interfaceNumber, d.province, d.ids), body);
      const stored: StoredAnswer = { rspCode: answer.head.RspCode ?? '', rspDesc: answer.head.RspDesc, body: answer.body };
      return { state: answer.head.RspCode === RSP.SUCCESS ? 'accepted' : 'refused', data: { answer: stored, lastError: undefined }, dueAt: undefined };
    } catch (error) {
      // Only the province's side can get better by waiting; a request HQ cannot even make would fail the same way again.
      const retryable = error instanceof ProvinceUnavailableError || error instanceof ProvinceOutcomeUnknownError;
      const again = retryable && d.attempts < this.settings.maxAttempts;
      return {
        state: 'failed',
        data: { lastError: (error as Error).message ?? String(error) },
        dueAt: again ? new Date(this.now() + this.backoff(d.attempts)) : undefined,
      };
    }
  }

  /** A claim past its due time: the instance that made it stopped before recording an outcome. */
  private async freeStaleClaim(doc: BusinessDocument, run: RunContext): Promise<BusinessDocument | undefined> {
    const attempts = Number(doc.data.attempts);
    const lastError = `no outcome recorded for attempt ${attempts}: the sending instance stopped, or its store did`;
    const again = attempts < this.settings.maxAttempts;
    const freed = await this.deps.store.documents.transition(
      DELIVERY_KIND,
      doc.key,
      ['sent'],
      { state: 'failed', data: { lastError }, dueAt: again ? new Date(this.now()) : undefined },
      { data: { attempts } },
    );
    if (freed) run.count('stale');
    return freed;
  }

  /** The wait after `attempts` sends: doubling, capped. */
  private backoff(attempts: number): number {
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  }

  private checkRequest(r: DeliveryRequest): void {
    const contract = this.deps.contracts.get(r.interfaceNumber);
    if (contract.direction !== 'H→P') throw new Error(`interface ${r.interfaceNumber} is served by HQ: a delivery goes to a province's (H→P) interface`);
    if (!contract.operations.has(r.operation)) throw new Error(`interface ${r.interfaceNumber} has no operation ${r.operation}`);
    if (r.province === '' || r.subject === '') throw new Error('a delivery needs a province and a subject (what is delivered)');
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

function fingerprintOf(operation: string, body: XmlRecord): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, body]))
    .digest('hex');
}

function viewOf(doc: BusinessDocument): Delivery {
  const d = doc.data as unknown as DeliveryData;
  return {
    key: doc.key,
    interfaceNumber: d.interfaceNumber,
    operation: d.operation,
    province: d.province,
    subject: d.subject,
    state: doc.state as DeliveryState,
    attempts: d.attempts,
    transIdH: d.ids.transIdH,
    ...(doc.dueAt && { nextAttemptAt: doc.dueAt }),
    ...(d.lastError !== undefined && { lastError: d.lastError }),
    ...(d.answer && { answer: d.answer }),
    createdAt: doc.createdAt,
    ...(doc.updatedAt && { updatedAt: doc.updatedAt }),
  };
}
