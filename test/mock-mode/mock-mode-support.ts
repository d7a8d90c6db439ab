/**
 * What the mock-mode tests share: a system started as `npm start` runs mock mode (the mocks'
 * scenario endpoints in the gateway's admin API, their exchanges in its journal), HQ's own
 * province client pointed at the mock provinces, and a raw HTTP post for what a client
 * library would hide (empty bodies, charsets, resets).
 */
import { ContractCatalogue } from '../../src/contract/catalogue';
import { hqRequestHead } from '../../src/domain/message-head';
import { asProvinceCode } from '../../src/domain/provinces';
import { inScope } from '../../src/journal/scope';
import { ProvinceClient } from '../../src/provinces/province-client';
import { ProvinceRegistry } from '../../src/provinces/province-registry';
import { ExchangeRecord } from '../../src/journal/exchange-record';
import { Store } from '../../src/store/ports';
import { AdminClient } from '../admin/admin-client';
import { uniqueId } from '../support/heads';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

export interface MockModeRig {
  system: RunningSystem;
  admin: AdminClient;
  client: ProvinceClient;
  clientRecords: ExchangeRecord[];
  contracts: ContractCatalogue;
  close(): Promise<void>;
}

/** The province client gives up after this long: what a timeout scenario waits for. */
export const CLIENT_TIMEOUT_MS = 700;

export async function startMockModeRig(store?: Store): Promise<MockModeRig> {
  const system = await startSystem({ mockMode: true, store });
  const admin = new AdminClient(system.gatewayUrl);
  admin.checkAgainst((await admin.get('/openapi.json')).body);
  const clientRecords: ExchangeRecord[] = [];
  const registry = new ProvinceRegistry(ProvinceRegistry.fromTemplate(`${system.mockUrl}/province/{code}`, CLIENT_TIMEOUT_MS).all());
  const client = new ProvinceClient(registry, (r) => clientRecords.push(r));
  return {
    system,
    admin,
    client,
    clientRecords,
    contracts: contractsAndSegments().contracts,
    async close() {
      await client.close();
      await system.close();
    },
  };
}

export function hqHead(interfaceNumber: string, province: string, ids: { transIdH?: string; transIdO?: string } = {}) {
  return hqRequestHead(interfaceNumber, province, {
    procId: uniqueId('P'),
    transIdO: ids.transIdO ?? uniqueId('O'),
    transIdH: ids.transIdH ?? uniqueId('H'),
    testFlag: '1',
  });
}

/** A 4.2.2 query of `number` at province `province`, in `scope` (carried as the gateway carries it). */
export function queryAt(rig: MockModeRig, scope: string | undefined, province: string, number: string, ids: { transIdH?: string; transIdO?: string } = {}) {
  const call = () =>
    rig.client.call(province, rig.contracts.get('4.2.2'), 'QueryAccount', hqHead('4.2.2', province, ids), {
      ServiceNumber: number,
      CollectProvince: asProvinceCode('36'),
    });
  return scope === undefined ? call() : inScope(scope, call, undefined);
}

/** A 5.2.2 payment into `number`, in `scope`. */
export function payAt(rig: MockModeRig, scope: string, province: string, number: string, ids: { transIdH: string; transIdO: string }, amount = 1000) {
  const body = { ServiceNumber: number, PayAmount: amount, PayTime: '20260601120000', CollectProvince: asProvinceCode('36') };
  return inScope(scope, () => rig.client.call(province, rig.contracts.get('5.2.2'), 'Pay', hqHead('5.2.2', province, ids), body), undefined);
}

/** What a caller without a SOAP library sees: the status, headers and bytes. */
export async function rawPost(url: string, xml: string, headers: Record<string, string>): Promise<{ status: number; contentType: string; bytes: Buffer }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', ...headers }, body: xml });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejection(pending: Promise<unknown>): Promise<Error> {
  try {
    await pending;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
