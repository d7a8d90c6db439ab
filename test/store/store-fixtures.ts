/** Records for the store contract suite: complete, typed, and distinct per call. */
import { documentKinds } from '../../src/store/document-kinds';
import { BusinessDocument, JobRun, JournalEntry } from '../../src/store/ports';

/**
 * The kinds the contract suite stores: its own, so they can never clash with a family's
 * (a kind registered twice is refused). Registered once, when this module loads.
 */
export const SAMPLE_KIND = 'contract-sample';
export const OTHER_KIND = 'contract-other';
export const LIFECYCLE_KIND = 'contract-lifecycle';
export const LIFECYCLE_STATES = ['draft', 'open', 'closed', 'void'] as const;
documentKinds.register({ kind: SAMPLE_KIND, owner: 'test/store/store-fixtures.ts' });
documentKinds.register({ kind: OTHER_KIND, owner: 'test/store/store-fixtures.ts' });
documentKinds.register({ kind: LIFECYCLE_KIND, owner: 'test/store/store-fixtures.ts', states: LIFECYCLE_STATES });

/** A fixed instant (ms precision, as MongoDB keeps it) and offsets from it. */
export const T0 = new Date('2024-03-01T08:00:00.123Z');
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

let sequence = 0;
const next = (): string => String(++sequence).padStart(6, '0');

export function journalEntry(overrides: Partial<JournalEntry> = {}): JournalEntry {
  const n = next();
  return {
    interfaceNumber: '4.2.1',
    operation: 'RemoteAccountQuery',
    direction: 'inbound',
    sender: 'BILL11',
    receiver: 'UCRM',
    province: '11',
    transIdO: `O${n}`,
    transIdH: `H${n}`,
    procId: `P${n}`,
    serviceNumber: '13000000001',
    rspCode: '0000',
    httpStatus: 200,
    receivedAt: T0,
    durationMs: 12,
    requestXml: '<req/>',
    responseXml: '<rsp/>',
    truncated: false,
    ...overrides,
  };
}

export function businessDocument(overrides: Partial<BusinessDocument> = {}): BusinessDocument {
  const n = next();
  return {
    kind: SAMPLE_KIND,
    key: `202402|${n}`,
    fingerprint: `fp${n}`,
    data: { month: '202402', amounts: [1, 2.5, -3], empty: {}, nothing: null, when: at(1), deep: { a: { b: 'c' } } },
    createdAt: T0,
    ...overrides,
  };
}

/** A document of the lifecycle kind, in state `open` unless told otherwise. */
export function lifecycleDocument(overrides: Partial<BusinessDocument> = {}): BusinessDocument {
  return businessDocument({ kind: LIFECYCLE_KIND, state: 'open', data: { attempts: 0, note: 'first' }, ...overrides });
}

export function jobRun(overrides: Partial<JobRun> = {}): JobRun {
  const n = next();
  return {
    runId: `run-${n}`,
    job: 'sample.job',
    params: { day: '20240301' },
    paramsKey: 'day=20240301',
    trigger: 'demand',
    owner: '01',
    startedAt: T0,
    outcome: 'running',
    counts: {},
    ...overrides,
  };
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Fails unless `value` is made of plain objects, arrays, Dates and primitives only. */
export function expectPlain(value: unknown, path = 'record'): void {
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectPlain(item, `${path}[${i}]`));
    return;
  }
  if (proto !== Object.prototype && proto !== null) throw new Error(`${path} is not a plain object (${value.constructor?.name})`);
  for (const [key, item] of Object.entries(value)) expectPlain(item, `${path}.${key}`);
}
