import { expect } from 'chai';
import { FaultName, PROVINCE_FAILURES, ProvinceFailure } from '../contract/faults';
import { ExchangeRecord } from '../journal/exchange-record';
import { faultLabelOf, NONE, provinceErrorKind } from './labels';

const record = (fault?: string): ExchangeRecord => ({
  interfaceNumber: '4.2.2',
  direction: 'outbound',
  rspCode: '3001',
  receivedAt: 0,
  durationMs: 1,
  requestXml: '',
  responseXml: '',
  fault: fault === undefined ? undefined : { name: fault as FaultName, reason: '' },
});

describe('metric labels from the fault catalogue', () => {
  it('labels a province failure by whether it may have been applied', () => {
    const kinds = Object.fromEntries(Object.keys(PROVINCE_FAILURES).map((f) => [f, provinceErrorKind(record(f))]));
    expect(kinds).to.deep.equal({
      PROVINCE_UNREACHABLE: 'unavailable',
      PROVINCE_FAULT: 'unavailable',
      PROVINCE_TIMEOUT: 'outcome_unknown',
      PROVINCE_BAD_ANSWER: 'outcome_unknown',
    } satisfies Record<ProvinceFailure, string>);
    expect(provinceErrorKind(record())).to.equal(undefined);
    expect(provinceErrorKind(record('INTERNAL'))).to.equal('other');
  });

  it('passes only catalogue fault names as the fault label', () => {
    expect(faultLabelOf(record('SCHEMA_VIOLATION'))).to.equal('SCHEMA_VIOLATION');
    expect(faultLabelOf(record('constructor'))).to.equal(NONE);
    expect(faultLabelOf(record('ProvinceUnavailableError'))).to.equal(NONE);
  });
});
