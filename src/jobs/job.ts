/**
 * What a job is: a named unit of work HQ starts itself — on a schedule, on demand (an
 * admin endpoint, a CLI), or from another job — where a handler is what a province starts.
 * A run of a job is identified by its name and its parameters (a check date, a month…):
 * one instance of many runs a given (name, parameters) at a time, under a lease.
 */
import { ContractCatalogue } from '../contract/catalogue';
import { TransIdHGenerator } from '../domain/message-head';
import { Logger } from '../logging/logger';
import { ProvinceClient } from '../provinces/province-client';
import { BusinessDocument, JobRun, RunTrigger, Store } from '../store/ports';
import type { DeliveryOutcome, DeliveryRequest } from './deliveries';

/** A run's parameters: names to values, all text, as an endpoint or a command line gives them. */
export type JobParams = Readonly<Record<string, string>>;

/**
 * What a job may use: what handlers get (handlers/handler-deps.ts: the contracts, the
 * province client, the store, the clock) and HQ's TransIDH numbering for the requests it
 * starts. A family's own settings reach its jobs as they reach its handlers: given when the
 * family makes them (so this core names no family).
 */
export interface JobDeps {
  contracts: ContractCatalogue;
  provinces: ProvinceClient;
  store: Store;
  now?: () => number; // tests move time; defaults to Date.now
  transIds: TransIdHGenerator;
}

export interface JobDefinition {
  /** Lower-case words joined by - or . (it names the job in configuration, leases and runs). */
  name: string;
  handler: (run: RunContext) => Promise<void>;
  /** The parameters a run must be given, all of them and no others; none if absent. */
  params?: readonly string[];
  /**
   * What is wrong with a run's parameters beyond their names (a malformed date, a month not
   * yet closed), as a sentence; undefined when they will do. A run so refused never starts:
   * no lease, no record, and the caller is told why (the admin API answers 400).
   */
  paramsProblem?: (params: JobParams, now: number) => string | undefined;
  /** The parameters of a scheduled run, from the instant it fires (e.g. the day before, in CST). */
  scheduledParams?: (firedAt: Date) => JobParams;
  /**
   * A period the job always runs at (a sweep over due work), in ms. Cron schedules are not
   * set here: they come from configuration (JOB_SCHEDULES), off unless given.
   */
  everyMs?: number;
  /**
   * Whether a run takes the lease (default true). A job whose every step is already
   * exclusive — each claimed by a conditional update — may let instances work side by side.
   */
  exclusive?: boolean;
  /**
   * Whether a run that did nothing (no count above zero) and did not fail is recorded
   * (default true). A frequent sweep sets false, or its idle passes would bury the runs
   * that did something.
   */
  recordIdleRuns?: boolean;
}

export interface EffectOutcome {
  /** False when an earlier run (or a concurrent one) recorded this effect already. */
  recorded: boolean;
  document: BusinessDocument;
}

/** What a handler gets for one run. */
export interface RunContext {
  readonly job: string;
  readonly params: JobParams;
  readonly runId: string;
  readonly owner: string; // this instance
  readonly trigger: RunTrigger;
  readonly deps: JobDeps;
  readonly logger: Logger;
  /** Aborted when the run must stop: its lease was lost, or the gateway stops past its grace. */
  readonly signal: AbortSignal;
  /** Adds to a count reported in the run's record (e.g. count('delivered')). */
  count(name: string, by?: number): void;
  /**
   * Records that an effect happened, under its natural key (a document of a registered
   * kind): the second time the same key is recorded — a re-run, a run taken over from a
   * dead instance — `recorded` is false, so the run can skip what was already done.
   */
  recordEffect(kind: string, key: string, data: Record<string, unknown>): Promise<EffectOutcome>;
  /** Delivers a request to a province, once per (interface, subject, province); see deliveries.ts. */
  deliver(request: DeliveryRequest): Promise<DeliveryOutcome>;
  /** Runs another job (trigger "job") and resolves with its record. */
  runJob(name: string, params?: JobParams): Promise<JobRun>;
}

const NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

export function checkDefinition(def: JobDefinition): void {
  if (!NAME.test(def.name)) throw new Error(`job name "${def.name}" must be lower-case words joined by - or .`);
  if (def.everyMs !== undefined && !(Number.isSafeInteger(def.everyMs) && def.everyMs > 0))
    throw new Error(`job ${def.name}: everyMs must be a whole number of ms above 0`);
}

/** Parameters a job refuses: missing or unknown ones, or values its paramsProblem finds wrong. */
export class JobParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobParamsError';
  }
}

/** Refuses parameters a job does not take, or missing ones, naming them; then what the job's own check finds. */
export function checkParams(def: JobDefinition, params: JobParams, now: number = Date.now()): void {
  const expected = def.params ?? [];
  const given = Object.keys(params);
  const missing = expected.filter((name) => typeof params[name] !== 'string');
  const unknown = given.filter((name) => !expected.includes(name));
  if (missing.length || unknown.length) {
    const problems = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean);
    throw new JobParamsError(`job ${def.name} takes parameters (${expected.join(', ') || 'none'}): ${problems.join('; ')}`);
  }
  const problem = def.paramsProblem?.(params, now);
  if (problem !== undefined) throw new JobParamsError(`job ${def.name}: ${problem}`);
}

/** The parameters in one canonical string, the same whatever order they were given in. */
export function paramsKeyOf(params: JobParams): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(params[name])}`)
    .join('&');
}

/** The lease that makes a (job, parameters) exclusive among instances. */
export function leaseNameOf(job: string, paramsKey: string): string {
  return `${job}#${paramsKey}`;
}
