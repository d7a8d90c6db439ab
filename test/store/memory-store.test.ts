import { expect } from 'chai';
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => createMemoryStore());

describe('memory store: journal bound', () => {
  it('keeps only the newest entries past its limit', async () => {
    const store = createMemoryStore({ journalLimit: 100 });
    const entry = (n: number) => ({
      interfaceNumber: '4.2.1',
      direction: 'inbound' as const,
      transIdO: `O${n}`,
      rspCode: '0000',
      receivedAt: new Date(1_700_000_000_000 + n),
      durationMs: 1,
      requestXml: '',
      responseXml: '',
      truncated: false,
    });
    for (let n = 0; n < 1000; n += 10) await store.journal.appendMany(Array.from({ length: 10 }, (_, k) => entry(n + k)));
    const count = await store.journal.count({});
    expect(count).to.be.within(100, 110);
    expect(await store.journal.count({ transIdO: 'O999' })).to.equal(1);
    expect(await store.journal.count({ transIdO: 'O0' })).to.equal(0);
  });
});
