/**
 * Scopes kept apart under parallel suites, the gateway carrying a partner's scope onto its
 * province calls, and the journal's search, near misses, one-entry view, verification and
 * export — all through the admin API, as a partner's own tests would use them.
 */
import { expect } from 'chai';
import * as soap from 'soap';
import { provinceHead, uniqueId } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { MockModeRig, queryAt, startMockModeRig } from './mock-mode-support';

describe('mock mode: scopes and the journal', function () {
  this.timeout(20_000);
  let rig: MockModeRig;
  before(async () => {
    rig = await startMockModeRig();
  });
  after(() => rig.close());

  const account = (province = '51', index = 0) => rig.system.mocks.books.get(province)!.list()[index];
  const flush = () => rig.system.gateway.journal.flush();
  const journal = async (query: string) => {
    await flush();
    const answer = await rig.admin.get(`/journal?${query}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body.entries as Array<Record<string, unknown>>;
  };
  const addTo = (scope: string, scenario: unknown) => rig.admin.post(`/scenarios?scope=${scope}`, scenario);

  it('keeps parallel suites apart: each sees its own scenarios, state and journal, and a reset touches only its own', async () => {
    const suites = [uniqueId('suiteA'), uniqueId('suiteB')];
    const number = account('51', 5).serviceNumber;
    await addTo(suites[0], { name: 'A says 1002', match: { serviceNumber: number }, action: { kind: 'rspCode', rspCode: '1002' } });
    await addTo(suites[1], { name: 'B says 2002', match: { serviceNumber: number }, action: { kind: 'rspCode', rspCode: '2002' } });
    const calls = Array.from({ length: 24 }, (_, i) => suites[i % 2]);
    const codes = await Promise.all(calls.map((scope) => queryAt(rig, scope, '51', number).then((a) => a.head.RspCode)));
    expect(codes).to.deep.equal(calls.map((scope) => (scope === suites[0] ? '1002' : '2002')));
    expect((await queryAt(rig, undefined, '51', number)).head.RspCode).to.equal('0000');
    for (const [i, scope] of suites.entries()) {
      const entries = await journal(`scope=${scope}&interface=4.2.2&direction=inbound&limit=100`);
      expect(entries).to.have.length(12);
      expect(new Set(entries.map((e) => e.rspCode))).to.deep.equal(new Set([i === 0 ? '1002' : '2002']));
      expect(new Set(entries.map((e) => e.scope))).to.deep.equal(new Set([scope]));
    }
    const reset = await rig.admin.post(`/scopes/${suites[0]}/reset`);
    expect(reset.status).to.equal(200);
    expect(reset.body).to.include({ scope: suites[0], scenarios: 1 });
    expect(reset.body.journalEntries).to.equal(12); // the mock's inbound entries (this client journals its calls elsewhere)
    expect(await journal(`scope=${suites[0]}`)).to.deep.equal([]);
    expect((await rig.admin.get(`/scenarios?scope=${suites[0]}`)).body.scenarios).to.deep.equal([]);
    expect((await queryAt(rig, suites[0], '51', number)).head.RspCode).to.equal('0000');
    expect((await queryAt(rig, suites[1], '51', number)).head.RspCode).to.equal('2002');
    expect(await journal(`scope=${suites[1]}&direction=inbound&limit=100`)).to.have.length(13);
    expect((await rig.admin.call('DELETE', `/scopes/${suites[1]}`)).status).to.equal(200);
    expect((await rig.admin.get('/scopes')).body.scopes).not.to.include(suites[1]);
  });

  it("gives a scope's own accounts: a payment in one suite leaves another's balance alone, and a reset restores the seed", async () => {
    const scope = uniqueId('s');
    const a = account('51', 6);
    const seeded = a.balance;
    rig.system.mocks.booksOf(scope).get('51')!.find(a.serviceNumber)!.balance += 500;
    expect(rig.system.mocks.books.get('51')!.find(a.serviceNumber)!.balance).to.equal(seeded);
    const seen = await fetch(`${rig.system.mockUrl}/accounts?province=51`, { headers: { 'x-ucrm-scope': scope } }).then(
      (r) => r.json() as Promise<Array<{ serviceNumber: string; balance: number }>>,
    );
    expect(seen.find((x) => x.serviceNumber === a.serviceNumber)!.balance).to.equal(seeded + 500);
    expect((await rig.admin.post(`/scopes/${scope}/reset`)).body.provinceState).to.equal(31);
    expect(rig.system.mocks.booksOf(scope).get('51')!.find(a.serviceNumber)!.balance).to.equal(seeded);
  });

  it("carries a partner's scope header through the gateway onto its province call, and journals both legs in it", async () => {
    const scope = uniqueId('partner');
    const a = account('51', 7);
    await addTo(scope, { name: 'home says 1002', match: { interface: '4.2.2', serviceNumber: a.serviceNumber }, action: { kind: 'rspCode', rspCode: '1002' } });
    const wsdl = `${rig.system.gatewayUrl}/ucrm/4.2.1?wsdl`;
    const [scopedClient, plainClient]: soap.Client[] = [await soapClient(wsdl), await soapClient(wsdl)];
    scopedClient.addHttpHeader('X-Ucrm-Scope', scope);
    const ask = (scoped: boolean) => {
      const client = scoped ? scopedClient : plainClient;
      const head = provinceHead('4.2.1', '36', { type: '01', value: a.serviceNumber });
      return callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: a.serviceNumber, CollectProvince: '36' }).then((r) => ({
        code: r.head.RspCode,
        head,
      }));
    };
    const scoped = await ask(true);
    expect(scoped.code).to.equal('1002');
    expect((await ask(false)).code).to.equal('0000');
    const legs = await journal(`scope=${scope}&transIdO=${scoped.head.TransIDO}`);
    expect(legs.map((e) => `${e.direction} ${e.interface}`).sort()).to.deep.equal(['inbound 4.2.1', 'inbound 4.2.2', 'outbound 4.2.2']);
    const mockLeg = legs.find((e) => e.interface === '4.2.2' && e.direction === 'inbound')!;
    expect(mockLeg.scenario).to.include({ name: 'home says 1002' });
  });

  it('says which scenario fired and why, and for a request none matched, which came closest and what failed', async () => {
    const scope = uniqueId('s');
    const [wanted, other] = [account('51', 8).serviceNumber, account('51', 9).serviceNumber];
    const added = await addTo(scope, [
      { name: 'for one number', match: { interface: '4.2.2', serviceNumber: wanted }, action: { kind: 'rspCode', rspCode: '1002' } },
      { name: 'for 5.2.2 only', match: { interface: '5.2.2' }, action: { kind: 'rspCode', rspCode: '2002' } },
    ]);
    const [forNumber] = added.body.scenarios;
    await queryAt(rig, scope, '51', wanted);
    await queryAt(rig, scope, '51', other);
    const [missed, fired] = await journal(`scope=${scope}&direction=inbound`);
    expect(fired.scenario).to.deep.include({ id: forNumber.id, name: 'for one number' });
    expect((fired.scenario as { reason: string }).reason)
      .to.contain('match.serviceNumber')
      .and.contain(wanted);
    expect(missed.scenario).to.equal(undefined);
    expect(missed.nearMisses).to.deep.equal([
      { id: forNumber.id, name: 'for one number', failed: 'match.serviceNumber', expected: `= ${wanted}`, actual: other, matched: 1 },
      { id: added.body.scenarios[1].id, name: 'for 5.2.2 only', failed: 'match.interface', expected: '5.2.2', actual: '4.2.2', matched: 0 },
    ]);
    expect(await journal(`scenario=${forNumber.id}`)).to.have.length(1);
    const one = await rig.admin.get(`/journal/${fired.id}?pretty=true`);
    expect(one.status).to.equal(200);
    expect(one.body).to.include({ id: fired.id, interface: '4.2.2', rspCode: '1002', scope });
    expect(one.body.requestXml.split('\n').length).to.be.greaterThan(10);
    expect(one.body.responseXml).to.match(/\n\s+<v:RspCode>1002<\/v:RspCode>\n/);
    expect(one.body.durationMs).to.be.a('number');
    expect((await rig.admin.get('/journal/999999999999')).status).to.equal(404);
  });

  it('verifies counts for assertions: 200 when as expected, 409 saying the count when not', async () => {
    const scope = uniqueId('s');
    const number = account('51', 10).serviceNumber;
    const transIdO = uniqueId('O');
    await queryAt(rig, scope, '51', number, { transIdO });
    await flush();
    const criteria = { interface: '4.2.2', transIdO, direction: 'inbound', scope };
    expect((await rig.admin.post('/journal/verify', criteria)).body).to.deep.equal({ count: 1 });
    expect((await rig.admin.post('/journal/verify', { ...criteria, expect: { count: 1 } })).body).to.deep.include({ count: 1, ok: true });
    const wrong = await rig.admin.post('/journal/verify', { ...criteria, expect: { atLeast: 2 } });
    expect(wrong.status).to.equal(409);
    expect(wrong.body).to.deep.include({ error: 'conflict', count: 1, ok: false });
    const bad = await rig.admin.post('/journal/verify', { ...criteria, rspcode: '0000' });
    expect({ status: bad.status, field: bad.body.field }).to.deep.equal({ status: 400, field: 'rspcode' });
  });

  it('exports the matching exchanges as JSON lines, XML included', async () => {
    const scope = uniqueId('s');
    for (let i = 0; i < 3; i++) await queryAt(rig, scope, '51', account('51', i).serviceNumber);
    await flush();
    const res = await fetch(`${rig.system.gatewayUrl}/admin/journal/export?scope=${scope}&direction=inbound`);
    expect(res.headers.get('content-type')).to.match(/^application\/x-ndjson/);
    const lines = (await res.text()).trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l));
    // Newest first by the time each was received; calls made within one millisecond may come in either order.
    expect(entries.map((e) => e.serviceNumber)).to.have.members([2, 1, 0].map((i) => account('51', i).serviceNumber));
    expect(entries.map((e) => Date.parse(e.receivedAt))).to.deep.equal(entries.map((e) => Date.parse(e.receivedAt)).sort((a, b) => b - a));
    expect(entries.every((e) => e.scope === scope && e.requestXml.includes('QueryAccountReq'))).to.equal(true);
  });

  it('refuses a bad scenario with a 400 naming every field at fault, and stores none of a batch with one', async () => {
    const scope = uniqueId('s');
    const answer = await rig.admin.post(`/scenarios?scope=${scope}`, [
      { name: 'fine', action: { kind: 'empty' } },
      { name: 'bad', match: { serviceNumber: { pattern: '(' } }, action: { kind: 'explode' } },
    ]);
    expect(answer.status).to.equal(400);
    expect(answer.body).to.include({ error: 'bad-request', in: 'body', field: '[1].action.kind' });
    expect(answer.body.problems.map((p: { field: string }) => p.field)).to.deep.equal(['[1].action.kind']);
    expect((await rig.admin.get(`/scenarios?scope=${scope}`)).body.scenarios).to.deep.equal([]);
  });

  it('publishes the scenario schema on its own and in an OpenAPI 3.1 document that describes every scenario field', async () => {
    const schema = (await rig.admin.get('/scenarios/schema')).body;
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    const document = (await rig.admin.get('/openapi.json')).body;
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const result = await new Validator().validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    const scenario = document.components.schemas.Scenario;
    expect(Object.keys(scenario.properties).sort()).to.deep.equal(Object.keys(schema.properties).sort());
    expect(Object.keys(document.paths)).to.include.members([
      '/scenarios',
      '/scenarios/schema',
      '/scenarios/{id}',
      '/scopes/{scope}/reset',
      '/scopes/{scope}',
      '/journal/verify',
    ]);
  });

  it("takes the scope from a partner's MsgSender when no header names one and a scope of that name is open, and carries it on", async () => {
    const sender = 'BILL98'; // no other test of this file sends as BILL98
    const number = account('51', 11).serviceNumber;
    await addTo(sender, { name: 'by sender', match: { interface: '4.2.2', serviceNumber: number }, action: { kind: 'rspCode', rspCode: '1002' } });
    try {
      const client: soap.Client = await soapClient(`${rig.system.gatewayUrl}/ucrm/4.2.1?wsdl`);
      const head = provinceHead('4.2.1', '36', { type: '01', value: number }, { MsgSender: sender });
      const answer = await callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: number, CollectProvince: '36' });
      expect(answer.head.RspCode).to.equal('1002');
      const legs = await journal(`scope=${sender}&transIdO=${head.TransIDO}`);
      expect(legs.map((e) => `${e.direction} ${e.interface}`).sort()).to.deep.equal(['inbound 4.2.1', 'inbound 4.2.2', 'outbound 4.2.2']);
    } finally {
      await rig.admin.call('DELETE', `/scopes/${sender}`);
    }
  });

  it('answers magic numbers through the gateway too, with no scope and no API call', async () => {
    const client: soap.Client = await soapClient(`${rig.system.gatewayUrl}/ucrm/4.2.1?wsdl`);
    const prefix = account('51').serviceNumber.slice(0, 7);
    const ask = (number: string) =>
      callWithHead(client, 'QueryRemoteAccount', provinceHead('4.2.1', '36', { type: '01', value: number }), {
        ServiceNumber: number,
        CollectProvince: '36',
      }).then((r) => r.head.RspCode);
    expect(await ask(`${prefix}9921`)).to.equal('1002');
    expect(await ask(`${prefix}9922`)).to.equal('1003');
    const entries = await journal(`serviceNumber=${prefix}9921&direction=inbound&interface=4.2.2`);
    expect((entries[0].scenario as { id: string }).id).to.equal('magic-9921');
  });
});
