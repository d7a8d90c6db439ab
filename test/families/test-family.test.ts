/**
 * Adding a family is a folder and a line in a list: a test-only family (test-family/: one
 * P→H operation, one job, one record kind, one setting) registered beside the real ones,
 * with no core file touched, serves its interface, runs its job and keeps its records — and
 * registration refuses, at start and by name, families that claim one interface or record kind.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config';
import { RSP } from '../../src/contract/rsp-codes';
import { FAMILIES, recordKindsOf } from '../../src/families';
import { defineFamily, Family } from '../../src/families/family';
import { PAYMENT_RECORDS } from '../../src/families/payment';
import { createGateway } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import { createMongoStore } from '../../src/store/mongo/mongo-store';
import { RecordKind } from '../../src/store/record-kinds';
import { TestDatabases } from '../store/mongo-test-db';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';
import { COUNT_JOB, testFamily } from './test-family';
import { UPLOAD_RECORDS } from './test-family/uploads';

const UPLOAD = readFileSync(resolve(__dirname, '../../../test/fixtures/7.2.1/ok.request.xml'), 'utf8');
const rspCodeOf = (xml: string) => /<(?:\w+:)?RspCode>(\d{4})</.exec(xml)?.[1];

async function upload(system: RunningSystem, xml = UPLOAD): Promise<string | undefined> {
  const res = await fetch(`${system.gatewayUrl}/ucrm/7.2.1`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml });
  return rspCodeOf(await res.text());
}

describe('families: a test-only family added beside the real ones', function () {
  let system: RunningSystem;
  before(async () => {
    system = await startSystem({ families: [...FAMILIES, testFamily], env: { TEST_FAMILY_BATCH_LIMIT: '10' } });
  });
  after(() => system.close());

  it('serves its P→H operation (7.2.1), which no real family implements yet', async () => {
    expect(system.gateway.implemented.has('7.2.1')).to.equal(true);
    expect(await upload(system)).to.equal('0000');
    expect(await system.gateway.store.records(UPLOAD_RECORDS).count()).to.equal(1);
  });

  it('reads its own setting from the environment', async () => {
    expect(await upload(system, UPLOAD.replace('<tns:RecordCount>4<', '<tns:RecordCount>11<'))).to.equal('2002');
  });

  it('runs its job, which reads its records', async () => {
    const run = await system.gateway.runNow(COUNT_JOB);
    expect(run).to.include({ job: COUNT_JOB, outcome: 'ok' });
    expect(run.counts).to.deep.equal({ uploads: 1 });
  });

  it('leaves the real families as they were', async () => {
    expect([...system.gateway.implemented].sort()).to.deep.equal(['10.2.1', '4.2.1', '5.2.1', '6.2.1', '7.2.1', '9.2.1', '9.2.3']);
  });
});

describe('families: registration refuses clashes at start', function () {
  const { contracts, segments } = contractsAndSegments();
  const start = (families: readonly Family[]) => () => createGateway(loadConfig({ PORT: '0' }), createLogger('silent'), { contracts, segments, families });
  const family = (name: string, claims: Partial<Pick<Family, 'interfaces' | 'records'>>): Family =>
    defineFamily({ name, interfaces: claims.interfaces ?? [], records: claims.records, settings: () => ({}) });

  it('starts with the real families and the test family', () => {
    expect(start([...FAMILIES, testFamily])).not.to.throw();
  });

  it('refuses two families claiming one interface number, naming both', () => {
    expect(start([...FAMILIES, family('pirate', { interfaces: ['5.2.1'] })])).to.throw('interface 5.2.1 is claimed by two families: payment and pirate');
  });

  it('refuses two families claiming one record kind, naming both', () => {
    const payments = new RecordKind('payments', 'test/families', { memory: () => ({}), mongo: async () => ({}) });
    expect(start([...FAMILIES, family('pirate', { records: [payments] })])).to.throw('record kind payments is claimed by two families: payment and pirate');
  });

  it('refuses the same family twice', () => {
    expect(start([...FAMILIES, testFamily, testFamily])).to.throw('two families are named test-family');
  });

  it('refuses a handler for an interface its family does not claim', () => {
    const stray = defineFamily({
      name: 'stray',
      interfaces: [],
      settings: () => ({}),
      handlers: () => ({ '7.2.1': { UploadPayDetail: async () => ({ rspCode: RSP.SUCCESS, body: {} }) } }),
    });
    expect(start([...FAMILIES, stray])).to.throw('family stray has a handler for interface 7.2.1, which it does not claim');
  });

  it('refuses an interface with no WSDL', () => {
    expect(start([family('nowhere', { interfaces: ['99.9.9' as never] })])).to.throw('family nowhere claims interface 99.9.9, which has no WSDL');
  });

  it("reports a family's settings mistakes as configuration mistakes", () => {
    expect(() => createGateway(loadConfig({ TEST_FAMILY_BATCH_LIMIT: '0' }), createLogger('silent'), { contracts, segments, families: [testFamily] })).to.throw(
      'TEST_FAMILY_BATCH_LIMIT="0" must be a whole number from 1 to 1000',
    );
  });
});

describe('families: record kinds on MongoDB', function () {
  const uri = process.env.MONGODB_URI || undefined;
  if (!uri) {
    it('runs against MONGODB_URI (not set: skipped)');
    return;
  }
  const dbs = new TestDatabases(uri);
  after(() => dbs.close());

  it("opens every family's record kind when the store is created, and serves from them", async () => {
    const fresh = dbs.fresh();
    const store = await createMongoStore(fresh, { records: recordKindsOf([...FAMILIES, testFamily]) });
    const system = await startSystem({ store, families: [...FAMILIES, testFamily] });
    try {
      expect(await upload(system)).to.equal('0000');
      expect(await upload(system)).to.equal('0000');
      expect(await store.records(UPLOAD_RECORDS).count()).to.equal(1);
      expect(Object.keys(await dbs.indexes(fresh))).to.include.members(['payments', 'test_uploads']);
    } finally {
      await system.close();
      await store.close();
      await dbs.drop(fresh);
    }
  });

  it('refuses to start a gateway whose store was not created with a family’s records', async () => {
    const fresh = dbs.fresh();
    const store = await createMongoStore(fresh, { records: [PAYMENT_RECORDS] });
    try {
      const { contracts, segments } = contractsAndSegments();
      expect(() =>
        createGateway(loadConfig({ PORT: '0' }), createLogger('silent'), { contracts, segments, store, families: [...FAMILIES, testFamily] }),
      ).to.throw('record kind "test-uploads" (test/families/test-family) is not open in this mongodb store');
    } finally {
      await store.close();
      await dbs.drop(fresh);
    }
  });
});
