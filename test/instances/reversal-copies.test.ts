/**
 * Copies of one reversal (same sender and TransIDO) split across two gateway processes on
 * one MongoDB, sent at once while the home province is slow: applied once, and every copy
 * answered with the reversal's own outcome — never 2004 "already reversed" for its own
 * reversal, nor 3002 before the wait a duplicate payment gets.
 */
import { expect } from 'chai';
import { cstTimestamp } from '../../src/domain/cst-time';
import { provinceHead } from '../support/heads';
import { Child } from '../support/gateway-process';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { accounts, envelope, post, Provinces, startInstance, startProvinces, stopProvinces } from './instance-support';

describe('instances: copies of one reversal across two gateway processes', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('copies of a reversal across gateway processes');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let provinces: Provinces;
  const gateways: Child[] = [];

  before(async () => {
    provinces = await startProvinces();
    gateways.push(await startInstance(dbUri, 'A1', provinces), await startInstance(dbUri, 'B1', provinces));
  });
  after(async () => {
    for (const g of gateways) g.process.kill('SIGKILL');
    await stopProvinces(provinces);
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it("answers every copy with the one reversal's answer and reverses once", async () => {
    const [a, b] = gateways;
    const number = accounts(provinces)('51');
    const balance = () => provinces.mocks.books.get('51')!.find(number)!.balance;
    const payHead = provinceHead('5.2.1', '36', { type: '01', value: number });
    const paid = await post(
      a.url,
      '5.2.1',
      'RemotePay',
      envelope('5.2.1', 'RemotePay', payHead, { ServiceNumber: number, CollectProvince: '36', PayAmount: 2600, PayTime: cstTimestamp() }),
    );
    expect(paid.rspCode, paid.text).to.equal('0000');
    const before = balance();

    provinces.mocks.misbehave('51', '6.2.2', { kind: 'answer-late', ms: 400, times: 1 });
    const head = provinceHead('6.2.1', '36', { type: '01', value: number });
    const copy = envelope('6.2.1', 'RemotePayReverse', head, {
      ServiceNumber: number,
      CollectProvince: '36',
      OrigTransIDO: payHead.TransIDO,
      ReverseAmount: 2600,
      ReverseTime: cstTimestamp(),
    });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post((i % 2 ? b : a).url, '6.2.1', 'RemotePayReverse', copy)));

    const shapes = new Set(answers.map((r) => JSON.stringify({ code: r.rspCode, h: r.transIdH, body: r.body })));
    expect([...shapes], 'one answer for every copy').to.have.length(1);
    expect(answers[0].rspCode).to.equal('0000');
    expect(balance(), 'reversed once').to.equal(before - 2600);
    const late = await post(b.url, '6.2.1', 'RemotePayReverse', copy);
    expect(JSON.stringify({ code: late.rspCode, h: late.transIdH, body: late.body }), 'a copy after the outcome').to.equal([...shapes][0]);
  });
});
