/**
 * What an interface family is: everything the gateway needs to serve one chapter of the
 * contract, declared in one object by the family's own folder (src/families/<family>/):
 *
 *   - the interface numbers it claims (those it serves and the H→P legs it calls);
 *   - its section of the configuration, read from the environment like the rest;
 *   - the record kinds it owns (a repository port with a memory and a MongoDB adapter);
 *   - its P→H handlers, its HQ-started jobs, its scrape-time gauges;
 *   - its admin API resources (status views of its own documents);
 *   - where its mock-province behaviour lives.
 *
 * The core names no family: the gateway takes a list of them (src/families/index.ts) and
 * registration (registration.ts) refuses two that claim one interface or one record kind.
 */
import type { AdminResourceFactory } from '../admin/operation';
import type { SettingsReader } from '../config';
import { InterfaceNumber } from '../contract/typed-values';
import { HandlerTable } from '../handlers/handler';
import { HandlerDeps } from '../handlers/handler-deps';
import { JobDefinition } from '../jobs/job';
import { Logger } from '../logging/logger';
import type { ScrapeGauge } from '../metrics/gateway-metrics';
import { RecordKind } from '../store/record-kinds';

/** What a family's parts are made with, besides its settings. */
export interface FamilyContext extends HandlerDeps {
  logger: Logger;
  /** The longest a province call may take (the largest province timeout): how long a family may wait on another's call. */
  longestProvinceCallMs: number;
}

export interface FamilyDeps<S> extends FamilyContext {
  settings: S;
}

export interface FamilyDefinition<S> {
  /** Lower-case, as its folder is named; the messages name it. */
  name: string;
  /** Every interface it serves (P→H) or calls (H→P): no other family may claim one. */
  interfaces: readonly InterfaceNumber[];
  /** The record kinds it owns; another family may read them (store.records), not claim them. */
  records?: ReadonlyArray<RecordKind<unknown>>;
  /**
   * Its interfaces whose journal entry is written before the answer goes (those that move
   * money, and their province legs): a crash cannot lose it. The others' are batched.
   */
  durableJournal?: readonly InterfaceNumber[];
  /** Its section of the configuration: problems go to `read`, reported with every other at start. */
  settings(read: SettingsReader): S;
  /** Its P→H handlers, only for interfaces it claims. */
  handlers?(deps: FamilyDeps<S>): HandlerTable;
  jobs?(deps: FamilyDeps<S>): JobDefinition[];
  /** Values read when Prometheus scrapes. */
  gauges?(deps: FamilyDeps<S>): ScrapeGauge[];
  /** Its resources of the admin API (JSON under /admin), beside the core's (admin/resources). */
  adminResources?(deps: FamilyDeps<S>): AdminResourceFactory[];
  /** Where the mock provinces answer its H→P legs (mocks/ is a separate application, never imported from here). */
  mock?: string;
}

/** The parts a family made at start. */
export interface StartedFamily {
  handlers: HandlerTable;
  jobs: JobDefinition[];
  gauges: ScrapeGauge[];
  adminResources: AdminResourceFactory[];
}

/**
 * A family as the gateway holds it: its settings type erased behind `configure`, so that
 * families of different settings sit in one list and each still gets its own typed.
 */
export interface Family {
  readonly name: string;
  readonly interfaces: readonly InterfaceNumber[];
  readonly records: ReadonlyArray<RecordKind<unknown>>;
  readonly durableJournal: readonly InterfaceNumber[];
  readonly mock?: string;
  /** Reads its settings; the function it returns makes its parts with them. */
  configure(read: SettingsReader): (context: FamilyContext) => StartedFamily;
}

export function defineFamily<S>(definition: FamilyDefinition<S>): Family {
  const { name, interfaces, records = [], durableJournal = [], mock } = definition;
  return {
    name,
    interfaces,
    records,
    durableJournal,
    mock,
    configure(read) {
      const settings = definition.settings(read);
      return (context) => {
        const deps: FamilyDeps<S> = { ...context, settings };
        return {
          handlers: definition.handlers?.(deps) ?? {},
          jobs: definition.jobs?.(deps) ?? [],
          gauges: definition.gauges?.(deps) ?? [],
          adminResources: definition.adminResources?.(deps) ?? [],
        };
      };
    },
  };
}
