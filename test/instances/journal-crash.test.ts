/**
 * A gateway process SIGKILLed the moment its last payment was answered: every answered
 * payment's journal entries (5.2.1 and its 5.2.2 leg) are in MongoDB all the same. (Before,
 * an entry was written up to 20 ms after its answer: the last payment's was lost.)
 */
import { expect } from 'chai';
import { cstTimestamp } from '../../src/domain/cst-time';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { provinceHead } from '../support/heads';
import { Child } from '../support/gateway-process';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { accounts, envelope, post, Provinces, startInstance, startProvinces, stopProvinces } from './instance-support';

describe('instances: the journal of payments survives a SIGKILL right after their answers', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('the journal after a SIGKILL');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let provinces: Provinces;
  let gateway: Child | undefined;

  before(async () => {
    provinces = await startProvinces();
  });
  after(async () => {
    gateway?.process.kill('SIGKILL');
    await stopProvinces(provinces);
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it('has both entries of every answered payment', async () => {
    gateway = await startInstance(dbUri, 'K1', provinces);
    const account = accounts(provinces);
    const answered: string[] = [];
    // Three waves of ten, then one payment alone: killed the moment its answer arrives.
    for (let wave = 0; wave < 4; wave++) {
      const heads = Array.from({ length: wave === 3 ? 1 : 10 }, () => {
        const number = account('51');
        return { number, head: provinceHead('5.2.1', '36', { type: '01', value: number }) };
      });
      const answers = await Promise.all(
        heads.map(({ number, head }) =>
          post(
            gateway!.url,
            '5.2.1',
            'RemotePay',
            envelope('5.2.1', 'RemotePay', head, { ServiceNumber: number, CollectProvince: '36', PayAmount: 300, PayTime: cstTimestamp() }),
          ),
        ),
      );
      if (wave === 3) gateway.process.kill('SIGKILL'); // at once: what was only queued is lost with the process
      answers.forEach((a, i) => {
        expect(a.rspCode, a.text).to.equal('0000');
        answered.push(heads[i].head.TransIDO);
      });
    }
    await gateway.exited;

    const store = await createMongoStore(dbUri);
    try {
      const missing: string[] = [];
      for (const transIdO of answered) {
        const entries = await store.journal.find({ transIdO }, { limit: 10 });
        const kinds = entries.map((e) => e.interfaceNumber).sort();
        if (kinds.join() !== '5.2.1,5.2.2') missing.push(`${transIdO}: ${kinds.join() || 'none'}`);
      }
      expect(missing, 'answered payments without both journal entries').to.deep.equal([]);
    } finally {
      await store.close();
    }
  });
});
