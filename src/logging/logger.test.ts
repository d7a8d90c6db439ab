import { expect } from 'chai';
import { jsonLine } from './logger';

const MESSAGE = Symbol.for('message');
const line = (info: Record<string, unknown>) =>
  (jsonLine().transform({ level: 'info', message: 'exchange', ...info }, {}) as unknown as Record<symbol, string>)[MESSAGE];

describe('log lines', () => {
  it('are one JSON object with the fields in the order they were logged', () => {
    const text = line({ event: 'exchange', TransIDO: 'T1', RspCode: '0000', durationMs: 1.5 });
    expect(text).to.equal('{"level":"info","message":"exchange","event":"exchange","TransIDO":"T1","RspCode":"0000","durationMs":1.5}');
    expect(text).to.not.include('\n');
  });

  it('leave out fields that are undefined', () => {
    expect(JSON.parse(line({ fault: undefined, RspCode: '0000' }))).to.deep.equal({ level: 'info', message: 'exchange', RspCode: '0000' });
  });

  it('still come out for what plain JSON cannot write (a cycle, a BigInt)', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const text = line({ error: cyclic, count: 10n });
    expect(JSON.parse(text)).to.include({ level: 'info', message: 'exchange', count: '10' });
    expect(text).to.include('"name":"loop"');
  });
});
