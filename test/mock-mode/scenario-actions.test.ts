/**
 * Every scenario action, each seen on the wire by a real client: HQ's own province client
 * (what the gateway sees of a province that misbehaves so) and a plain HTTP post (the status,
 * Content-Type and bytes themselves). Each test opens its own scope, so they run in any order.
 */
import { expect } from 'chai';
import { ProvinceCallError } from '../../src/provinces/province-client';
import { parseXml } from '../../src/xml/xml-tree';
import { uniqueId } from '../support/heads';
import { MockModeRig, payAt, queryAt, rawPost, rejection, startMockModeRig } from './mock-mode-support';

describe('mock mode: each scenario action on the wire', function () {
  this.timeout(20_000);
  let rig: MockModeRig;
  before(async () => {
    rig = await startMockModeRig();
  });
  after(() => rig.close());

  const account = (province = '51', index = 0) => rig.system.mocks.books.get(province)!.list()[index];
  /** A new scope holding one scenario for 4.2.2 at province 51. */
  const scopeWith = async (action: unknown, more: Record<string, unknown> = {}) => {
    const scope = uniqueId('s');
    const added = await rig.admin.post(`/scenarios?scope=${scope}`, {
      name: `test ${JSON.stringify(action)}`,
      match: { interface: '4.2.2', province: '51' },
      action,
      ...more,
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    return scope;
  };
  /** The request XML of a 4.2.2 query as HQ's client writes it (taken from its own journal record). */
  const queryXml = async (number: string) => {
    await queryAt(rig, uniqueId('plain'), '51', number);
    return rig.clientRecords[rig.clientRecords.length - 1].requestXml;
  };
  const post = async (scope: string, number: string) =>
    rawPost(`${rig.system.mockUrl}/province/51/4.2.2`, await queryXml(number), {
      'x-ucrm-scope': scope,
      soapaction: '"http://ucrm.chinaunicom.cn/vol10/QueryAccount"',
    });
  const failureOf = async (pending: Promise<unknown>) => {
    const error = await rejection(pending);
    expect(error).to.be.instanceOf(ProvinceCallError);
    return { failure: (error as ProvinceCallError).failure, kind: error.name };
  };

  it('rspCode: answers the business code with a body built from the schema, and applies nothing', async () => {
    const scope = await scopeWith({ kind: 'rspCode', rspCode: '1002', rspDesc: 'no such user (scenario)' });
    const answer = await queryAt(rig, scope, '51', account().serviceNumber);
    expect(answer.head).to.include({ RspCode: '1002', RspType: '1', RspDesc: 'no such user (scenario)' });
    expect(answer.body.ServiceNumber).to.equal(account().serviceNumber);
    expect(answer.body.AccountInfo).to.equal(undefined);
  });

  it("rspCode 0000: the body carries the account's own data", async () => {
    const scope = await scopeWith({ kind: 'rspCode', rspCode: '0000' });
    const a = account('51', 1);
    const answer = await queryAt(rig, scope, '51', a.serviceNumber);
    expect(answer.head.RspCode).to.equal('0000');
    expect(answer.body.AccountInfo).to.include({ CustName: a.custName, AccountId: a.accountId, Balance: a.balance });
  });

  it('fault: the code, string, RspCode and HTTP status the scenario gives', async () => {
    const scope = await scopeWith({ kind: 'fault', faultCode: 'Server', faultString: 'billing is down for maintenance', rspCode: '9999', httpStatus: 503 });
    const raw = await post(scope, account().serviceNumber);
    expect(raw.status).to.equal(503);
    const xml = raw.bytes.toString('utf8');
    expect(xml).to.contain('<faultcode>soapenv:Server</faultcode>').and.contain('<faultstring>billing is down for maintenance</faultstring>');
    expect(xml).to.match(/<v:RspCode>9999<\/v:RspCode>/);
    expect(await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).to.deep.equal({ failure: 'PROVINCE_FAULT', kind: 'ProvinceUnavailableError' });
  });

  it('fault with a QName code of its own', async () => {
    const scope = await scopeWith({ kind: 'fault', faultCode: 'soapenv:Server.Billing', faultString: 'x' });
    const xml = (await post(scope, account().serviceNumber)).bytes.toString('utf8');
    expect(xml).to.contain('<faultcode>soapenv:Server.Billing</faultcode>');
  });

  it('delay: the normal answer, that much later', async () => {
    const scope = await scopeWith({ kind: 'passThrough', delay: { fixedMs: 400 } });
    const started = Date.now();
    const answer = await queryAt(rig, scope, '51', account().serviceNumber);
    expect(Date.now() - started).to.be.at.least(390);
    expect(answer.head.RspCode).to.equal('0000');
  });

  it('timeout: no answer until the caller gives up', async () => {
    const scope = await scopeWith({ kind: 'timeout' });
    expect(await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).to.deep.equal({
      failure: 'PROVINCE_TIMEOUT',
      kind: 'ProvinceOutcomeUnknownError',
    });
  });

  it('reset: the connection is reset without an answer', async () => {
    const scope = await scopeWith({ kind: 'reset' });
    const error = await rejection(post(scope, account().serviceNumber));
    expect(String((error as Error & { cause?: { code?: string } }).cause?.code ?? error)).to.match(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
    expect((await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).kind).to.equal('ProvinceOutcomeUnknownError');
  });

  it('empty: HTTP 200 and not a byte', async () => {
    const scope = await scopeWith({ kind: 'empty' });
    const raw = await post(scope, account().serviceNumber);
    expect({ status: raw.status, length: raw.bytes.length }).to.deep.equal({ status: 200, length: 0 });
    expect((await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).failure).to.equal('PROVINCE_BAD_ANSWER');
  });

  it('malformed: the answer is not well-formed XML', async () => {
    const scope = await scopeWith({ kind: 'malformed' });
    const raw = await post(scope, account().serviceNumber);
    expect(raw.status).to.equal(200);
    expect(() => parseXml(raw.bytes.toString('utf8'))).to.throw();
    expect((await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).failure).to.equal('PROVINCE_BAD_ANSWER');
  });

  it('schemaInvalid: well-formed, with a head RspCode that is not the four digits of RspCodeType', async () => {
    const scope = await scopeWith({ kind: 'schemaInvalid' });
    const xml = (await post(scope, account().serviceNumber)).bytes.toString('utf8');
    expect(() => parseXml(xml)).not.to.throw();
    expect(xml).to.match(/RspCode>NONE</);
    expect((await failureOf(queryAt(rig, scope, '51', account().serviceNumber))).failure).to.equal('PROVINCE_BAD_ANSWER');
  });

  it('wrongCharset: UTF-8 bytes under a Content-Type that names GBK', async () => {
    const scope = await scopeWith({ kind: 'wrongCharset', declared: 'GBK' });
    const raw = await post(scope, account().serviceNumber);
    expect(raw.contentType).to.match(/charset=GBK/i);
    expect(raw.bytes.toString('utf8')).to.contain('成功（字符集标错）');
    // Read as the Content-Type says, the description is not what was meant (or not text at all).
    const seen = await queryAt(rig, scope, '51', account().serviceNumber).then(
      (a) => a.head.RspDesc,
      (e: ProvinceCallError) => e.failure,
    );
    expect(seen).not.to.equal('成功（字符集标错）');
  });

  it('steps keyed by TransIDH: the first 5.2.2 of a payment times out after applying, its re-send gets the same result', async () => {
    const scope = uniqueId('s');
    const added = await rig.admin.post(`/scenarios?scope=${scope}`, {
      name: 'first pay of each payment is lost',
      match: { interface: '5.2.2' },
      stateKey: 'transIdH',
      steps: [{ times: 1, action: { kind: 'timeout', apply: true } }, { action: { kind: 'passThrough' } }],
    });
    expect(added.status).to.equal(201);
    const a = account('51', 2);
    const book = () => rig.system.mocks.booksOf(scope).get('51')!;
    const before = book().find(a.serviceNumber)!.balance;
    const ids = { transIdH: uniqueId('H'), transIdO: uniqueId('O') };
    expect((await failureOf(payAt(rig, scope, '51', a.serviceNumber, ids))).failure).to.equal('PROVINCE_TIMEOUT');
    expect(book().ledger.has(ids.transIdH), 'applied before the answer was lost').to.equal(true);
    const resent = await payAt(rig, scope, '51', a.serviceNumber, ids);
    expect(resent.head.RspCode).to.equal('0000');
    expect(resent.body.HomeSerial).to.equal(book().ledger.get(ids.transIdH)!.homeSerial);
    expect(book().find(a.serviceNumber)!.balance).to.equal(before + 1000);
    // Another payment has a counter of its own: its first send is lost too.
    expect((await failureOf(payAt(rig, scope, '51', a.serviceNumber, { transIdH: uniqueId('H'), transIdO: uniqueId('O') }))).failure).to.equal(
      'PROVINCE_TIMEOUT',
    );
    // The default scope's books never saw any of it.
    expect(rig.system.mocks.books.get('51')!.ledger.has(ids.transIdH)).to.equal(false);
  });

  it('priority decides between two that match; a fallback fires only when no other does', async () => {
    const scope = uniqueId('s');
    const [first, second] = [account('51', 3).serviceNumber, account('51', 4).serviceNumber];
    await rig.admin.post(`/scenarios?scope=${scope}`, [
      { name: 'low', match: { interface: '4.2.2', serviceNumber: first }, action: { kind: 'rspCode', rspCode: '1002' } },
      { name: 'high', priority: 10, match: { interface: '4.2.2', serviceNumber: { prefix: first.slice(0, 7) } }, action: { kind: 'rspCode', rspCode: '2002' } },
      { name: 'fallback', fallback: true, priority: 99, match: { interface: '4.2.2' }, action: { kind: 'rspCode', rspCode: '1003' } },
    ]);
    expect((await queryAt(rig, scope, '51', first)).head.RspCode).to.equal('2002');
    await rig.admin.call('PATCH', `/scenarios/${(await rig.admin.get(`/scenarios?scope=${scope}`)).body.scenarios[0].id}`, { json: { enabled: false } });
    expect((await queryAt(rig, scope, '51', first)).head.RspCode).to.equal('1002');
    expect((await queryAt(rig, scope, '51', second)).head.RspCode).to.equal('1003');
  });

  it('magic numbers pick their outcome with no API call', async () => {
    const prefix = account('51').serviceNumber.slice(0, 7);
    expect((await queryAt(rig, undefined, '51', `${prefix}9921`)).head.RspCode).to.equal('1002');
    expect((await queryAt(rig, undefined, '51', `${prefix}9923`)).head.RspCode).to.equal('2002');
    expect((await failureOf(queryAt(rig, undefined, '51', `${prefix}9901`))).failure).to.equal('PROVINCE_FAULT');
    expect((await failureOf(queryAt(rig, undefined, '51', `${prefix}9903`))).failure).to.equal('PROVINCE_TIMEOUT');
    expect((await failureOf(queryAt(rig, undefined, '51', `${prefix}9905`))).failure).to.equal('PROVINCE_BAD_ANSWER');
  });

  it('misbehave() of the mock provinces is a scenario of the default scope, listed like any other', async () => {
    rig.system.mocks.misbehave('59', '4.2.2', { kind: 'fault', times: 1 });
    const listed = (await rig.admin.get('/scenarios?scope=default')).body.scenarios.map((s: { id: string }) => s.id);
    expect(listed).to.include('misbehave-59-4_2_2');
    const number = account('59').serviceNumber;
    expect((await failureOf(queryAt(rig, undefined, '59', number))).failure).to.equal('PROVINCE_FAULT');
    expect((await queryAt(rig, undefined, '59', number)).head.RspCode).to.equal('0000');
    await rig.admin.call('DELETE', '/scenarios/misbehave-59-4_2_2');
  });
});
