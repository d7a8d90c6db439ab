/**
 * A month settled end to end: remote payments and a reversal through the running gateway's
 * SOAP interface (5.2.1, 6.2.1) on November days, the settlement refused while the days are
 * not reconciled, then — once they are — run from the admin API, the statements checked
 * against a hand-computed case both in the admin API and in what the mock provinces received
 * (GET /deliveries), and a second run that changes nothing.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { cstTimestamp } from '../../src/domain/cst-time';
import { SETTLE_JOB } from '../../src/families/settlement';
import { checkDatesOf } from '../../src/families/settlement/settlement-month';
import { markReconciled } from '../../src/families/reconciliation/check-days';
import { AdminClient } from '../admin/admin-client';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { RunningSystem, startSystem } from '../support/system';

const NOVEMBER_10 = Date.parse('2026-11-10T10:00:00+08:00');
const DECEMBER_3 = Date.parse('2026-12-03T09:00:00+08:00');

describe('monthly settlement end to end (payments through SOAP, statements to the mock provinces)', function () {
  this.timeout(30_000);
  let system: RunningSystem;
  let admin: AdminClient;
  const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
  const moveTo = (instant: number) => (clock.offsetMs = instant - Date.now());

  before(async () => {
    moveTo(NOVEMBER_10);
    system = await startSystem({ now: clock.now });
    admin = new AdminClient(system.gatewayUrl);
    admin.checkAgainst((await admin.get('/openapi.json')).body);
  });
  after(() => system.close());

  let used = 0;
  const numberOf = (province: string): string => {
    const active = system.mocks.books
      .get(province)!
      .list()
      .filter((a) => a.userStatus === '0' && a.serviceNumber.startsWith('1'));
    return active[used++ % active.length].serviceNumber;
  };
  const head = (interfaceNumber: string, sender: string, number: string) =>
    provinceHead(interfaceNumber, sender, { type: '01', value: number }, { ProcessTime: cstTimestamp(clock.now()) });
  const pay = async (client: soap.Client, sender: string, number: string, amount: number) => {
    const sent = head('5.2.1', sender, number);
    const answer = await callWithHead(client, 'RemotePay', sent, {
      ServiceNumber: number,
      CollectProvince: sender,
      PayAmount: amount,
      PayTime: cstTimestamp(clock.now()),
    });
    expect(answer.head.RspCode, `payment of ${amount} by ${sender}`).to.equal('0000');
    return sent.TransIDO;
  };
  const received = async (province: string) =>
    ((await (await fetch(`${system.mockUrl}/deliveries?interface=8.2.1&province=${province}`)).json()) as Array<{ body: unknown }>).map((d) => d.body);

  it('settles November: refused until its days are reconciled, then the hand-computed statements, once', async () => {
    const payClient = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    const reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
    await pay(payClient, '36', numberOf('51'), 5000);
    await pay(payClient, '36', numberOf('51'), 2550);
    await pay(payClient, '11', numberOf('51'), 150);
    const reversedNumber = numberOf('36');
    const reversed = await pay(payClient, '51', reversedNumber, 1000);
    const reversal = await callWithHead(reverseClient, 'RemotePayReverse', head('6.2.1', '51', reversedNumber), {
      ServiceNumber: reversedNumber,
      CollectProvince: '51',
      OrigTransIDO: reversed,
      ReverseAmount: 1000,
      ReverseTime: cstTimestamp(clock.now()),
    });
    expect(reversal.head.RspCode).to.equal('0000');

    moveTo(DECEMBER_3);
    const refused = await admin.post(`/jobs/${SETTLE_JOB}/runs`, { params: { month: '202611' } });
    expect(refused.status).to.equal(201);
    expect(refused.body.outcome).to.equal('failed');
    expect(refused.body.error).to.contain('check dates not reconciled: 20261101 (unreconciled), 20261102 (unreconciled)');
    expect(await received('51')).to.deep.equal([]);

    // What a reconciliation run records when it has compared a day.
    for (const date of checkDatesOf('202611')) await markReconciled(system.gateway.store, date, 0, [], new Date(clock.now()));
    const settled = await admin.post(`/jobs/${SETTLE_JOB}/runs`, { params: { month: '202611' } });
    expect(settled.status).to.equal(201);
    expect(settled.body.outcome, settled.body.error).to.equal('ok');
    expect(settled.body.counts).to.deep.equal({ pairs: 2, payments: 3, amount: 7700, statements: 31, 'delivery-accepted': 31 });

    // By hand, at the default 10 permille: 36→51 7550 (commission 75.5, rounded up: 76), 11→51 150 (1.5: 2); 51→36 reversed.
    const line = (province: string, payable: [number, number], receivable: [number, number], commission: number) => ({
      Province: province,
      PayableCount: payable[0],
      PayableAmount: payable[1],
      ReceivableCount: receivable[0],
      ReceivableAmount: receivable[1],
      Commission: commission,
      NetAmount: receivable[1] - payable[1] + commission,
    });
    const expected = {
      '51': { Counterpart: [line('11', [0, 0], [1, 150], -2), line('36', [0, 0], [2, 7550], -76)], NetAmount: 148 + 7474 },
      '36': { Counterpart: [line('51', [2, 7550], [0, 0], 76)], NetAmount: -7474 },
      '11': { Counterpart: [line('51', [1, 150], [0, 0], 2)], NetAmount: -148 },
    };
    for (const [province, statement] of Object.entries(expected)) {
      expect(await received(province), province).to.deep.equal([{ SettleMonth: '202611', Province: province, CommissionRate: 10, ...statement }]);
      const viewed = await admin.get(`/settlements/202611/${province}`);
      expect(viewed.body).to.deep.include({ netAmount: statement.NetAmount, delivery: { state: 'accepted', attempts: 1 } });
    }
    expect(await received('97')).to.deep.equal([{ SettleMonth: '202611', Province: '97', CommissionRate: 10, NetAmount: 0 }]);
    const month = await admin.get('/settlements/202611');
    expect(month.body.statements.reduce((sum: number, s: { netAmount: number }) => sum + s.netAmount, 0)).to.equal(0);

    const again = await admin.post(`/jobs/${SETTLE_JOB}/runs`, { params: { month: '202611' } });
    expect(again.body.counts).to.deep.include({ 'statements-kept': 31, 'delivery-earlier': 31 });
    expect(await received('51')).to.have.length(1);
  });
});
