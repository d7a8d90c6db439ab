/**
 * The journal as the admin API shows it: the search filters (query parameters or a verify
 * body, one set of names for both), the entry's schema, and the views that pick the
 * documented fields out of what the store returned.
 */
import { IdentifiedEntry, JournalEntry, JournalQuery } from '../../store/ports';
import { SCOPE_PATTERN } from '../../journal/scope';
import { prettyXml } from '../../xml/pretty-xml';
import { badParameter, ParamLocation } from '../errors';
import { JsonSchema, ParamSpec, ref } from '../operation';

const TEXT = { type: 'string', minLength: 1, maxLength: 64 };
const INSTANT = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$', maxLength: 40 };

/** The filters, by their name in the API; each a JSON Schema and what it means. */
const FILTERS: Record<string, { description: string; schema: JsonSchema }> = {
  transIdO: { description: "The collecting province's transaction id.", schema: TEXT },
  transIdH: { description: "HQ's transaction id.", schema: TEXT },
  procId: { description: 'The ProcID of the head.', schema: TEXT },
  serviceNumber: { description: 'The number the exchange is about.', schema: TEXT },
  interface: { description: 'The interface number, e.g. 5.2.2.', schema: { type: 'string', pattern: '^\\d{1,2}\\.\\d\\.\\d$' } },
  province: { description: 'The province the exchange concerns (the home province of a forwarded call; the mock province called).', schema: TEXT },
  rspCode: { description: 'The RspCode answered (of the fault, for a fault).', schema: { type: 'string', pattern: '^\\d{4}$' } },
  direction: {
    description: "inbound: a call to this server (a partner's to the gateway, the gateway's to a mock province); outbound: the gateway's call to a province.",
    schema: { type: 'string', enum: ['inbound', 'outbound'] },
  },
  scenario: { description: 'The id of the scenario that fired.', schema: { type: 'string', maxLength: 100 } },
  scope: { description: 'The test scope ("default" also finds the exchanges that named none).', schema: { type: 'string', pattern: SCOPE_PATTERN } },
  from: { description: 'Received at or after this instant (ISO 8601 with a zone).', schema: INSTANT },
  to: { description: 'Received before this instant.', schema: INSTANT },
};

export const JOURNAL_FILTERS: Record<string, ParamSpec> = FILTERS;

/** The same filters as a JSON body's properties (POST /journal/verify). */
export const FILTER_PROPERTIES: Record<string, JsonSchema> = Object.fromEntries(
  Object.entries(FILTERS).map(([name, f]) => [name, { ...f.schema, description: f.description }]),
);

/** The store's query for the filters given. */
export function journalQuery(given: Record<string, unknown>, where: ParamLocation): JournalQuery {
  const text = (name: string) => given[name] as string | undefined;
  const instant = (name: string) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw badParameter(where, name, `${name} is not an instant: ${value}`);
    return date;
  };
  const query: JournalQuery = {
    transIdO: text('transIdO'),
    transIdH: text('transIdH'),
    procId: text('procId'),
    serviceNumber: text('serviceNumber'),
    interfaceNumber: text('interface'),
    province: text('province'),
    rspCode: text('rspCode'),
    direction: text('direction') as JournalQuery['direction'],
    scenario: text('scenario'),
    scope: text('scope'),
    from: instant('from'),
    to: instant('to'),
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as JournalQuery;
}

const SCENARIO_FIRED = {
  type: 'object',
  required: ['id', 'name', 'reason'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string', description: 'Which criteria held, and the step of a sequence.' } },
};
const NEAR_MISS = {
  type: 'object',
  required: ['id', 'name', 'failed', 'matched'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    failed: { type: 'string', description: 'The first criterion that did not hold (e.g. match.serviceNumber), or "steps" for a sequence used up.' },
    expected: { type: 'string' },
    actual: { type: 'string', description: 'What the request had there.' },
    matched: { type: 'integer', description: 'How many criteria held before it.' },
  },
};

const SUMMARY_PROPERTIES = {
  id: { type: 'string', description: 'What GET /admin/journal/{id} takes.' },
  interface: { type: 'string' },
  operation: { type: 'string' },
  direction: { type: 'string', enum: ['inbound', 'outbound'] },
  sender: { type: 'string' },
  receiver: { type: 'string' },
  province: { type: 'string' },
  transIdO: { type: 'string' },
  transIdH: { type: 'string' },
  procId: { type: 'string' },
  serviceNumber: { type: 'string' },
  rspCode: { type: 'string' },
  fault: { type: 'string', description: "The fault's name in the catalogue, when the exchange ended with one." },
  httpStatus: { type: 'integer' },
  receivedAt: { type: 'string', format: 'date-time' },
  durationMs: { type: 'number' },
  scope: { type: 'string' },
  scenario: SCENARIO_FIRED,
  nearMisses: { type: 'array', items: NEAR_MISS, description: 'When the scope had scenarios and none fired: those that came closest, closest first.' },
};

export const JOURNAL_SCHEMAS: Record<string, JsonSchema> = {
  JournalSummary: {
    type: 'object',
    description: 'One exchange, without its XML.',
    required: ['id', 'interface', 'direction', 'rspCode', 'receivedAt'],
    properties: SUMMARY_PROPERTIES,
  },
  JournalEntry: {
    type: 'object',
    description: 'One exchange with its XML both ways.',
    required: ['id', 'interface', 'direction', 'rspCode', 'receivedAt', 'requestXml', 'responseXml', 'truncated'],
    properties: {
      ...SUMMARY_PROPERTIES,
      requestXml: { type: 'string' },
      responseXml: { type: 'string', description: 'What was sent back (empty for no answer).' },
      truncated: { type: 'boolean', description: 'Whether either XML was cut to the journal limit.' },
    },
  },
  JournalList: {
    type: 'object',
    required: ['entries', 'limit', 'skip', 'more'],
    properties: { entries: { type: 'array', items: ref('JournalSummary') }, limit: { type: 'integer' }, skip: { type: 'integer' }, more: { type: 'boolean' } },
  },
  JournalCount: {
    type: 'object',
    required: ['count'],
    properties: {
      count: { type: 'integer', description: 'How many exchanges match.' },
      ok: { type: 'boolean', description: 'With `expect`: whether the count is as expected.' },
      expected: { type: 'object' },
    },
  },
};

export function summaryView({ id, entry: e }: IdentifiedEntry): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id,
    interface: e.interfaceNumber,
    operation: e.operation,
    direction: e.direction,
    sender: e.sender,
    receiver: e.receiver,
    province: e.province,
    transIdO: e.transIdO,
    transIdH: e.transIdH,
    procId: e.procId,
    serviceNumber: e.serviceNumber,
    rspCode: e.rspCode,
    fault: e.fault,
    httpStatus: e.httpStatus,
    receivedAt: e.receivedAt.toISOString(),
    durationMs: e.durationMs,
    scope: e.scope,
    scenario: e.scenario,
    nearMisses: e.nearMisses,
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined));
}

export function entryView(found: IdentifiedEntry, pretty: boolean): Record<string, unknown> {
  const e: JournalEntry = found.entry;
  const xml = (text: string) => (pretty ? prettyXml(text) : text);
  return { ...summaryView(found), requestXml: xml(e.requestXml), responseXml: xml(e.responseXml), truncated: e.truncated };
}
