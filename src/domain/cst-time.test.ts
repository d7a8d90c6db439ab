import { expect } from 'chai';
import { cstCycle, cstDate, cstTimestamp, parseCstTimestamp, previousCycle } from './cst-time';

describe('CST time', () => {
  it('formats an instant in China Standard Time (UTC+8), across the UTC day boundary', () => {
    const utc = Date.parse('2026-01-31T17:30:05Z');
    expect(cstTimestamp(utc)).to.equal('20260201013005');
    expect(cstDate(utc)).to.equal('20260201');
    expect(cstCycle(utc)).to.equal('202602');
    expect(cstTimestamp(utc + 1000)).to.equal('20260201013006');
    expect(cstTimestamp(utc)).to.equal('20260201013005');
  });

  it('reads a CST timestamp back to the same instant', () => {
    expect(parseCstTimestamp('20260201013005')).to.equal(Date.parse('2026-01-31T17:30:05Z'));
  });

  it('counts bill cycles back across years', () => {
    expect(previousCycle('202601')).to.equal('202512');
    expect(previousCycle('202603', 14)).to.equal('202501');
  });
});
