/**
 * Deliveries end to end: HQ-started requests to the mock provinces through the gateway's
 * own ProvinceClient (journaled like relayed calls), one per (interface, subject,
 * province), retried by the retry job with doubling delays, kept visible when they keep
 * failing. 4.2.2 stands for any H→P interface: the helper is the same for all of them.
 */
import { OperationName } from '../../src/contract/typed-values';
import { expect } from 'chai';
import { Deliveries, DELIVERY_KIND, DELIVERY_RETRY_JOB, DeliveryRequest } from '../../src/jobs';
import { createLogger } from '../../src/logging/logger';
import { ProvinceClient } from '../../src/provinces/province-client';
import { RunningSystem, startSystem } from '../support/system';
import { rejectionOf } from '../store/store-fixtures';
import { jobDeps, runtime } from './job-support';

describe('jobs: deliveries to provinces', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  const clock = { offsetMs: 0 };

  before(async () => {
    system = await startSystem({
      downProvinces: ['89'],
      now: () => Date.now() + clock.offsetMs,
      env: {
        INSTANCE_ID: 'D7',
        PROVINCE_TIMEOUT_MS: '300',
        DELIVERY_RETRY_INTERVAL_MS: '3600000',
        DELIVERY_BASE_DELAY_MS: '1000',
        DELIVERY_MAX_DELAY_MS: '1500',
        DELIVERY_MAX_ATTEMPTS: '3',
      },
    });
  });
  after(() => system.close());
  afterEach(() => {
    clock.offsetMs = 0;
  });

  let subjects = 0;
  const request = (province: string, serviceNumber: string, extra: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
    interfaceNumber: '4.2.2',
    operation: 'QueryAccount',
    province,
    subject: `sample|${++subjects}`,
    body: { ServiceNumber: serviceNumber, CollectProvince: '36' },
    ...extra,
  });
  const deliveries = () => system.gateway.jobs.deliveries;
  const numberIn = (province: string) =>
    system.mocks.books
      .get(province)!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;
  const sendsOf = (transIdH: string) => system.records.filter((r) => r.direction === 'outbound' && r.transIdH === transIdH);

  it('sends through the province client with an HQ TransIDH, and keeps the answer', async () => {
    const outcome = await deliveries().deliver(request('51', numberIn('51')));
    expect(outcome).to.deep.include({ created: true, sameContent: true });
    const d = outcome.delivery;
    expect(d).to.deep.include({ state: 'accepted', attempts: 1, province: '51', interfaceNumber: '4.2.2' });
    expect(d.transIdH).to.match(/^UCRM\d{14}D7\d{6}$/);
    expect(d.answer!.rspCode).to.equal('0000');
    expect(d.answer!.body).to.have.property('AccountInfo');
    expect(d).not.to.have.property('nextAttemptAt');
    const sends = sendsOf(d.transIdH);
    expect(sends).to.have.length(1);
    expect(sends[0]).to.deep.include({ interfaceNumber: '4.2.2', province: '51', rspCode: '0000' });
    expect(sends[0].requestHead).to.deep.include({ MsgSender: 'UCRM', MsgReceiver: 'BILL51', TransIDO: d.transIdH, ProcID: d.transIdH });
  });

  it('sends the same (interface, subject, province) once, however often it is delivered', async () => {
    const first = await deliveries().deliver(request('51', numberIn('51'), { subject: 'sample|once' }));
    const again = await deliveries().deliver(request('51', numberIn('51'), { subject: 'sample|once' }));
    const changed = await deliveries().deliver(request('51', '13000000000', { subject: 'sample|once' }));
    expect(again).to.deep.include({ created: false, sameContent: true });
    expect(changed).to.deep.include({ created: false, sameContent: false });
    expect(again.delivery).to.deep.equal(first.delivery);
    expect(sendsOf(first.delivery.transIdH)).to.have.length(1);
    expect((await deliveries().deliver(request('17', numberIn('17'), { subject: 'sample|once' }))).created, 'another province').to.equal(true);
  });

  it('keeps a refusal as the definite answer it is, and does not retry it', async () => {
    const { delivery } = await deliveries().deliver(request('51', '13099999999'));
    expect(delivery).to.deep.include({ state: 'refused', attempts: 1 });
    expect(delivery.answer!.rspCode).to.equal('1002');
    clock.offsetMs = 60_000;
    await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect(sendsOf(delivery.transIdH)).to.have.length(1);
  });

  it('retries a province that cannot be reached with doubling delays, then leaves it failed and listed', async () => {
    const { delivery } = await deliveries().deliver(request('89', numberIn('89'), { subject: 'sample|down' }));
    expect(delivery).to.deep.include({ state: 'failed', attempts: 1 });
    expect(delivery.lastError).to.contain('unreachable');
    expect(delivery.nextAttemptAt!.getTime() - Date.now(), 'the base delay').to.be.within(850, 1000);
    await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect((await deliveries().get('4.2.2', 'sample|down', '89'))!.attempts, 'not yet due').to.equal(1);

    clock.offsetMs = 1000;
    const retried = await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect(retried.counts).to.deep.include({ failed: 1 });
    const second = (await deliveries().get('4.2.2', 'sample|down', '89'))!;
    expect(second.attempts).to.equal(2);
    expect(second.nextAttemptAt!.getTime() - (Date.now() + clock.offsetMs), 'doubled, within the cap').to.be.within(1350, 1500);

    clock.offsetMs = 3000;
    await system.gateway.runNow(DELIVERY_RETRY_JOB);
    const last = (await deliveries().get('4.2.2', 'sample|down', '89'))!;
    expect(last).to.deep.include({ state: 'failed', attempts: 3 });
    expect(last).not.to.have.property('nextAttemptAt');
    clock.offsetMs = 60_000;
    await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect(sendsOf(delivery.transIdH)).to.have.length(3);
    expect((await deliveries().list({ state: 'failed' })).map((d) => d.key)).to.include(last.key);
  });

  it('re-sends after a timeout with the same TransIDH, and records the answer then', async () => {
    system.mocks.misbehave('76', '4.2.2', { kind: 'answer-late', ms: 600, times: 1 });
    const { delivery } = await deliveries().deliver(request('76', numberIn('76')));
    expect(delivery.state).to.equal('failed');
    expect(delivery.lastError).to.contain('did not answer in time');
    clock.offsetMs = 1000;
    const run = await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect(run.counts).to.deep.include({ accepted: 1 });
    const settled = (await deliveries().get(delivery.interfaceNumber, delivery.subject, '76'))!;
    expect(settled).to.deep.include({ state: 'accepted', attempts: 2, transIdH: delivery.transIdH });
    expect(sendsOf(delivery.transIdH).map((r) => r.rspCode)).to.deep.equal(['3002', '0000']);
  });

  it('frees a claim whose sender stopped before recording an outcome, and sends it again', async () => {
    const { store } = system.gateway;
    const key = '4.2.2|sample|orphan|51';
    const body = { ServiceNumber: numberIn('51'), CollectProvince: '36' };
    const ids = { procId: 'P-ORPHAN', transIdO: 'O-ORPHAN', transIdH: 'UCRM20240301080000D7999999', testFlag: '0' };
    const data = { interfaceNumber: '4.2.2', operation: 'QueryAccount', province: '51', subject: 'sample|orphan', ids, body, attempts: 1 };
    await store.documents.putIfAbsent({
      kind: DELIVERY_KIND,
      key,
      fingerprint: 'f',
      state: 'sent',
      dueAt: new Date(Date.now() - 1000),
      data,
      createdAt: new Date(),
    });
    const run = await system.gateway.runNow(DELIVERY_RETRY_JOB);
    expect(run.counts).to.deep.include({ stale: 1, accepted: 1 });
    expect(await deliveries().get('4.2.2', 'sample|orphan', '51')).to.deep.include({ state: 'accepted', attempts: 2 });
  });

  it('sends once when two retry passes meet the same due delivery', async () => {
    const { delivery } = await deliveries().deliver(request('89', numberIn('89'), { subject: 'sample|race' }));
    clock.offsetMs = 1000;
    await Promise.all([
      system.gateway.runNow(DELIVERY_RETRY_JOB),
      deliveries().retryDue({ signal: new AbortController().signal, count: () => undefined } as never),
    ]);
    expect((await deliveries().get('4.2.2', 'sample|race', '89'))!.attempts).to.equal(2);
    expect(sendsOf(delivery.transIdH)).to.have.length(2);
  });

  it('sends nothing for a stale view of a delivery another instance has just tried', async () => {
    const { store } = system.gateway;
    const { delivery } = await deliveries().deliver(request('89', numberIn('89'), { subject: 'sample|stale' }));
    clock.offsetMs = 1000;
    const stale = (await store.documents.get(DELIVERY_KIND, delivery.key))!; // failed, attempt 1, due
    await system.gateway.runNow(DELIVERY_RETRY_JOB); // attempt 2 fails: failed again, due later
    // Another instance's pass read its view before that attempt, and acts on it now.
    const documents = Object.assign(Object.create(store.documents) as typeof store.documents, {
      stream: async function* () {
        yield stale;
      },
    });
    const staleStore = { ...store, documents };
    const provinces = new ProvinceClient(system.gateway.registry, (r) => system.records.push(r));
    const other = new Deliveries(
      jobDeps(staleStore, 'E8', () => Date.now() + clock.offsetMs, provinces),
      { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1500, claimTimeoutMs: 5000 },
      createLogger('silent'),
    );
    await other.retryDue({ signal: new AbortController().signal, count: () => undefined } as never);
    await provinces.close();
    expect((await deliveries().get('4.2.2', 'sample|stale', '89'))!.attempts).to.equal(2);
    expect(sendsOf(delivery.transIdH)).to.have.length(2);
  });

  it('lets a job that delivers twice for the same params send once and count once', async () => {
    const provinces = new ProvinceClient(system.gateway.registry, (r) => system.records.push(r));
    const numbers = { '51': numberIn('51'), '17': numberIn('17') };
    const jobs = runtime({
      store: system.gateway.store,
      provinces,
      jobs: [
        {
          name: 'sample.deliver-day',
          params: ['day'],
          handler: async (run) => {
            for (const [province, number] of Object.entries(numbers)) {
              const { created, delivery } = await run.deliver(request(province, number, { subject: `sample-day|${run.params.day}` }));
              run.count(created ? `delivered-${delivery.state}` : 'already-delivered');
            }
          },
        },
      ],
    });
    const first = await jobs.runNow('sample.deliver-day', { day: '20240301' });
    const second = await jobs.runNow('sample.deliver-day', { day: '20240301' });
    await provinces.close();
    expect(first.counts).to.deep.equal({ 'delivered-accepted': 2 });
    expect(second.counts).to.deep.equal({ 'already-delivered': 2 });
    const sent = await deliveries().list({ keyPrefix: '4.2.2|sample-day|20240301|' });
    expect(sent.map((d) => [d.province, d.state])).to.deep.equal([
      ['17', 'accepted'],
      ['51', 'accepted'],
    ]);
    for (const d of sent) expect(sendsOf(d.transIdH)).to.have.length(1);
  });

  it('refuses a request HQ cannot make: an interface HQ serves, an operation the interface lacks', async () => {
    expect((await rejectionOf(deliveries().deliver(request('51', '1', { interfaceNumber: '4.2.1' })))).message).to.contain('served by HQ');
    // As an untyped caller (an admin request, the CLI) could send it.
    expect((await rejectionOf(deliveries().deliver(request('51', '1', { operation: 'Nothing' as OperationName })))).message).to.contain(
      'has no operation Nothing',
    );
    expect((await rejectionOf(deliveries().deliver(request('51', '1', { interfaceNumber: '99.9.9' })))).message).to.contain('no WSDL for interface 99.9.9');
  });
});
