/**
 * The mock provinces running alone (no gateway) still serve mock mode: scenarios set through
 * their own /admin, their exchanges in their own journal, and the web console over them.
 */
import { expect } from 'chai';
import { hqRequestHead } from '../../src/domain/message-head';
import { asProvinceCode } from '../../src/domain/provinces';
import { ProvinceClient } from '../../src/provinces/province-client';
import { ProvinceRegistry } from '../../src/provinces/province-registry';
import { startStandaloneMocks, StandaloneMocks } from '../../mocks/mock-mode/standalone';
import { AdminClient } from '../admin/admin-client';
import { uniqueId } from '../support/heads';
import { close, contractsAndSegments, listen } from '../support/system';

describe('mock mode: the mock provinces alone', function () {
  this.timeout(20_000);
  let running: StandaloneMocks;
  let url: string;
  let server: Awaited<ReturnType<typeof listen>>['server'];
  let client: ProvinceClient;
  before(async () => {
    running = startStandaloneMocks(contractsAndSegments());
    ({ server, url } = await listen(running.app));
    client = new ProvinceClient(new ProvinceRegistry(ProvinceRegistry.fromTemplate(`${url}/province/{code}`, 2000).all()), () => undefined);
  });
  after(async () => {
    await client.close();
    await close(server);
  });

  it('takes scenarios at its own /admin and journals what its provinces answered', async () => {
    const admin = new AdminClient(url);
    const number = running.mocks.books.get('17')!.list()[0].serviceNumber;
    const added = await admin.post('/scenarios', {
      name: 'alone',
      match: { province: '17', serviceNumber: number },
      action: { kind: 'rspCode', rspCode: '1003' },
    });
    expect(added.status).to.equal(201);
    const head = hqRequestHead('4.2.2', '17', { procId: uniqueId('P'), transIdO: uniqueId('O'), transIdH: uniqueId('H'), testFlag: '1' });
    const answer = await client.call('17', contractsAndSegments().contracts.get('4.2.2'), 'QueryAccount', head, {
      ServiceNumber: number,
      CollectProvince: asProvinceCode('36'),
    });
    expect(answer.head.RspCode).to.equal('1003');
    await running.journal.flush();
    const entries = (await admin.get(`/journal?transIdO=${head.TransIDO}`)).body.entries;
    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({ interface: '4.2.2', province: '17', rspCode: '1003', direction: 'inbound' });
    expect(entries[0].scenario.name).to.equal('alone');
  });

  it('serves the web console and its live journal of the mocks own exchanges', async () => {
    const page = await fetch(`${url}/console/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('<script type="module" src="app.js">');
    const events = await fetch(`${url}/admin/events`);
    expect(events.headers.get('content-type')).to.match(/^text\/event-stream/);
    const number = running.mocks.books.get('18')!.list()[0].serviceNumber;
    const head = hqRequestHead('4.2.2', '18', { procId: uniqueId('P'), transIdO: uniqueId('O'), transIdH: uniqueId('H'), testFlag: '1' });
    await client.call('18', contractsAndSegments().contracts.get('4.2.2'), 'QueryAccount', head, {
      ServiceNumber: number,
      CollectProvince: asProvinceCode('36'),
    });
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes(head.TransIDO)) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).to.include('"interfaceNumber":"4.2.2"');
  });
});
