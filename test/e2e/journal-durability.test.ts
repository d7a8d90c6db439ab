/**
 * Exchanges that move money are in the journal no later than their answer: when the first
 * byte of a 5.2.1 or 6.2.1 answer reaches the client, its journal entry and its province
 * leg's (5.2.2, 6.2.2) are already written, so a crash right after the answer loses neither.
 * Queries stay batched (their entry may follow the answer).
 */
import { expect } from 'chai';
import { request } from 'node:http';
import { cstTimestamp } from '../../src/domain/cst-time';
import { MessageHead } from '../../src/domain/message-head';
import { XmlRecord } from '../../src/contract/schema-model';
import { provinceHead } from '../support/heads';
import { RunningSystem, startSystem } from '../support/system';
import { envelope } from '../instances/instance-support';

describe('journal: entries of exchanges that move money are written before their answer', function () {
  this.timeout(30_000);
  let system: RunningSystem;
  before(async () => {
    system = await startSystem();
  });
  after(() => system.close());

  /** Posts the request and, as soon as the answer's head arrives, counts the journal entries of `transIdO` per interface. */
  const journaledAtAnswer = (interfaceNumber: string, operation: string, head: MessageHead, body: XmlRecord) =>
    new Promise<{ status: number; byInterface: Record<string, number> }>((resolve, reject) => {
      const xml = envelope(interfaceNumber, operation, head, body);
      const req = request(`${system.gatewayUrl}/ucrm/${interfaceNumber}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://ucrm.chinaunicom.cn/vol10/${operation}"` },
      });
      req.on('response', (res) => {
        res.resume();
        const journal = system.gateway.store.journal;
        void journal
          .find({ transIdO: head.TransIDO }, { limit: 10 })
          .then((entries) => {
            const byInterface: Record<string, number> = {};
            for (const e of entries) byInterface[e.interfaceNumber] = (byInterface[e.interfaceNumber] ?? 0) + 1;
            resolve({ status: res.statusCode!, byInterface });
          })
          .catch(reject);
      });
      req.on('error', reject);
      req.end(xml);
    });

  it('has a payment and its 5.2.2 leg journaled when the answer arrives, and then a reversal and its 6.2.2 leg', async () => {
    const number = system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;
    const payHead = provinceHead('5.2.1', '36', { type: '01', value: number });
    const paid = await journaledAtAnswer('5.2.1', 'RemotePay', payHead, {
      ServiceNumber: number,
      CollectProvince: '36',
      PayAmount: 1200,
      PayTime: cstTimestamp(),
    });
    expect(paid.status).to.equal(200);
    expect(paid.byInterface, 'the payment and its province leg').to.deep.equal({ '5.2.1': 1, '5.2.2': 1 });

    const reverseHead = provinceHead('6.2.1', '36', { type: '01', value: number });
    const reversed = await journaledAtAnswer('6.2.1', 'RemotePayReverse', reverseHead, {
      ServiceNumber: number,
      CollectProvince: '36',
      OrigTransIDO: payHead.TransIDO,
      ReverseAmount: 1200,
      ReverseTime: cstTimestamp(),
    });
    expect(reversed.status).to.equal(200);
    expect(reversed.byInterface, 'the reversal and its province leg').to.deep.equal({ '6.2.1': 1, '6.2.2': 1 });
  });
});
