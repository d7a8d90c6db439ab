import { expect } from 'chai';
import {
  FAULT,
  HTTP_REFUSALS,
  isFaultName,
  isProvinceFailure,
  PROVINCE_FAILURES,
  ProvinceFailure,
  relayedRspCode,
  rspCodeOfProvinceFailure,
  SOAP_FAULTS,
  SoapFaultError,
} from './faults';
import { isRspCode, RSP } from './rsp-codes';

describe("fault catalogue: the journal's one vocabulary", () => {
  it('names every SOAP fault, HTTP refusal and province failure, each as itself', () => {
    const all = [...Object.keys(SOAP_FAULTS), ...Object.keys(HTTP_REFUSALS), ...Object.keys(PROVINCE_FAILURES)];
    expect(Object.keys(FAULT).sort()).to.deep.equal([...new Set(all)].sort());
    for (const [name, value] of Object.entries(FAULT)) expect(value).to.equal(name);
    for (const name of all) expect(isFaultName(name), name).to.equal(true);
    for (const junk of ['constructor', '__proto__', 'ProvinceUnavailableError', '']) expect(isFaultName(junk), junk).to.equal(false);
  });

  it('gives every SOAP fault a contract RspCode, and the error carries it', () => {
    for (const [name, kind] of Object.entries(SOAP_FAULTS)) {
      expect(isRspCode(kind.rspCode), name).to.equal(true);
      const error = new SoapFaultError(name as keyof typeof SOAP_FAULTS, 'x');
      expect([error.side, error.rspCode, error.httpStatus]).to.deep.equal([kind.side, kind.rspCode, kind.httpStatus]);
    }
  });

  it('answers a body cut off in transit as a Client 9001, like malformed XML', () => {
    for (const name of ['REQUEST_TIMEOUT', 'REQUEST_ABORTED'] as const) expect(SOAP_FAULTS[name]).to.deep.equal(SOAP_FAULTS.MALFORMED_XML);
  });

  describe('what a province failure means as a RspCode', () => {
    const cases: Array<[ProvinceFailure, string, string]> = [
      // failure, answered for a call that changes state, answered for one that only reads
      ['PROVINCE_UNREACHABLE', RSP.PROVINCE_UNAVAILABLE, RSP.PROVINCE_UNAVAILABLE],
      ['PROVINCE_FAULT', RSP.PROVINCE_UNAVAILABLE, RSP.PROVINCE_UNAVAILABLE],
      ['PROVINCE_TIMEOUT', RSP.RESULT_UNKNOWN, RSP.PROVINCE_UNAVAILABLE],
      ['PROVINCE_BAD_ANSWER', RSP.RESULT_UNKNOWN, RSP.PROVINCE_UNAVAILABLE],
    ];
    for (const [failure, changing, reading] of cases) {
      it(`${failure}: ${changing} when the call changes state, ${reading} when it only reads`, () => {
        expect(isProvinceFailure(failure)).to.equal(true);
        expect(rspCodeOfProvinceFailure(failure, true)).to.equal(changing);
        expect(rspCodeOfProvinceFailure(failure, false)).to.equal(reading);
      });
    }

    it("relays a province's own refusal when the contract knows its code, else answers 3001 (9999 when it gave none)", () => {
      expect(relayedRspCode('1002')).to.equal('1002');
      expect(relayedRspCode('2004')).to.equal('2004');
      expect(relayedRspCode('7777')).to.equal(RSP.PROVINCE_UNAVAILABLE);
      expect(relayedRspCode('constructor')).to.equal(RSP.PROVINCE_UNAVAILABLE);
      expect(relayedRspCode(undefined)).to.equal(RSP.INTERNAL_ERROR);
    });
  });
});
