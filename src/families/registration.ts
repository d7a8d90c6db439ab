/**
 * Registering the families at start: each interface number, record kind and family name is
 * claimed once, every claimed interface has a WSDL, and a family's handlers serve only
 * interfaces it claims. A clash fails the start with a message naming both claimants,
 * instead of one family's handler or records quietly shadowing another's.
 */
import type { AdminResourceFactory } from '../admin/operation';
import { ContractCatalogue } from '../contract/catalogue';
import { HandlerTable } from '../handlers/handler';
import { JobDefinition } from '../jobs/job';
import type { ScrapeGauge } from '../metrics/gateway-metrics';
import { RecordKind } from '../store/record-kinds';
import { Family, FamilyContext, StartedFamily } from './family';

export class FamilyRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FamilyRegistrationError';
  }
}

/** Throws unless no two families have one name or claim one interface number or record kind, and each claimed interface has a WSDL. */
export function checkFamilies(families: readonly Family[], contracts: ContractCatalogue): void {
  const names = new Set<string>();
  for (const { name } of families) {
    if (names.has(name)) throw new FamilyRegistrationError(`two families are named ${name}`);
    names.add(name);
  }
  claimOnce(
    'interface',
    families.flatMap((f) => f.interfaces.map((n): [string, string] => [n, f.name])),
  );
  claimOnce(
    'record kind',
    families.flatMap((f) => f.records.map((k): [string, string] => [k.name, f.name])),
  );
  for (const family of families) {
    for (const number of family.interfaces) {
      if (!contracts.has(number))
        throw new FamilyRegistrationError(`family ${family.name} claims interface ${number}, which has no WSDL under ${contracts.wsdlDir}`);
    }
  }
}

/** Every record kind the families own: what a MongoDB store opens when it is created. */
export function recordKindsOf(families: readonly Family[]): Array<RecordKind<unknown>> {
  return families.flatMap((f) => f.records);
}

export interface RegisteredFamilies {
  handlers: HandlerTable;
  jobs: JobDefinition[];
  gauges: ScrapeGauge[];
  adminResources: AdminResourceFactory[];
}

/** Makes each configured family's parts, in list order, and puts them together. */
export function startFamilies(
  families: readonly Family[],
  makers: ReadonlyArray<(context: FamilyContext) => StartedFamily>,
  context: FamilyContext,
): RegisteredFamilies {
  const registered: RegisteredFamilies = { handlers: {}, jobs: [], gauges: [], adminResources: [] };
  families.forEach((family, i) => {
    // Asked now, so a store that cannot give a family's records (MongoDB not created with them) fails the start.
    for (const kind of family.records) context.store.records(kind);
    const started = makers[i](context);
    const claimed = new Set<string>(family.interfaces);
    for (const number of Object.keys(started.handlers)) {
      if (!claimed.has(number)) throw new FamilyRegistrationError(`family ${family.name} has a handler for interface ${number}, which it does not claim`);
    }
    Object.assign(registered.handlers, started.handlers);
    registered.jobs.push(...started.jobs);
    registered.gauges.push(...started.gauges);
    registered.adminResources.push(...started.adminResources);
  });
  return registered;
}

function claimOnce(what: string, claims: Array<[claimed: string, by: string]>): void {
  const owners = new Map<string, string>();
  for (const [claimed, by] of claims) {
    const earlier = owners.get(claimed);
    if (earlier !== undefined) throw new FamilyRegistrationError(`${what} ${claimed} is claimed by two families: ${earlier} and ${by}`);
    owners.set(claimed, by);
  }
}
