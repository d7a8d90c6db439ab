import { expect } from 'chai';
import { JournalEntry } from '../ports';
import { MemoryJournal } from './memory-journal';

const entry = (i: number, xml: string): JournalEntry => ({
  interfaceNumber: '4.2.1',
  direction: 'inbound',
  rspCode: '0000',
  receivedAt: new Date(1_700_000_000_000 + i),
  durationMs: 1,
  transIdO: `BILL3620260920103015${String(i).padStart(4, '0')}`,
  requestXml: `${xml}<i>${i}</i>`,
  responseXml: `<r>${i} 吴杰平</r>`,
  truncated: false,
});

describe('store/memory/memory-journal: recent exchanges, XML off the heap', () => {
  it('gives back the XML both ways as it was written, newest first', async () => {
    const journal = new MemoryJournal(100);
    await journal.appendMany([entry(1, '<a/>'), entry(2, '<b/>')]);
    const found = await journal.find({}, { limit: 10 });
    expect(found.map((e) => [e.transIdO, e.requestXml, e.responseXml])).to.deep.equal([
      ['BILL36202609201030150002', '<b/><i>2</i>', '<r>2 吴杰平</r>'],
      ['BILL36202609201030150001', '<a/><i>1</i>', '<r>1 吴杰平</r>'],
    ]);
  });

  it('keeps the newest `limit` entries, each with its own XML, once its index has gone round', async () => {
    const journal = new MemoryJournal(3);
    for (let i = 0; i < 7; i++) await journal.appendMany([entry(i, `<m${i}/>`)]);
    const found = await journal.find({}, { limit: 10 });
    expect(found.map((e) => [e.requestXml, e.responseXml])).to.deep.equal([6, 5, 4].map((i) => [`<m${i}/><i>${i}</i>`, `<r>${i} 吴杰平</r>`]));
    expect(await journal.count({ transIdO: 'BILL36202609201030150004' })).to.equal(1);
    expect(await journal.count({ transIdO: 'BILL36202609201030150003' })).to.equal(0);
  });

  it('drops the oldest entries when large messages fill the ring before the count limit', async () => {
    const journal = new MemoryJournal(100); // ring of 1 MB
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 30; i++) await journal.appendMany([entry(i, big)]);
    const found = await journal.find({}, { limit: 100 });
    expect(found.length).to.be.within(5, 12); // ~10 of 100 KB fit, not 30
    expect(found[0].requestXml).to.equal(`${big}<i>29</i>`);
    found.forEach((e, k) => expect(e.requestXml).to.equal(`${big}<i>${29 - k}</i>`)); // the newest, intact
  });

  it('keeps an entry whose date is invalid, and the entries after it', async () => {
    const journal = new MemoryJournal(10);
    await journal.appendMany([{ ...entry(1, '<a/>'), receivedAt: new Date(NaN) }, entry(2, '<b/>')]);
    expect(await journal.count({})).to.equal(2);
    const found = await journal.find({ transIdO: 'BILL36202609201030150001' }, { limit: 1 });
    expect(found[0].receivedAt.getTime()).to.be.NaN;
  });

  it('marks as truncated a message too long for the ring', async () => {
    const journal = new MemoryJournal(100);
    await journal.appendMany([entry(1, 'y'.repeat(200_000))]);
    const [kept] = await journal.find({}, { limit: 1 });
    expect(kept.truncated).to.equal(true);
    expect(kept.requestXml.length).to.be.below(200_000);
  });
});
