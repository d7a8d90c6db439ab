/**
 * Mock mode as `npm start` runs it (the production entry with START_MOCKS): scenarios loaded
 * from MOCK_SCENARIOS at start, the scenario endpoints in the gateway's admin API (contributed
 * by the mocks' module, which the entry loads by path), and the mocks' exchanges in its journal.
 * A scenario file that does not fit the schema stops the start, naming the file and field.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soap from 'soap';
import { NumberSegmentTable } from '../../src/domain/number-segments';
import { seedAccounts } from '../../mocks/province-billing/seed';
import { Child, startGatewayProcess } from '../support/gateway-process';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { close, listen } from '../support/system';

async function freePort(): Promise<string> {
  const probe = await listen(() => undefined);
  await close(probe.server);
  return new URL(probe.url).port;
}

describe('mock mode under npm start', function () {
  this.timeout(30_000);
  const freshDir = () => mkdtempSync(join(tmpdir(), 'ucrm-scenarios-'));
  const number = seedAccounts('51', NumberSegmentTable.fromCsvFile())[3].serviceNumber;
  let child: Child | undefined;
  after(() => child?.process.kill('SIGTERM'));

  it('loads scenario files, serves them at /admin/scenarios and journals the mock provinces', async () => {
    const dir = freshDir();
    const file = join(dir, 'suite.json');
    writeFileSync(
      file,
      JSON.stringify({
        scope: 'filed',
        scenarios: [{ name: 'from a file', match: { interface: '4.2.2', serviceNumber: number }, action: { kind: 'rspCode', rspCode: '1002' } }],
      }),
    );
    child = await startGatewayProcess({ START_MOCKS: 'true', MOCK_PORT: await freePort(), MOCK_SCENARIOS: dir });
    const listed = await fetch(`${child.url}/admin/scenarios?scope=filed`).then((r) => r.json() as Promise<{ scenarios: Array<{ name: string }> }>);
    expect(listed.scenarios.map((s) => s.name)).to.deep.equal(['from a file']);
    const client: soap.Client = await soapClient(`${child.url}/ucrm/4.2.1?wsdl`);
    client.addHttpHeader('X-Ucrm-Scope', 'filed');
    const head = provinceHead('4.2.1', '36', { type: '01', value: number });
    expect((await callWithHead(client, 'QueryRemoteAccount', head, { ServiceNumber: number, CollectProvince: '36' })).head.RspCode).to.equal('1002');
    let entries: Array<{ interface: string; direction: string; scenario?: { name: string } }> = [];
    for (let tries = 0; tries < 50 && entries.length < 3; tries++) {
      await new Promise((r) => setTimeout(r, 50)); // the journal writes in batches, off the request path
      entries = (await fetch(`${child.url}/admin/journal?scope=filed&transIdO=${head.TransIDO}`).then((r) => r.json() as Promise<{ entries: typeof entries }>))
        .entries;
    }
    expect(entries.map((e) => `${e.direction} ${e.interface}`).sort()).to.deep.equal(['inbound 4.2.1', 'inbound 4.2.2', 'outbound 4.2.2']);
    expect(entries.find((e) => e.scenario)?.scenario?.name).to.equal('from a file');
  });

  it('refuses to start on a scenario file that does not fit the schema, naming the file and field', async () => {
    const bad = join(freshDir(), 'bad-only');
    writeFileSync(`${bad}.json`, JSON.stringify([{ name: 'x', action: { kind: 'rspCode', rspCode: 'twelve' } }]));
    const failed = await startGatewayProcess({ START_MOCKS: 'true', MOCK_PORT: await freePort(), MOCK_SCENARIOS: `${bad}.json` }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(failed).to.contain('bad-only.json').and.contain('[0].action.rspCode');
  });
});
