/** Jobs runtimes for in-process tests: on a given store, with a clock the test can move. */
import { TransIdHGenerator } from '../../src/domain/message-head';
import { JobDefinition, JobDeps, JobRuntime } from '../../src/jobs';
import { createLogger } from '../../src/logging/logger';
import { ProvinceClient } from '../../src/provinces/province-client';
import { ProvinceRegistry } from '../../src/provinces/province-registry';
import { Store } from '../../src/store/ports';
import { contractsAndSegments } from '../support/system';

export interface Clock {
  offsetMs: number;
  now(): number;
}

export function clock(): Clock {
  const c = { offsetMs: 0, now: () => Date.now() + c.offsetMs };
  return c;
}

export interface RuntimeSetup {
  store: Store;
  owner?: string;
  clock?: Clock;
  leaseTtlMs?: number;
  schedules?: Record<string, string>;
  jobs?: JobDefinition[];
  provinces?: ProvinceClient;
}

/** Nowhere: the runtime tests start no province call. */
const NO_PROVINCES = () => new ProvinceClient(ProvinceRegistry.fromTemplate('http://127.0.0.1:9/province/{code}', 500), () => undefined);

export function jobDeps(store: Store, owner = '01', now?: () => number, provinces = NO_PROVINCES()): JobDeps {
  return {
    contracts: contractsAndSegments().contracts,
    provinces,
    store,
    now,
    transIds: new TransIdHGenerator(owner),
  };
}

export function runtime(setup: RuntimeSetup): JobRuntime {
  const owner = setup.owner ?? '01';
  const r = new JobRuntime({
    deps: jobDeps(setup.store, owner, setup.clock?.now, setup.provinces),
    logger: createLogger('silent'),
    owner,
    leaseTtlMs: setup.leaseTtlMs ?? 10_000,
    schedules: setup.schedules,
    deliveries: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 4000, claimTimeoutMs: 5000 },
  });
  for (const job of setup.jobs ?? []) r.register(job);
  return r;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the functions that settle it: a handler that waits for the test's word. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves once `condition` holds, checking every 10 ms, or fails after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
