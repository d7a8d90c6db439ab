/**
 * Property: whatever the day, the merge-join and the classification report each payment as
 * exactly what was done to it — a record dropped (HQ only), an amount changed, a reversal
 * known at one side only (state mismatch), a record HQ never saw (province only), an outcome
 * the resolver settled (pending resolved) — and everything else as matched or, for a
 * payment that failed at its first answer and was not listed, as nothing.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { payment } from '../payment/payment-fixtures';
import { PaymentRecord } from '../payment/payment-port';
import { compareCheckRecords, CheckRecord } from './check-record-port';
import { classify } from './classify';
import { mergeByTransIdO, provincePayments } from './merge';
import { checkRecord } from './reconciliation-contract';
import { DiffKind } from './results';

type Fate = 'kept' | 'drop' | 'amount' | 'toggle-reversal';
type Kind = 'success' | 'reversed' | 'failed' | 'resolved';
interface Case {
  kind: Kind;
  fate: Fate;
}

async function* streamOf<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

function expectedOf(c: Case): DiffKind | 'matched' | 'nothing' {
  if (c.kind === 'failed') return 'nothing';
  if (c.fate === 'drop') return 'HQ_ONLY';
  if (c.fate === 'amount') return 'AMOUNT_MISMATCH';
  if (c.fate === 'toggle-reversal') return 'STATE_MISMATCH';
  return c.kind === 'resolved' ? 'PENDING_RESOLVED' : 'matched';
}

describe('classification of a day (property)', () => {
  it('reports every payment as what was done to it, and nothing else', async () => {
    const caseArb = fc.record({
      kind: fc.constantFrom<Kind>('success', 'reversed', 'failed', 'resolved'),
      fate: fc.constantFrom<Fate>('kept', 'kept', 'drop', 'amount', 'toggle-reversal'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { maxLength: 60 }), fc.integer({ min: 0, max: 5 }), async (cases, phantoms) => {
        const hq: PaymentRecord[] = [];
        const province: CheckRecord[] = [];
        const expected = new Map<string, string>();
        cases.forEach((c, i) => {
          const transIdO = `T${String(i).padStart(4, '0')}`;
          const state = c.kind === 'reversed' ? 'REVERSED' : c.kind === 'failed' ? 'FAILED' : 'SUCCESS';
          const p = payment({ transIdO, state, attempts: c.kind === 'resolved' ? 2 : 1, amount: 100 + i });
          hq.push(p);
          expected.set(transIdO, expectedOf(c));
          if (c.kind === 'failed' || c.fate === 'drop') return;
          province.push(checkRecord({ transIdO, paymentKey: transIdO, amount: c.fate === 'amount' ? p.amount + 1 : p.amount }));
          const reversedThere = (state === 'REVERSED') !== (c.fate === 'toggle-reversal');
          if (reversedThere)
            province.push(checkRecord({ transIdO: `R${transIdO}`, paymentKey: transIdO, recordType: 'REVERSE', origTransIdO: transIdO, amount: p.amount }));
        });
        for (let k = 0; k < phantoms; k++) {
          province.push(checkRecord({ transIdO: `P${k}`, paymentKey: `P${k}` }));
          expected.set(`P${k}`, 'PROVINCE_ONLY');
        }
        province.sort(compareCheckRecords);
        const reported = new Map<string, string>();
        for await (const pair of mergeByTransIdO(streamOf(hq), provincePayments(streamOf(province)))) {
          const verdict = classify(pair);
          const key = pair.hq?.transIdO ?? pair.province!.paymentKey;
          if ('skip' in verdict) reported.set(key, 'nothing');
          else if (verdict.matched) reported.set(key, 'matched');
          else {
            expect(verdict.differences).to.have.length(1);
            reported.set(verdict.differences[0].transIdO, verdict.differences[0].kind);
          }
        }
        expect(reported).to.deep.equal(expected);
      }),
      { numRuns: 200 },
    );
  });
});
