/**
 * Proxy mode of the mock provinces: a "real" province (here another mock-provinces process
 * whose account was changed, so its answers tell themselves apart) behind a proxying mock;
 * calls pass through and are recorded, recordings become scenario drafts and a replay file,
 * and a third mock answers from them with the real system gone.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { createMockProvinces, MockProvinces } from '../../mocks/province-billing/server';
import { proxyOptionsFromEnv, readReplayFile, Recording } from '../../mocks/mock-mode/proxy-recorder';
import { cstTimestamp } from '../../src/domain/cst-time';
import { DEFAULT_SCOPE } from '../../src/journal/scope';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { Scenario } from '../../mocks/mock-mode/scenario';
import { scenarioProblems } from '../../mocks/mock-mode/scenario-check';
import { hqRequestHead } from '../../src/domain/message-head';
import { serializeElement } from '../../src/contract/serializer';
import { close, contractsAndSegments, listen } from '../support/system';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
let sequence = 0;

describe('mock provinces in proxy mode: record and replay', () => {
  const { contracts, segments } = contractsAndSegments();
  const query = contracts.get('4.2.2');
  const op = query.operations.get('QueryAccount')!;

  const queryXml = (serviceNumber: string, transIdH: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:v="${query.namespace}"><soapenv:Header>` +
    serializeElement(op.header, hqRequestHead('4.2.2', '51', { procId: `P${transIdH}`, transIdO: `O${transIdH}`, transIdH, testFlag: '1' }), 'v') +
    `</soapenv:Header><soapenv:Body>${serializeElement(op.request, { ServiceNumber: serviceNumber, CollectProvince: '36' }, 'v')}</soapenv:Body></soapenv:Envelope>`;

  const ask = async (url: string, serviceNumber: string) => {
    const transIdH = `UCRM${cstTimestamp()}PX${String(++sequence).padStart(6, '0')}`;
    const res = await request(`${url}/province/51/4.2.2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${op.soapAction}"` },
      body: queryXml(serviceNumber, transIdH),
    });
    const xml = await res.body.text();
    const field = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)<`).exec(xml)?.[1];
    return { status: res.statusCode, transIdH, answeredTransIdH: field('TransIDH'), rspCode: field('RspCode'), balance: field('Balance') };
  };

  let real: MockProvinces;
  let realServer: Awaited<ReturnType<typeof listen>>;
  let proxying: MockProvinces;
  let proxyServer: Awaited<ReturnType<typeof listen>>;
  let number: string;
  let other: string;
  let realCalls = 0;
  let realCallsBefore = 0;
  const journaled: ExchangeRecord[] = [];
  let first: Awaited<ReturnType<typeof ask>>;
  const recordFile = join(mkdtempSync(join(tmpdir(), 'ucrm-proxy-')), 'recorded.jsonl');

  before(async () => {
    real = createMockProvinces({ contracts, segments, observe: () => void realCalls++ });
    realServer = await listen(real.app);
    const accounts = real.books
      .get('51')!
      .list()
      .filter((a) => a.userStatus === '0');
    number = accounts[0].serviceNumber;
    other = accounts[1].serviceNumber;
    real.books.get('51')!.find(number)!.balance = 424242; // only the real system says this
    proxying = createMockProvinces({
      contracts,
      segments,
      observe: (r) => journaled.push(r),
      proxy: { targets: { '51': `${realServer.url}/province/51` }, recordFile },
    });
    proxyServer = await listen(proxying.app);
    // One call through the proxy, recorded; every test below reads this recording.
    realCallsBefore = realCalls;
    first = await ask(proxyServer.url, number);
  });

  after(async () => {
    await close(proxyServer.server);
    await close(realServer.server);
  });

  it('passes a call through to the real province, byte for byte, and records it', async () => {
    expect(first).to.include({ status: 200, rspCode: '0000', balance: '424242' });
    expect(first.answeredTransIdH).to.equal(first.transIdH);
    expect(realCalls).to.equal(realCallsBefore + 1);
    const recorded = proxying.recorder!.recordings();
    expect(recorded).to.have.length(1);
    expect(recorded[0]).to.include({ province: '51', interfaceNumber: '4.2.2', operation: 'QueryAccount', status: 200 });
    // Journaled like the mocks' own exchanges, its heads read with the contract.
    expect(journaled.map((r) => [r.interfaceNumber, r.direction, r.transIdH, r.rspCode, r.requestHead?.TransIDO])).to.deep.equal([
      ['4.2.2', 'inbound', first.transIdH, '0000', `O${first.transIdH}`],
    ]);
    expect(recorded[0].fields).to.deep.equal({ 'QueryAccountReq/ServiceNumber': number, 'QueryAccountReq/CollectProvince': '36' });
  });

  it('lists recordings and their scenario drafts over HTTP, and writes the replay file', async () => {
    const listed = (await (await request(`${proxyServer.url}/recordings`)).body.json()) as Recording[];
    expect(listed.map((r) => r.id)).to.deep.equal(proxying.recorder!.recordings().map((r) => r.id));
    const scenarios = (await (await request(`${proxyServer.url}/recordings/scenarios`)).body.json()) as Scenario[];
    expect(scenarioProblems(scenarios[0])).to.deep.equal([]); // valid against the engine's JSON Schema
    expect(scenarios[0].match).to.deep.include({ interface: '4.2.2', operation: 'QueryAccount', province: '51' });
    expect(scenarios[0].match!.body).to.deep.equal([
      { path: 'ServiceNumber', value: number },
      { path: 'CollectProvince', value: '36' },
    ]);
    expect(scenarios[0].action).to.deep.include({ kind: 'rspCode', rspCode: '0000' });
    expect(readReplayFile(recordFile).map((r) => r.id)).to.deep.equal(listed.map((r) => r.id));
    expect(readFileSync(recordFile, 'utf8').trim().split('\n')).to.have.length(listed.length);
  });

  it('replays the recording without the real system, the head answering the new request', async () => {
    // No target: the real system is out of reach for this one.
    const replaying = createMockProvinces({ contracts, segments, proxy: { targets: {}, replay: readReplayFile(recordFile) } });
    const server = await listen(replaying.app);
    try {
      const replayed = await ask(server.url, number);
      expect(replayed).to.include({ status: 200, rspCode: '0000', balance: '424242' });
      expect(replayed.answeredTransIdH).to.equal(replayed.transIdH);
      // A request nobody recorded gets the mock's own answer.
      const own = await ask(server.url, other);
      expect(own.rspCode).to.equal('0000');
      expect(own.balance).to.equal(String(replaying.books.get('51')!.find(other)!.balance));
    } finally {
      await close(server.server);
    }
  });

  it('saved as scenarios, the recordings answer through the scenario engine of a plain mock', async () => {
    const plain = createMockProvinces({ contracts, segments });
    plain.mode.scenarios.add(DEFAULT_SCOPE, proxying.recorder!.scenarios());
    const server = await listen(plain.app);
    try {
      const replayed = await ask(server.url, number);
      expect(replayed).to.include({ status: 200, rspCode: '0000', balance: '424242' });
      expect(replayed.answeredTransIdH).to.equal(replayed.transIdH);
      expect((await ask(server.url, other)).balance).to.equal(String(plain.books.get('51')!.find(other)!.balance));
    } finally {
      await close(server.server);
    }
  });

  it('reads its settings from the environment, refusing a malformed target', () => {
    expect(proxyOptionsFromEnv({})).to.equal(undefined);
    expect(proxyOptionsFromEnv({ MOCK_PROXY_TARGETS: '51=http://10.0.0.5/province/51' })?.targets).to.deep.equal({ '51': 'http://10.0.0.5/province/51' });
    expect(() => proxyOptionsFromEnv({ MOCK_PROXY_TARGETS: '5=nowhere' })).to.throw(/MOCK_PROXY_TARGETS/);
  });
});
