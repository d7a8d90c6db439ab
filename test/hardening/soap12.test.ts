/**
 * SOAP 1.2 end to end: raw application/soap+xml requests (the action in the Content-Type)
 * through the gateway and the mock provinces. Answers come back in 1.2; faults are 1.2
 * faults with env:Sender (HTTP 400, as the SOAP 1.2 HTTP binding says) or env:Receiver /
 * env:MustUnderstand (HTTP 500), their Detail carrying the RspCode.
 */
import { expect } from 'chai';
import iconv from 'iconv-lite';
import { serializeElement } from '../../src/contract/serializer';
import { XmlRecord } from '../../src/contract/schema-model';
import { cstCycle, cstTimestamp, previousCycle } from '../../src/domain/cst-time';
import { MessageHead } from '../../src/domain/message-head';
import { PAYMENT_RECORDS } from '../../src/families/payment';
import { createMemoryStore } from '../../src/store/memory/memory-store';
import { usernameTokenHeader } from '../../src/wire/security/token-signer';
import { childrenNamed, parseXml, XmlElement } from '../../src/xml/xml-tree';
import { provinceHead } from '../support/heads';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const NS = 'http://ucrm.chinaunicom.cn/vol10';
const action = (operation: string) => `http://ucrm.chinaunicom.cn/vol10/${operation}`;

