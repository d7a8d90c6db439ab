/**
 * 6.2.1: a copy of one reversal is answered with that reversal's outcome, never with another
 * reversal's that happens to be in flight in this process. Reversal A is sent here to a
 * stand-in home province that holds its 6.2.2 answer until the test lets it go; reversal B is
 * in progress on another instance (its record REVERSING in the store, nothing of it running
 * here). A copy of B arrives while A waits at its province. Which moment the copy has looked
 * for B's original is taken from the store (the copy's byReversal under B's TransIDO), so no
 * sleep orders the steps.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { resolve } from 'node:path';
import * as soap from 'soap';
import { cstTimestamp } from '../../domain/cst-time';
import { createMemoryStore } from '../../store/memory/memory-store';
import { provinceHead } from '../../../test/support/heads';
import { soapClient } from '../../../test/support/soap-client';
import { close, listen, RunningSystem, startSystem } from '../../../test/support/system';
import { storeWithPayments } from './meeting-payments';
import { PaymentRepository } from './payment-port';
import { PAYMENT_RECORDS } from './payment-store';
import { paidToday, reversalInProgress, reverse } from './reverse-test-support';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures');
const A_NUMBER = '13051007001';
const B_NUMBER = '13051007002';

/** A promise with its resolve function, for steps the test waits on. */
const signal = () => {
  let fire!: () => void;
  const fired = new Promise<void>((r) => (fire = r));
  return { fire, fired };
};

describe('6.2.1 reversal: copies are matched to their own reversal', function () {
  this.timeout(20000);
  let system: RunningSystem;
  let province: Server;
  let client: soap.Client;
  const aAtProvince = signal();
  const releaseA = signal();
  const copyOfBLooked = signal();
  let bTransIdO = '';

  before(async () => {
    const store = createMemoryStore();
    const inner = store.records(PAYMENT_RECORDS);
    // The copy of B has read its reversal's record once byReversal under B's TransIDO answered.
    const watched = Object.assign(Object.create(inner) as PaymentRepository, {
      byReversal: async (sender: string, transIdO: string) => {
        const found = await inner.byReversal(sender, transIdO);
        if (transIdO === bTransIdO) copyOfBLooked.fire();
        return found;
      },
    });
    const golden = readFileSync(resolve(FIXTURES, '6.2.2', 'ok.response.xml'), 'utf8').replace('13051000001', A_NUMBER);
    const standIn = await listen((req, res) => {
      req.resume();
      req.on('end', () => {
        aAtProvince.fire();
        void releaseA.fired.then(() => {
          res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
          res.end(golden);
        });
      });
    });
    province = standIn.server;
    system = await startSystem({
      store: await storeWithPayments(store, watched),
      provinceUrls: { '51': `${standIn.url}/province/51` },
      env: { PROVINCE_TIMEOUT_MS: '5000', RESOLVER_INTERVAL_MS: '3600000' },
    });
    client = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
  });
  after(async () => {
    await system.close();
    await close(province);
  });

  it("a copy of a reversal in progress elsewhere, arriving while another reversal is in flight here, is answered with its own reversal's outcome", async () => {
    const payments = system.gateway.store.records(PAYMENT_RECORDS);
    const a = paidToday(A_NUMBER, { state: 'SUCCESS' });
    await payments.insertIfAbsent(a);
    const bHead = provinceHead('6.2.1', '36', { type: '01', value: B_NUMBER });
    bTransIdO = bHead.TransIDO;
    const reverseTime = cstTimestamp();
    const bReversal = reversalInProgress(bHead, reverseTime);
    const b = paidToday(B_NUMBER, { state: 'REVERSING', reversal: bReversal });
    await payments.insertIfAbsent(b);

    const aAnswer = reverse(client, provinceHead('6.2.1', '36', { type: '01', value: A_NUMBER }), a, cstTimestamp());
    await aAtProvince.fired;
    const bAnswer = reverse(client, bHead, b, reverseTime);
    await copyOfBLooked.fired;
    releaseA.fire();
    const aDone = await aAnswer;
    expect(aDone.head.RspCode, 'reversal A itself').to.equal('0000');
    // B's original, on the other instance, is done only now: the copy must wait for B, not take A's answer.
    await payments.transition(b.transIdH, ['REVERSING'], { state: 'REVERSED', reversal: { ...bReversal, homeSerial: 'HS-B', balanceAfter: 10 } });
    const bDone = await bAnswer;
    expect(bDone.head).to.include({ RspCode: '0000', TransIDH: bReversal.transIdH });
    expect(bDone.body).to.deep.include({ ServiceNumber: B_NUMBER, OrigTransIDH: b.transIdH, HomeSerial: 'HS-B' });
  });
});
