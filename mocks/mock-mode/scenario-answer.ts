/**
 * The business answer of an `rspCode` scenario: a response head with that code and a body
 * built from the operation's response schema — the scenario's own fields first, then the
 * request's fields of the same name (ServiceNumber…), then the account's data (AccountInfo…),
 * then for a required field the first simple value its type accepts. Nothing is applied.
 */
import { OperationContract } from '../../src/contract/interface-contract';
import { ElementDecl, SimpleType, XmlRecord, XmlValue } from '../../src/contract/schema-model';
import { isRspCode, RSP } from '../../src/contract/rsp-codes';
import { cstTimestamp } from '../../src/domain/cst-time';
import { MessageHead, responseHead } from '../../src/domain/message-head';

/** Account fields by the response element names the contract uses for them. */
export type AccountValues = Record<string, XmlValue>;

export function scenarioHead(request: MessageHead, transIdH: string | undefined, rspCode: string, rspDesc?: string): MessageHead {
  if (isRspCode(rspCode)) return responseHead(request, transIdH, rspCode, rspDesc);
  // A code outside the catalogue (a partner testing its handling of one): an error of the system kind.
  return { ...responseHead(request, transIdH, RSP.INTERNAL_ERROR, rspDesc ?? `code ${rspCode}`), RspCode: rspCode, RspType: '2' } as MessageHead;
}

export function scenarioBody(operation: OperationContract, request: XmlRecord, account: AccountValues, overrides: Record<string, unknown> = {}): XmlRecord {
  const type = operation.response.type;
  if (type.kind !== 'complex') return {};
  return built(type.sequence, { ...request, ...account }, overrides as XmlRecord);
}

function built(fields: ElementDecl[], known: XmlRecord, overrides: XmlRecord): XmlRecord {
  const out: XmlRecord = {};
  for (const field of fields) {
    const given = overrides[field.name] ?? known[field.name];
    if (given !== undefined && (field.type.kind === 'complex') === (typeof given === 'object')) {
      out[field.name] = given;
      continue;
    }
    if (field.type.kind === 'complex') {
      // A structure is filled only where it is required or the data for it is known.
      const inner = built(field.type.sequence, known, {});
      const knownInside = field.type.sequence.some((f) => known[f.name] !== undefined);
      if (field.minOccurs > 0 || knownInside) out[field.name] = inner;
      continue;
    }
    if (field.minOccurs > 0) out[field.name] = simpleDefault(field.type);
  }
  return out;
}

/** The first candidate value the type accepts (facets checked as the validator does). */
function simpleDefault(type: SimpleType): XmlValue {
  const f = type.facets;
  if (f.enumeration && f.enumeration.size > 0) return [...f.enumeration][0];
  const numeric = !['string', 'token', 'normalizedString', 'boolean'].includes(type.builtin);
  if (numeric) return Math.max(0, f.minInclusive ?? 0);
  if (type.builtin === 'boolean') return 'false';
  const now = cstTimestamp();
  const length = f.length ?? f.minLength ?? 1;
  const candidates = [now, now.slice(0, 8), now.slice(0, 6), '0'.repeat(length), '1'.repeat(length), 'X'.repeat(length), '0000'];
  return candidates.find((c) => accepts(type, c)) ?? '0'.repeat(length);
}

function accepts(type: SimpleType, value: string): boolean {
  const f = type.facets;
  if (f.length !== undefined && value.length !== f.length) return false;
  if (f.minLength !== undefined && value.length < f.minLength) return false;
  if (f.maxLength !== undefined && value.length > f.maxLength) return false;
  return (f.patterns ?? []).every((p) => p.test(value));
}
