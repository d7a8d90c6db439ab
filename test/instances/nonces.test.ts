/**
 * WSSE_MODE=require on two gateway processes on one MongoDB: a UsernameToken accepted by one
 * instance is refused (8001) by the other — replayed as it was, or moved onto a new payment —
 * and by the first one after a restart. Nothing is credited for a refused replay.
 */
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { cstTimestamp } from '../../src/domain/cst-time';
import { usernameTokenHeader } from '../../src/wire/security/token-signer';
import { provinceHead } from '../support/heads';
import { Child } from '../support/gateway-process';
import { mongoUriOrStandIn, TestDatabases } from '../store/mongo-test-db';
import { accounts, envelope, post, Provinces, provincesFile, startInstance, startProvinces, stopProvinces } from './instance-support';

const password = (code: string) => `link-secret-${code}`;

describe('instances: a WS-Security nonce is used once across gateway processes and restarts', function () {
  this.timeout(60_000);
  const uri = mongoUriOrStandIn('nonces across gateway processes');
  if (!uri) return;
  const databases = new TestDatabases(uri);
  const dbUri = databases.fresh();
  let provinces: Provinces;
  let env: Record<string, string>;
  const gateways: Child[] = [];
  const start = async (id: string) => {
    const g = await startInstance(dbUri, id, provinces, env);
    gateways.push(g);
    return g;
  };

  before(async () => {
    provinces = await startProvinces();
    env = { WSSE_MODE: 'require', PROVINCES_FILE: provincesFile(provinces, password) };
  });
  after(async () => {
    for (const g of gateways) g.process.kill('SIGKILL');
    if (env) rmSync(env.PROVINCES_FILE, { force: true });
    await stopProvinces(provinces);
    await databases.drop(dbUri).catch(() => undefined);
    await databases.close();
  });

  it('refuses on the other instance, on a new payment, and after a restart, a token one instance accepted', async () => {
    const a = await start('A2');
    const b = await start('B2');
    const number = accounts(provinces)('51');
    const ledger = () => provinces.mocks.books.get('51')!.ledger.size;
    const token = usernameTokenHeader({ username: 'BILL36', password: password('36') }, { envelopePrefix: 's' });
    const payment = (transIdO?: string) =>
      envelope(
        '5.2.1',
        'RemotePay',
        provinceHead('5.2.1', '36', { type: '01', value: number }, transIdO ? { TransIDO: transIdO } : {}),
        { ServiceNumber: number, CollectProvince: '36', PayAmount: 900, PayTime: cstTimestamp() },
        token,
      );
    const first = await post(a.url, '5.2.1', 'RemotePay', payment());
    expect(first.rspCode, first.text).to.equal('0000');
    const credits = ledger();

    const refused = (answer: { status: number; rspCode?: string; text: string }, what: string) => {
      expect(answer.status, what).to.equal(500);
      expect(answer.rspCode, what).to.equal('8001');
      expect(answer.text, what).to.contain('nonce was already used');
    };
    refused(await post(b.url, '5.2.1', 'RemotePay', payment()), 'a new payment carrying the token, on the other instance');
    refused(await post(a.url, '5.2.1', 'RemotePay', payment()), 'a new payment carrying the token, on the same instance');

    a.process.kill('SIGKILL');
    await a.exited;
    const restarted = await start('A2');
    refused(await post(restarted.url, '5.2.1', 'RemotePay', payment()), 'after a restart');
    expect(ledger(), 'nothing credited for a replay').to.equal(credits);
  });
});
