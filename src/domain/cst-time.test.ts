import { expect } from 'chai';
import * as cstTime from './cst-time';
import { cstCycle, cstDate, cstTimestamp, parseCstTimestamp, previousCycle } from './cst-time';

/**
 * The module as a process first loads it, its last-second cache still empty: what the first
 * call answers depends on the cache's initial state, which the shared instance lost long ago.
 */
function freshCstTime(): typeof cstTime {
  const path = require.resolve('./cst-time');
  const shared = require.cache[path];
  delete require.cache[path];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second instance of the module, loaded anew on purpose
    return require('./cst-time') as typeof cstTime;
  } finally {
    require.cache[path] = shared;
  }
}

describe('CST time', () => {
  it('formats an instant in China Standard Time (UTC+8), across the UTC day boundary', () => {
    const utc = Date.parse('2026-01-31T17:30:05Z');
    expect(cstTimestamp(utc)).to.equal('20260201013005');
    expect(cstDate(utc)).to.equal('20260201');
    expect(cstCycle(utc)).to.equal('202602');
    expect(cstTimestamp(utc + 1000)).to.equal('20260201013006');
    expect(cstTimestamp(utc)).to.equal('20260201013005');
  });

  it("a process's first stamp is computed for its own second, whichever second it is (near the epoch too)", () => {
    for (const [at, stamp] of [
      [-1000, '19700101075959'],
      [0, '19700101080000'],
      [1500, '19700101080001'],
      [Date.parse('2026-01-31T17:30:05Z'), '20260201013005'],
    ] as const) {
      expect(freshCstTime().cstTimestamp(at), `first call at ${at} ms`).to.equal(stamp);
    }
  });

  it('reads a CST timestamp back to the same instant', () => {
    expect(parseCstTimestamp('20260201013005')).to.equal(Date.parse('2026-01-31T17:30:05Z'));
  });

  it('counts bill cycles back across years', () => {
    expect(previousCycle('202601')).to.equal('202512');
    expect(previousCycle('202603', 14)).to.equal('202501');
  });
});
