/**
 * The journal of exchanges — the gateway's and, in mock mode, the mock provinces' — searched,
 * read one by one, counted for a partner's assertions, and exported:
 *
 *   GET  /admin/journal?transIdO=&…&limit=   newest first, without the XML
 *   GET  /admin/journal/{id}?pretty=true     one exchange: XML both ways, timing, scenario and why, near misses
 *   POST /admin/journal/verify               {criteria…, expect?} → {count}; with expect, 409 when it does not hold
 *   GET  /admin/journal/export?…             JSON lines, one entry (with its XML) a line
 */
import { AdminError, notFound } from '../errors';
import { JournalRepository } from '../../store/ports';
import { AdminContext, AdminOperation, AdminResource, JsonSchema, ref } from '../operation';
import { entryView, FILTER_PROPERTIES, JOURNAL_FILTERS, JOURNAL_SCHEMAS, journalQuery, summaryView } from './journal-views';

const COUNT = { type: 'integer', minimum: 0, maximum: 1_000_000 };
const EXPECT: JsonSchema = {
  type: 'object',
  description: 'What the count must be: exactly, at least and/or at most.',
  additionalProperties: false,
  minProperties: 1,
  properties: { count: COUNT, atLeast: COUNT, atMost: COUNT },
};
const EXPORT_MAX = 100_000;

/** Needs the store only, so that the mock provinces running alone can serve it too (mocks/mock-mode/standalone.ts). */
export function journalResource(context: Pick<AdminContext, 'store'>): AdminResource {
  const journal = context.store.journal;
  return {
    name: 'journal',
    description: 'Every exchange, searched and counted: what a partner asserts on in its own tests (docs/MOCK-MODE.md).',
    schemas: JOURNAL_SCHEMAS,
    operations: [searchOperation(journal), exportOperation(journal), verifyOperation(journal), entryOperation(journal)],
  };
}

function searchOperation(journal: JournalRepository): AdminOperation {
  return {
    method: 'get',
    path: '/journal',
    operationId: 'searchJournal',
    summary: 'Exchanges matching every filter given, newest first.',
    query: {
      ...JOURNAL_FILTERS,
      limit: { description: 'At most this many.', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
      skip: { description: 'How many of the newest to pass over.', schema: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 } },
    },
    responses: { '200': { description: 'A page of exchanges.', schema: ref('JournalList') } },
    handle: async ({ query }) => {
      const limit = query.limit as number;
      const skip = query.skip as number;
      const found = await journal.findIdentified(journalQuery(query, 'query'), { limit: limit + 1, skip });
      return { status: 200, body: { entries: found.slice(0, limit).map(summaryView), limit, skip, more: found.length > limit } };
    },
  };
}

function exportOperation(journal: JournalRepository): AdminOperation {
  return {
    method: 'get',
    path: '/journal/export',
    operationId: 'exportJournal',
    summary: 'The exchanges matching the filters as JSON lines (application/x-ndjson), newest first, each with its XML.',
    query: {
      ...JOURNAL_FILTERS,
      limit: { description: 'At most this many.', schema: { type: 'integer', minimum: 1, maximum: EXPORT_MAX, default: 10_000 } },
    },
    responses: { '200': { description: 'One JournalEntry as JSON a line.' } },
    handle: async ({ query }) => {
      const found = await journal.findIdentified(journalQuery(query, 'query'), { limit: query.limit as number });
      const content = found.map((f) => JSON.stringify(entryView(f, false)) + '\n').join('');
      return { status: 200, body: undefined, text: { contentType: 'application/x-ndjson; charset=utf-8', content } };
    },
  };
}

function verifyOperation(journal: JournalRepository): AdminOperation {
  return {
    method: 'post',
    path: '/journal/verify',
    operationId: 'verifyJournal',
    summary:
      'Counts the exchanges matching the criteria ("was 5.2.2 called exactly once for TransIDO X?"); with `expect`, 409 when the count is not as expected.',
    body: {
      description: 'The filters of GET /admin/journal, and optionally what the count must be.',
      required: true,
      schema: { type: 'object', additionalProperties: false, properties: { ...FILTER_PROPERTIES, expect: EXPECT } },
    },
    responses: {
      '200': { description: 'The count (and, with expect, ok: true).', schema: ref('JournalCount') },
      '409': { description: 'With expect: the count is not as expected (the answer says what it was).', schema: ref('Error') },
    },
    handle: async ({ body }) => {
      const { expect, ...criteria } = body as Record<string, unknown> & { expect?: { count?: number; atLeast?: number; atMost?: number } };
      const count = await journal.count(journalQuery(criteria, 'body'));
      if (!expect) return { status: 200, body: { count } };
      const ok = (expect.count === undefined || count === expect.count) && count >= (expect.atLeast ?? 0) && count <= (expect.atMost ?? Infinity);
      if (!ok) throw new AdminError(409, 'conflict', `${count} exchanges match, expected ${describe(expect)}`, { count, expected: expect, ok: false });
      return { status: 200, body: { count, ok, expected: expect } };
    },
  };
}

function entryOperation(journal: JournalRepository): AdminOperation {
  return {
    method: 'get',
    path: '/journal/{id}',
    operationId: 'getJournalEntry',
    summary: 'One exchange: its XML both ways, timing, the scenario that fired and why, or the near misses.',
    pathParams: { id: { description: 'The id a search gave.', schema: { type: 'string', pattern: '^[0-9A-Za-z]{1,40}$' } } },
    query: { pretty: { description: 'Indent the XML.', schema: { type: 'boolean', default: false } } },
    responses: {
      '200': { description: 'The exchange.', schema: ref('JournalEntry') },
      '404': { description: 'No such entry (or no longer kept).', schema: ref('Error') },
    },
    handle: async ({ path, query }) => {
      const found = await journal.get(path.id);
      if (!found) throw notFound(`no journal entry with id "${path.id}" (the in-memory journal keeps the newest only)`);
      return { status: 200, body: entryView(found, query.pretty as boolean) };
    },
  };
}

function describe(expect: { count?: number; atLeast?: number; atMost?: number }): string {
  return [
    expect.count !== undefined && `exactly ${expect.count}`,
    expect.atLeast !== undefined && `at least ${expect.atLeast}`,
    expect.atMost !== undefined && `at most ${expect.atMost}`,
  ]
    .filter(Boolean)
    .join(' and ');
}
