/**
 * The gateway on MongoDB (whatever MONGODB_URI names; .ci/run starts mongo-java-server):
 * idempotency that survives a gateway restart, the concurrency guarantees held by the
 * database's unique index and conditional updates, and a database outage answered with a
 * Server fault (9999) in bounded time, recovered from without a restart.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import * as soap from 'soap';
import { cstTimestamp } from '../../src/domain/cst-time';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { Store } from '../../src/store/ports';
import { provinceHead } from '../support/heads';
import { callWithHead, faultOf, soapClient } from '../support/soap-client';
import { RunningSystem, startSystem } from '../support/system';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';

const MONGO_SCRIPT = resolve(__dirname, '../../../.ci/mongo-server.sh');

describe('gateway on MongoDB (end to end)', function () {
  this.timeout(60000);
  const uri = mongoUriOrStandIn('gateway-on-MongoDB tests');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  let dbUri: string;
  const stores: Store[] = [];
  const systems: RunningSystem[] = [];
  const openStore = async () => {
    const store = await createMongoStore(dbUri, { serverSelectionTimeoutMS: 1500, records: recordKindsOf(FAMILIES) });
    stores.push(store);
    return store;
  };
  const start = async (mocksOf?: RunningSystem) => {
    const system = await startSystem({ store: await openStore(), mocksOf, env: { PROVINCE_TIMEOUT_MS: '1500' } });
    systems.push(system);
    return system;
  };

  beforeEach(() => {
    dbUri = databases.fresh();
  });
  afterEach(async () => {
    for (const s of systems.splice(0).reverse()) await s.close().catch(() => undefined);
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await databases.drop(dbUri).catch(() => undefined);
  });
  after(() => databases.close());

  const payOnce = async (client: soap.Client, number: string, head = provinceHead('5.2.1', '36', { type: '01', value: number }), payTime = cstTimestamp()) => ({
    ...(await callWithHead(client, 'RemotePay', head, { ServiceNumber: number, CollectProvince: '36', PayAmount: 1500, PayTime: payTime })),
    head0: head,
    payTime,
  });

  it('replays the first answer after a gateway restart, without paying twice', async () => {
    const first = await start();
    const a = first.mocks.books.get('51')!.list()[0];
    const paid = await payOnce(await soapClient(`${first.gatewayUrl}/ucrm/5.2.1?wsdl`), a.serviceNumber);
    expect(paid.head.RspCode).to.equal('0000');
    const ledger = first.mocks.books.get('51')!.ledger.size;

    // A new gateway process-equivalent: new store connection, same database, same provinces.
    const second = await start(first);
    await first.gateway.close();
    const again = await payOnce(await soapClient(`${second.gatewayUrl}/ucrm/5.2.1?wsdl`), a.serviceNumber, paid.head0, paid.payTime);
    expect(again.head.RspCode).to.equal('0000');
    expect(again.head.TransIDH).to.equal(paid.head.TransIDH);
    expect(again.body).to.deep.equal(paid.body);
    expect(second.mocks.books.get('51')!.ledger.size).to.equal(ledger);
  });

  it('pays once for 30 concurrent identical requests (the unique index decides)', async () => {
    const system = await start();
    const a = system.mocks.books.get('34')!.list()[1];
    const ledger = system.mocks.books.get('34')!.ledger.size;
    const client = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    const head = provinceHead('5.2.1', '36', { type: '01', value: a.serviceNumber });
    const payTime = cstTimestamp();
    const answers = await Promise.all(Array.from({ length: 30 }, () => payOnce(client, a.serviceNumber, head, payTime)));
    expect(system.mocks.books.get('34')!.ledger.size - ledger).to.equal(1);
    expect(new Set(answers.map((r) => `${r.head.RspCode}|${r.head.TransIDH}|${JSON.stringify(r.body)}`)).size).to.equal(1);
  });

  it('lets exactly one of 10 concurrent reversals win (one conditional update)', async () => {
    const system = await start();
    const a = system.mocks.books.get('38')!.list()[2];
    const paid = await payOnce(await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`), a.serviceNumber);
    const reverseClient = await soapClient(`${system.gatewayUrl}/ucrm/6.2.1?wsdl`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        callWithHead(reverseClient, 'RemotePayReverse', provinceHead('6.2.1', '36', { type: '01', value: a.serviceNumber }), {
          ServiceNumber: a.serviceNumber,
          CollectProvince: '36',
          OrigTransIDO: paid.head0.TransIDO,
          ReverseAmount: 1500,
          ReverseTime: cstTimestamp(),
        }),
      ),
    );
    const codes = answers.map((r) => r.head.RspCode);
    expect(codes.filter((c) => c === '0000')).to.have.length(1);
    expect(codes.filter((c) => c === '2004')).to.have.length(9);
  });

  describe('when the database goes away', () => {
    const managed = () => spawnSync('bash', [MONGO_SCRIPT, 'status'], { encoding: 'utf8' }).status === 0;
    const mongo = (cmd: 'kill' | 'restart') => {
      const r = spawnSync('bash', [MONGO_SCRIPT, cmd], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mongo-server.sh ${cmd} failed: ${r.stderr}`);
    };

    it('answers a soap:Server fault 9999 within the timeout, and recovers by itself', async function () {
      if (!managed()) {
        console.warn('      !! SKIPPED outage test: the MongoDB server is not managed by .ci/mongo-server.sh');
        this.skip();
      }
      const system = await start();
      const a = system.mocks.books.get('17')!.list()[3];
      const client = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
      expect((await payOnce(client, a.serviceNumber)).head.RspCode).to.equal('0000');
      const ledger = system.mocks.books.get('17')!.ledger.size;
      mongo('kill');
      try {
        const started = Date.now();
        const fault = await payOnce(client, a.serviceNumber).then(
          () => expect.fail('expected a fault while the database is down'),
          (error) => faultOf(error),
        );
        expect(Date.now() - started, 'answered within the store timeout').to.be.lessThan(8000);
        expect(fault.faultcode).to.match(/:Server$/);
        expect(fault.rspCode).to.equal('9999');
        expect(system.mocks.books.get('17')!.ledger.size, 'nothing forwarded').to.equal(ledger);
      } finally {
        mongo('restart');
      }
      let code = '';
      for (let i = 0; i < 40 && code !== '0000'; i++) {
        code = await payOnce(client, a.serviceNumber).then(
          (r) => r.head.RspCode,
          () => 'fault',
        );
        if (code !== '0000') await new Promise((r) => setTimeout(r, 250));
      }
      expect(code, 'payments work again after the database returns').to.equal('0000');
    });
  });
});
