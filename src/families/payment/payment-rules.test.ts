/**
 * The rules of remote payment and reversal as pure functions: the codes, and that each
 * refusal's RspDesc names the fact the province must correct (an operator reads it, so the
 * tests ask for the fact, not the sentence).
 */
import { expect } from 'chai';
import { RSP } from '../../contract/rsp-codes';
import { checkRemote, checkReversal, contentFingerprint, ReversibleFacts } from './payment-rules';

/** 2024-03-01 12:00 CST, on the payment's accounting day. */
const ON_THE_DAY = Date.parse('2024-03-01T04:00:00Z');
const PAID: ReversibleFacts = { serviceNumber: '13000000001', collectProvince: '11', amount: 5000, accountingDate: '20240301' };
const asked = (overrides: Partial<{ serviceNumber: string; collectProvince: string; amount: number }> = {}) => ({
  serviceNumber: PAID.serviceNumber,
  collectProvince: PAID.collectProvince,
  amount: PAID.amount,
  ...overrides,
});

describe('payment rules: refusals name the fact', () => {
  it('a payment into a number of the collecting province itself is refused with 1004 naming that home province', () => {
    const refusal = checkRemote('36', '36');
    expect(refusal?.code).to.equal(RSP.NOT_REMOTE);
    expect(refusal?.desc).to.contain('36').and.to.contain('collecting');
    expect(checkRemote('11', '36')).to.equal(undefined);
  });

  it('a reversal from another collecting province is refused with 2005 naming the province that may reverse', () => {
    const refusal = checkReversal(PAID, asked({ collectProvince: '31' }), ON_THE_DAY);
    expect(refusal?.code).to.equal(RSP.REVERSAL_NOT_ALLOWED);
    expect(refusal?.desc).to.contain('collecting province 11');
  });

  it('a reversal of part of the amount is refused with 2005 naming the full amount in fen', () => {
    const refusal = checkReversal(PAID, asked({ amount: 4999 }), ON_THE_DAY);
    expect(refusal?.code).to.equal(RSP.REVERSAL_NOT_ALLOWED);
    expect(refusal?.desc).to.contain('full amount').and.to.contain('5000 fen');
  });

  it("a reversal after the payment's CST day is refused with 2005 naming the closed accounting day", () => {
    const nextDay = Date.parse('2024-03-01T16:00:00Z'); // 00:00 CST on 2 March
    const refusal = checkReversal(PAID, asked(), nextDay);
    expect(refusal?.code).to.equal(RSP.REVERSAL_NOT_ALLOWED);
    expect(refusal?.desc).to.contain('20240301').and.to.contain('closed');
    expect(checkReversal(PAID, asked(), nextDay - 1)).to.equal(undefined);
  });
});

describe('payment rules: the content fingerprint', () => {
  it('a field present without a value fingerprints as an empty one, never as the text "undefined" or "null"', () => {
    const empty = contentFingerprint({ PayAmount: 5000, HomeSerial: '' });
    expect(contentFingerprint({ PayAmount: 5000, HomeSerial: undefined })).to.equal(empty);
    expect(contentFingerprint({ PayAmount: 5000, HomeSerial: null })).to.equal(empty);
    expect(contentFingerprint({ PayAmount: 5000, HomeSerial: 'undefined' })).not.to.equal(empty);
    expect(contentFingerprint({ PayAmount: 5000, HomeSerial: 'null' })).not.to.equal(empty);
  });
});
