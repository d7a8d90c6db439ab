/**
 * Statements as documents: kind `settlement.statement`, natural key `YYYYMM|province`, the
 * 8.2.1 body as data. A statement is written once (a re-run finds it and changes nothing);
 * the delivery of it is the jobs runtime's (src/jobs/deliveries.ts), keyed by the same
 * subject and province.
 */
import { documentKinds } from '../../store/document-kinds';
import { BusinessDocument, Store } from '../../store/ports';
import { Statement } from './statements';

export const STATEMENT_KIND = 'settlement.statement';
documentKinds.register({ kind: STATEMENT_KIND, owner: 'src/families/settlement/statement-documents.ts' });

/** The 8.2.1 interface and operation a statement goes out by. */
export const SETTLEMENT_INTERFACE = '8.2.1';
export const SETTLEMENT_OPERATION = 'DeliverSettlement';

export function statementKey(month: string, province: string): string {
  return `${month}|${province}`;
}

/** What a statement's delivery is about: the month's statements (one delivery per province). */
export function statementSubject(month: string): string {
  return `${STATEMENT_KIND}|${month}`;
}

/** What a statement document holds; its fingerprint is of exactly this. */
export interface StatementData {
  [field: string]: unknown;
  month: string;
  province: string;
  statement: Statement;
}

export function statementOfDocument(doc: BusinessDocument): Statement {
  return (doc.data as StatementData).statement;
}

/** The month's statements, in province order (a stream, walked to the end: 31 at most). */
export async function statementsOfMonth(store: Store, month: string): Promise<BusinessDocument[]> {
  const found: BusinessDocument[] = [];
  for await (const doc of store.documents.stream({ kind: STATEMENT_KIND, keyPrefix: `${month}|` })) found.push(doc);
  return found;
}
