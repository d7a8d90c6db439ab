/**
 * Keyed business documents in memory. Like the rest of the memory store, each operation's
 * check and write happen in one turn of the event loop, with no await between them: that
 * is what makes putIfAbsent and transition atomic here.
 */
import { documentKinds, DocumentKindRegistry } from '../document-kinds';
import { BusinessDocument, DocumentChanges, DocumentKind, DocumentQuery, DocumentRepository, InsertOutcome, Page, TransitionCondition } from '../ports';
import { asStored } from '../stored-shape';

const copy = <T>(value: T): T => structuredClone(value);
// Code-unit order, as MongoDB compares these keys (localeCompare would not).
const byKey = (a: BusinessDocument, b: BusinessDocument): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class MemoryDocuments implements DocumentRepository {
  private readonly docs = new Map<string, BusinessDocument>();

  constructor(private readonly kinds: DocumentKindRegistry = documentKinds) {}

  async putIfAbsent(doc: BusinessDocument): Promise<InsertOutcome<BusinessDocument>> {
    this.kinds.checkPut(doc);
    const id = `${doc.kind}#${doc.key}`;
    const existing = this.docs.get(id);
    if (existing) return { inserted: false, existing: copy(existing) };
    const stored = asStored(doc);
    this.docs.set(id, stored);
    return { inserted: true, record: copy(stored) };
  }

  async get(kind: DocumentKind, key: string): Promise<BusinessDocument | undefined> {
    this.kinds.definitionOf(kind);
    const doc = this.docs.get(`${kind}#${key}`);
    return doc && copy(doc);
  }

  async list(kind: DocumentKind, keyPrefix: string, page: Page): Promise<BusinessDocument[]> {
    this.kinds.definitionOf(kind);
    return this.selected({ kind, keyPrefix })
      .slice(page.skip ?? 0, (page.skip ?? 0) + Math.max(0, page.limit))
      .map(copy);
  }

  async transition(
    kind: DocumentKind,
    key: string,
    fromStates: string[],
    changes: DocumentChanges,
    condition: TransitionCondition = {},
  ): Promise<BusinessDocument | undefined> {
    this.kinds.checkTransition(kind, fromStates, changes, condition);
    const id = `${kind}#${key}`;
    const current = this.docs.get(id);
    if (!current || current.state === undefined || !fromStates.includes(current.state)) return undefined;
    if (Object.entries(condition.data ?? {}).some(([field, value]) => current.data[field] !== value)) return undefined;
    const updated = changed(current, changes);
    this.docs.set(id, updated);
    return copy(updated);
  }

  async *stream(query: DocumentQuery): AsyncIterableIterator<BusinessDocument> {
    this.kinds.definitionOf(query.kind);
    // The selection is fixed when the walk starts; each document is copied only when it is
    // reached, and skipped if it has meanwhile left the selection (as a cursor would).
    const ids = this.selected(query).map((d) => `${d.kind}#${d.key}`);
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc && matches(doc, query)) yield copy(doc);
    }
  }

  private selected(query: DocumentQuery): BusinessDocument[] {
    return [...this.docs.values()].filter((d) => matches(d, query)).sort(byKey);
  }
}

function matches(doc: BusinessDocument, q: DocumentQuery): boolean {
  if (doc.kind !== q.kind) return false;
  if (q.keyPrefix !== undefined && !doc.key.startsWith(q.keyPrefix)) return false;
  if (q.state !== undefined && (doc.state === undefined || !(Array.isArray(q.state) ? q.state : [q.state]).includes(doc.state))) return false;
  return q.dueBy === undefined || (doc.dueAt !== undefined && doc.dueAt <= q.dueBy);
}

/** A new stored document: `current` with `changes` applied (as the MongoDB adapter's update does). */
function changed(current: BusinessDocument, changes: DocumentChanges): BusinessDocument {
  const updated: BusinessDocument = { ...current, updatedAt: new Date() };
  if (changes.state !== undefined) updated.state = changes.state;
  if (changes.fingerprint !== undefined) updated.fingerprint = changes.fingerprint;
  if ('dueAt' in changes) {
    if (changes.dueAt === undefined) delete updated.dueAt;
    else updated.dueAt = new Date(changes.dueAt.getTime());
  }
  if (changes.data) {
    const data = { ...current.data };
    for (const [field, value] of Object.entries(changes.data)) {
      if (value === undefined) delete data[field];
      else data[field] = asStored(value);
    }
    updated.data = data;
  }
  return updated;
}
