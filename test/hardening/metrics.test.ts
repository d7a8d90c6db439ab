/**
 * GET /metrics: the Prometheus text a running gateway exposes after real exchanges (a
 * success, a fault, a province that is down, one that answers too late), and the values
 * read at scrape time, which must survive a store that fails or hangs.
 */
import { expect } from 'chai';
import { cstTimestamp } from '../../src/domain/cst-time';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { GatewayMetrics, MetricsSources } from '../../src/metrics/gateway-metrics';
import { RunningSystem, startSystem } from '../support/system';
import { fixture, normalQuery, post, SOAP11_CT } from './hostile-input-support';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

let payments = 0;
function paymentFor(number: string, homeLate = false): string {
  payments += 1;
  return fixture('5.2.1')
    .replace(/BILL11202511201030150001/, `MET${homeLate ? 'L' : 'P'}${Date.now().toString(36)}${payments}`)
    .replace(/<tns:PayTime>\d+</, `<tns:PayTime>${cstTimestamp()}<`)
    .replace(/13051000001/g, number);
}

describe('hardening: Prometheus metrics', function () {
  this.timeout(20_000);
  let system: RunningSystem;
  let samples: Sample[];
  let contentType: string | undefined;

  before(async () => {
    // The resolver is held back so the late payment stays PENDING for the scrape.
    system = await startSystem({ downProvinces: ['89'], env: { PROVINCE_TIMEOUT_MS: '300', RESOLVER_INTERVAL_MS: '3600000' } });
    const url = system.gatewayUrl;
    const send = (path: string, xml: string) => post(url, path, xml, { 'content-type': SOAP11_CT });
    const down = system.mocks.books.get('89')!.list()[0].serviceNumber;
    const late = system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;

    expect((await send('/ucrm/4.2.1', normalQuery())).status).to.equal(200); // 0000, home 51
    expect((await send('/ucrm/4.2.1', normalQuery().replace('<tns:CollectProvince>36', '<tns:CollectProvince>3X'))).status).to.equal(500); // 9001
    expect((await send('/ucrm/4.2.1', normalQuery().replace(/13051000001/g, down))).status).to.equal(200); // 3001, 89 down
    system.mocks.misbehave('51', '5.2.2', { kind: 'answer-late', ms: 1000, times: 1 });
    expect((await send('/ucrm/5.2.1', paymentFor(late, true))).body).to.contain('>3002<'); // outcome unknown, PENDING

    const answer = await fetch(`${url}/metrics`);
    expect(answer.status).to.equal(200);
    contentType = answer.headers.get('content-type') ?? undefined;
    samples = parseMetrics(await answer.text());
  });
  after(() => system.close());

  it('answers in the Prometheus text format', () => {
    expect(contentType).to.match(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests by interface, RspCode and home province', () => {
    expect(valueOf(samples, 'ucrm_requests_total', { interface: '4.2.1', rsp_code: '0000', province: '51' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_requests_total', { interface: '4.2.1', rsp_code: '9001', province: 'none' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_requests_total', { interface: '4.2.1', rsp_code: '3001', province: '89' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_requests_total', { interface: '5.2.1', rsp_code: '3002', province: '51' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_faults_total', { interface: '4.2.1', fault: 'SCHEMA_VIOLATION' })).to.equal(1);
  });

  it('has a latency histogram per interface', () => {
    expect(valueOf(samples, 'ucrm_request_duration_seconds_count', { interface: '4.2.1' })).to.equal(3);
    expect(valueOf(samples, 'ucrm_request_duration_seconds_bucket', { interface: '5.2.1', le: '0.1' })).to.equal(0); // it waited for the 300 ms timeout
    expect(valueOf(samples, 'ucrm_request_duration_seconds_bucket', { interface: '5.2.1', le: '+Inf' })).to.equal(1);
  });

  it('has province-call latency and errors by province and kind', () => {
    expect(valueOf(samples, 'ucrm_province_call_duration_seconds_count', { province: '51' })).to.equal(2);
    expect(valueOf(samples, 'ucrm_province_call_errors_total', { province: '89', kind: 'unavailable' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_province_call_errors_total', { province: '51', kind: 'outcome_unknown' })).to.equal(1);
    expect(valueOf(samples, 'ucrm_province_call_errors_total', { province: '51', kind: 'unavailable' })).to.equal(undefined);
  });

  it('reads pending payments and the journal queue at scrape time', () => {
    expect(valueOf(samples, 'ucrm_payments_pending')).to.equal(1);
    expect(valueOf(samples, 'ucrm_journal_queue_depth')).to.be.a('number');
    expect(valueOf(samples, 'ucrm_journal_dropped_total')).to.equal(0);
  });

  it('includes the process metrics', () => {
    expect(valueOf(samples, 'process_resident_memory_bytes')).to.be.above(0);
  });

  it('keeps each gateway in its own registry', async () => {
    const other = await startSystem();
    try {
      const text = await (await fetch(`${other.gatewayUrl}/metrics`)).text();
      expect(valueOf(parseMetrics(text), 'ucrm_requests_total')).to.equal(undefined);
    } finally {
      await other.close();
    }
  });

  describe('scrape-time values (unit)', () => {
    const journal = { queued: 3, dropped: 5, written: 7 };
    const record = (extra: Partial<ExchangeRecord>): ExchangeRecord => ({
      interfaceNumber: '4.2.1',
      direction: 'inbound',
      rspCode: '0000',
      receivedAt: Date.now(),
      durationMs: 1,
      requestXml: '',
      responseXml: '',
      ...extra,
    });
    const scrape = async (metrics: GatewayMetrics) => parseMetrics(await metrics.text());
    // A family's scrape-time gauge, as the payment family declares its pending payments.
    const withPayments = (read: () => Promise<number>): MetricsSources => ({
      journal,
      gauges: [{ name: 'ucrm_payments_pending', help: 'pending payments', read }],
    });

    it('mirrors the journal writer: queue depth, dropped and written entries', async () => {
      const metrics = new GatewayMetrics(
        withPayments(async () => 2),
        { defaultMetrics: false },
      );
      let s = await scrape(metrics);
      expect([valueOf(s, 'ucrm_journal_queue_depth'), valueOf(s, 'ucrm_journal_dropped_total'), valueOf(s, 'ucrm_journal_written_total')]).to.deep.equal([
        3, 5, 7,
      ]);
      journal.dropped = 9;
      s = await scrape(metrics);
      expect(valueOf(s, 'ucrm_journal_dropped_total')).to.equal(9);
      expect(valueOf(s, 'ucrm_payments_pending')).to.equal(2);
    });

    it('answers NaN for pending payments when the store fails, and still answers the scrape', async () => {
      const metrics = new GatewayMetrics(
        withPayments(() => Promise.reject(new Error('database down'))),
        { defaultMetrics: false },
      );
      const s = await scrape(metrics);
      expect(valueOf(s, 'ucrm_payments_pending')).to.be.NaN;
      expect(valueOf(s, 'ucrm_journal_queue_depth')).to.equal(3);
    });

    it('does not wait for a store that hangs', async () => {
      const metrics = new GatewayMetrics(
        withPayments(() => new Promise(() => undefined)),
        { defaultMetrics: false, storeTimeoutMs: 50 },
      );
      const started = Date.now();
      expect(valueOf(await scrape(metrics), 'ucrm_payments_pending')).to.be.NaN;
      expect(Date.now() - started).to.be.below(1000);
    });

    it('labels what it cannot vouch for "none", so junk never mints new series', async () => {
      const metrics = new GatewayMetrics(
        withPayments(async () => 0),
        { defaultMetrics: false },
      );
      metrics.observe(record({ interfaceNumber: '', rspCode: '', fault: { name: 'UNKNOWN_PATH', reason: '' } }));
      metrics.observe(record({ rspCode: 'constructor', province: 'toString' }));
      const s = await scrape(metrics);
      expect(s.filter((x) => x.name === 'ucrm_requests_total').map((x) => x.labels)).to.deep.equal([
        { interface: 'none', rsp_code: 'none', province: 'none' },
        { interface: '4.2.1', rsp_code: 'none', province: 'none' },
      ]);
    });
  });
});
