/**
 * The H→P client against a bare HTTP server playing a province: HQ's UsernameToken on the
 * way out, and an answer in GBK on the way back.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { hqRequestHead } from '../domain/message-head';
import { ExchangeRecord } from '../journal/exchange-record';
import { UsernameTokenVerifier } from '../wire/security/token-verifier';
import { parseXml } from '../xml/xml-tree';
import { ProvinceClient, ProvinceOutcomeUnknownError } from './province-client';
import { ProvinceRegistry } from './province-registry';

const root = resolve(__dirname, '../../..');
const contract = ContractCatalogue.load(resolve(root, 'wsdl')).get('4.2.2');
const okAnswer = readFileSync(resolve(root, 'test/fixtures/4.2.2/ok.response.xml'), 'utf8');
const head = hqRequestHead('4.2.2', '51', {
  procId: 'PBSS36-20260920103015-0005',
  transIdO: 'BILL36202609201030150005',
  transIdH: 'UCRM2026092010301501000001',
  testFlag: '1',
});

describe('province client: WS-Security and charsets on the H→P leg', () => {
  let server: Server;
  let requests: string[];
  let answer: { contentType: string; body: Buffer };
  let client: ProvinceClient;
  const records: ExchangeRecord[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': answer.contentType }).end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/province/51`;
    const registry = new ProvinceRegistry([{ code: '51', name: '广东', baseUrl, timeoutMs: 2000, password: 'gd-link' }]);
    client = new ProvinceClient(registry, (r) => records.push(r));
  });
  beforeEach(() => {
    requests = [];
  });
  after(async () => {
    await client.close();
    server.close();
  });

  const call = () => client.call('51', contract, 'QueryAccount', head, { ServiceNumber: '13051000001', CollectProvince: '36', BillCycle: '202609' });

  it('signs the call as UCRM with a PasswordDigest a province can verify, and journals it redacted', async () => {
    answer = { contentType: 'text/xml; charset=utf-8', body: Buffer.from(okAnswer) };
    await call();
    const envelope = parseXml(requests[0]);
    const verifier = new UsernameTokenVerifier({
      mode: 'require',
      windowSeconds: 300,
      credentials: (u) => (u === 'UCRM' ? { password: 'gd-link', systemId: 'UCRM' } : undefined),
    });
    verifier.authenticate(envelope.children[0].children, head);
    expect(requests[0]).to.contain('#PasswordDigest');
    expect(records.pop()!.requestXml).to.contain('#PasswordDigest">***</wsse:Password>');
  });

  it('reads an answer in GBK', async () => {
    answer = { contentType: 'text/xml; charset=GBK', body: iconv.encode(okAnswer.replace('encoding="UTF-8"', 'encoding="GBK"'), 'gbk') };
    const { body } = await call();
    expect((body.AccountInfo as Record<string, unknown>).CustName).to.equal('吴杰平');
    expect((body.BillItem as Array<Record<string, unknown>>)[0].ItemName).to.equal('月租费');
  });

  it('takes an answer whose bytes are not its charset as an unknown outcome', async () => {
    answer = {
      contentType: 'text/xml; charset=GBK',
      body: Buffer.concat([Buffer.from(okAnswer.slice(0, 200)), Buffer.from([0x81, 0x7f]), Buffer.from(okAnswer.slice(200))]),
    };
    let error: unknown;
    await call().catch((e) => (error = e));
    expect(error).to.be.instanceOf(ProvinceOutcomeUnknownError);
    expect((error as Error).message).to.contain('the answer is not valid GBK: invalid byte sequence at byte offset 200');
  });

  it('reads province answers under the same XML limits: a hostile answer is an unknown outcome, named', async () => {
    const attributes = Array.from({ length: 30_000 }, (_, k) => ` a${k}="1"`).join('');
    answer = { contentType: 'text/xml; charset=utf-8', body: Buffer.from(okAnswer.replace('<soapenv:Body>', `<soapenv:Body><x${attributes}/>`)) };
    let error: unknown;
    await call().catch((e) => (error = e));
    expect(error).to.be.instanceOf(ProvinceOutcomeUnknownError);
    expect((error as Error).message)
      .to.contain('unreadable XML')
      .and.contain('limit maxAttributesPerElement');
  });

  it("journals a failed call under the catalogue's name, with the RspCode it means for money", async () => {
    answer = { contentType: 'text/xml; charset=utf-8', body: Buffer.from('<not-xml') };
    await call().then(
      () => expect.fail('expected a failure'),
      (e) => expect(e).to.have.property('failure', 'PROVINCE_BAD_ANSWER'),
    );
    const record = records.pop()!;
    expect(record.rspCode).to.equal('3002');
    expect(record.fault?.name).to.equal('PROVINCE_BAD_ANSWER');
    expect(record.fault?.reason).to.contain('unreadable XML');
  });
});