describe('SOAP 1.2 (end to end)', () => {
  let system: RunningSystem;
  const lastCycle = previousCycle(cstCycle());

  before(async () => {
    const store = createMemoryStore();
    // A store that breaks on the payment's first write: what an internal error looks like to a 1.2 client.
    store.records(PAYMENT_RECORDS).insertIfAbsent = async () => {
      throw new Error('payments table on fire');
    };
    system = await startSystem({ store, env: { WSSE_MODE: 'verify' }, credentials: { '36': { password: 'zj-Secret-36' } } });
  });
  after(() => system.close());

  const account = () =>
    system.mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!;
  const queryHead = (number = account().serviceNumber) => provinceHead('4.2.1', '36', { type: '01', value: number });
  const queryBody = (number = account().serviceNumber): XmlRecord => ({ ServiceNumber: number, CollectProvince: '36', BillCycle: lastCycle });

  it("answers a 1.2 request to 4.2.1 in 1.2, with the home province's account and bill", async () => {
    const answer = await post(
      envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody()),
      `application/soap+xml; charset=utf-8; action="${action('QueryRemoteAccount')}"`,
    );
    expect(answer.status).to.equal(200);
    expect(answer.contentType).to.equal('application/soap+xml; charset=UTF-8');
    const { head, body } = partsOf(answer.text);
    expect(text(head, 'RspCode')).to.equal('0000');
    expect(text(head, 'MsgReceiver')).to.equal('BILL36');
    expect(text(body, 'HomeProvince')).to.equal('51');
    expect(answer.text).to.contain('<v:ItemName>月租费</v:ItemName>');
  });

  it('answers a business outcome (1002) as a normal 1.2 answer, not a fault', async () => {
    const answer = await post(
      envelope12('4.2.1', 'QueryRemoteAccount', queryHead('13051009999'), queryBody('13051009999')),
      `application/soap+xml; action="${action('QueryRemoteAccount')}"`,
    );
    expect(answer.status).to.equal(200);
    expect(text(partsOf(answer.text).head, 'RspCode')).to.equal('1002');
  });

  it('answers 1.2 in GB18030 when asked in GB18030', async () => {
    const xml = envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody(), 'GB18030');
    const answer = await post(iconv.encode(xml, 'gb18030'), `application/soap+xml; charset=GB18030; action="${action('QueryRemoteAccount')}"`);
    expect(answer.status).to.equal(200);
    expect(answer.contentType).to.equal('application/soap+xml; charset=GB18030');
    expect(iconv.decode(answer.bytes, 'gb18030')).to.contain('<v:ItemName>月租费</v:ItemName>');
  });

  it('answers a schema violation with an env:Sender fault, HTTP 400, RspCode 9001', async () => {
    const answer = await post(
      envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), { ServiceNumber: '12345', CollectProvince: '36' }),
      'application/soap+xml',
    );
    expectFault(answer, 400, 'Sender', '9001', '/QueryRemoteAccountReq/ServiceNumber');
  });

  it('answers an action parameter naming another operation with env:Sender, HTTP 400', async () => {
    const answer = await post(envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody()), `application/soap+xml; action="${action('RemotePay')}"`);
    expectFault(answer, 400, 'Sender', '9001', 'SOAPAction');
  });

  it('answers a failed authentication with env:Sender, HTTP 400, RspCode 8001', async () => {
    const token = usernameTokenHeader({ username: 'BILL36', password: 'wrong' }, { envelopePrefix: 'env' });
    const answer = await post(envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody(), undefined, token), 'application/soap+xml');
    expectFault(answer, 400, 'Sender', '8001', 'authentication failed');
  });

  it('answers a header block it does not understand with env:MustUnderstand, HTTP 500', async () => {
    const answer = await post(
      envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody(), undefined, '<x:Trace xmlns:x="urn:trace" env:mustUnderstand="true"/>'),
      'application/soap+xml',
    );
    expectFault(answer, 500, 'MustUnderstand', '9001', 'mustUnderstand');
  });

  it('answers an internal error with env:Receiver, HTTP 500, RspCode 9999, without the internals', async () => {
    const number = account().serviceNumber;
    const head = provinceHead('5.2.1', '36', { type: '01', value: number });
    const answer = await post(
      envelope12('5.2.1', 'RemotePay', head, { ServiceNumber: number, CollectProvince: '36', PayAmount: 100, PayTime: cstTimestamp() }),
      `application/soap+xml; action="${action('RemotePay')}"`,
      '5.2.1',
    );
    expectFault(answer, 500, 'Receiver', '9999', '');
    expect(answer.text).not.to.contain('on fire');
  });

  it('answers a 1.2 envelope sent as text/xml with a 1.1 VersionMismatch fault', async () => {
    const answer = await post(envelope12('4.2.1', 'QueryRemoteAccount', queryHead(), queryBody()), 'text/xml');
    expect(answer.status).to.equal(500);
    expect(answer.text).to.contain('http://schemas.xmlsoap.org/soap/envelope/').and.contain(':VersionMismatch</faultcode>');
  });

  async function post(body: string | Buffer, contentType: string, interfaceNumber = '4.2.1') {
    const res = await fetch(`${system.gatewayUrl}/ucrm/${interfaceNumber}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, contentType: res.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
  }
});

function envelope12(number: string, operationName: string, head: MessageHead, body: XmlRecord, declaredEncoding = 'UTF-8', extraHeader = ''): string {
  const operation = contractsAndSegments().contracts.get(number).operations.get(operationName)!;
  return (
    `<?xml version="1.0" encoding="${declaredEncoding}"?><env:Envelope xmlns:env="${S12}" xmlns:v="${NS}"><env:Header>${extraHeader}` +
    `${serializeElement(operation.header, head as unknown as XmlRecord, 'v')}</env:Header>` +
    `<env:Body>${serializeElement(operation.request, body, 'v')}</env:Body></env:Envelope>`
  );
}

/** The message head (answers) and the body's element (the answer, or the Fault). */
function partsOf(xml: string): { head: XmlElement; body: XmlElement } {
  const envelope = parseXml(xml);
  expect(envelope.ns).to.equal(S12);
  const head = childrenNamed(envelope, S12, 'Header')[0]?.children[0]; // faults carry no Header
  const body = childrenNamed(envelope, S12, 'Body')[0].children[0];
  return { head, body };
}

function text(el: XmlElement, local: string): string | undefined {
  return childrenNamed(el, NS, local)[0]?.text;
}

function expectFault(answer: { status: number; contentType: string | null; text: string }, status: number, code: string, rspCode: string, words: string) {
  expect(answer.status).to.equal(status);
  expect(answer.contentType).to.match(/^application\/soap\+xml; charset=UTF-8$/);
  const { body: fault } = partsOf(answer.text);
  expect(fault.ns).to.equal(S12);
  expect(fault.local).to.equal('Fault');
  const value = childrenNamed(childrenNamed(fault, S12, 'Code')[0], S12, 'Value')[0];
  expect(value.text).to.equal(`soapenv:${code}`);
  expect(value.nsScope.lookup('soapenv')).to.equal(S12);
  const reason = childrenNamed(childrenNamed(fault, S12, 'Reason')[0], S12, 'Text')[0].text;
  expect(reason).to.contain(words);
  const detail = childrenNamed(fault, S12, 'Detail')[0].children[0];
  expect(detail.local).to.equal('GatewayFault');
  expect(text(detail, 'RspCode')).to.equal(rspCode);
}
