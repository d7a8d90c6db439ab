/**
 * GBK and GB18030 through the running system: a legacy province asks 4.2.1 in GBK, HQ asks
 * the home province (4.2.2, UTF-8) and answers in GBK, Chinese bill items and the masked
 * customer name intact. Charsets it does not speak and bytes that are not the declared
 * charset are clear 9001 Client faults.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { serializeElement } from '../../src/contract/serializer';
import { XmlRecord } from '../../src/contract/schema-model';
import { cstCycle, previousCycle } from '../../src/domain/cst-time';
import { hqRequestHead, MessageHead } from '../../src/domain/message-head';
import { provinceHead, uniqueId } from '../support/heads';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS = 'http://ucrm.chinaunicom.cn/vol10';

describe('GBK and GB18030 requests (end to end)', () => {
  let system: RunningSystem;
  const lastCycle = previousCycle(cstCycle());

  before(async () => {
    system = await startSystem();
  });
  after(() => system.close());

  const account = () =>
    system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!;

  /** 4.2.1 for a Guangdong number from Jiangxi, with the bill of last month. */
  function queryXml(declaredEncoding: string | undefined): string {
    const a = account();
    const head = provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber });
    return envelope('4.2.1', 'QueryRemoteAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36', BillCycle: lastCycle }, declaredEncoding);
  }

  function expectChineseAnswer(answer: Answer, charset: string) {
    expect(answer.status).to.equal(200);
    expect(answer.contentType).to.equal(`text/xml; charset=${charset}`);
    const text = iconv.decode(answer.bytes, charset);
    expect(text.startsWith(`<?xml version="1.0" encoding="${charset}"?>`)).to.equal(true);
    expect(text).to.contain('<v:RspCode>0000</v:RspCode>');
    expect(text).to.contain('<v:ItemName>月租费</v:ItemName>');
    const name = Array.from(account().custName);
    expect(text).to.contain(`<v:CustName>${name[0]}${'*'.repeat(name.length - 1)}</v:CustName>`);
    // Really that charset on the wire, not UTF-8 under another label.
    expect(answer.bytes.includes(iconv.encode('月租费', charset))).to.equal(true);
    expect(answer.bytes.includes(Buffer.from('月租费', 'utf8'))).to.equal(false);
  }

  it('answers a GBK request in GBK: 月租费 and the masked customer name survive the trip to the province and back', async () => {
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', iconv.encode(queryXml('GBK'), 'gbk'), 'text/xml; charset=GBK');
    expectChineseAnswer(answer, 'GBK');
  });

  it('answers a GB18030 request in GB18030', async () => {
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', iconv.encode(queryXml('GB18030'), 'gb18030'), 'text/xml; charset=gb18030');
    expectChineseAnswer(answer, 'GB18030');
  });

  it('takes the charset from the XML declaration when the Content-Type names none', async () => {
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', iconv.encode(queryXml('GBK'), 'gbk'), 'text/xml');
    expectChineseAnswer(answer, 'GBK');
  });

  it('lets the Content-Type win when it and the declaration disagree', async () => {
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', iconv.encode(queryXml('UTF-8'), 'gbk'), 'text/xml; charset=GBK');
    expectChineseAnswer(answer, 'GBK');
  });

  it('the mock province itself reads and answers GBK: the full customer name in 4.2.2', async () => {
    const a = account();
    const head = hqRequestHead('4.2.2', '51', { procId: uniqueId('P'), transIdO: uniqueId('O'), transIdH: uniqueId('UCRM'), testFlag: '1' });
    const xml = envelope('4.2.2', 'QueryAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36' }, 'GBK');
    const answer = await post(system.mockUrl, '/province/51/4.2.2', iconv.encode(xml, 'gbk'), 'text/xml; charset=GBK');
    expect(answer.contentType).to.equal('text/xml; charset=GBK');
    expect(iconv.decode(answer.bytes, 'gbk')).to.contain(`<v:CustName>${a.custName}</v:CustName>`);
  });

  it('refuses a charset it does not speak with a 9001 Client fault, answered in UTF-8', async () => {
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', Buffer.from(queryXml('Big5')), 'text/xml; charset=Big5');
    expect(answer.status).to.equal(415);
    expect(answer.contentType).to.equal('text/xml; charset=UTF-8');
    const text = answer.bytes.toString('utf8');
    expect(text).to.contain(':Client</faultcode>').and.contain('<v:RspCode>9001</v:RspCode>');
    expect(text).to.contain('Big5').and.contain('(from the Content-Type) is not supported: send UTF-8, GBK or GB18030');
  });

  it('refuses bytes that are not GBK with the offset, never a silent U+FFFD', async () => {
    const good = iconv.encode(queryXml('GBK'), 'gbk');
    const at = good.indexOf('</v:CollectProvince>');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0x81, 0x7f]), good.subarray(at)]);
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', bad, 'text/xml; charset=GBK');
    expect(answer.status).to.equal(500);
    expect(answer.contentType).to.equal('text/xml; charset=GBK');
    const text = iconv.decode(answer.bytes, 'gbk');
    expect(text).to.contain('<v:RspCode>9001</v:RspCode>');
    expect(text).to.contain(`the request body is not valid GBK: invalid byte sequence at byte offset ${at}`);
  });

  it('stays strict about UTF-8', async () => {
    const good = Buffer.from(queryXml('UTF-8'));
    const bad = Buffer.concat([good.subarray(0, 100), Buffer.from([0xe6, 0x9c]), good.subarray(100)]);
    const answer = await post(system.gatewayUrl, '/ucrm/4.2.1', bad, 'text/xml; charset=utf-8');
    expect(answer.status).to.equal(500);
    expect(answer.bytes.toString('utf8')).to.contain('not valid UTF-8: invalid byte sequence at byte offset 100');
  });
});

function envelope(number: string, operationName: string, head: MessageHead, body: XmlRecord, declaredEncoding?: string): string {
  const operation = contractsAndSegments().contracts.get(number).operations.get(operationName)!;
  const declaration = declaredEncoding ? `<?xml version="1.0" encoding="${declaredEncoding}"?>` : '';
  return (
    `${declaration}<s:Envelope xmlns:s="${SOAP11}" xmlns:v="${NS}"><s:Header>${serializeElement(operation.header, head as unknown as XmlRecord, 'v')}</s:Header>` +
    `<s:Body>${serializeElement(operation.request, body, 'v')}</s:Body></s:Envelope>`
  );
}

interface Answer {
  status: number;
  contentType: string | null;
  bytes: Buffer;
}

async function post(baseUrl: string, path: string, body: Buffer, contentType: string): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, contentType: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}
