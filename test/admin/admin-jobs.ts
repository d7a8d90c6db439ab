/**
 * Test-only jobs for the admin API tests, given to the gateway through JOB_MODULES (the way
 * a deployment adds its own): the module is loaded by require(), so the test that imports it
 * shares its state and can hold the gated job until it says so.
 */
import { JobDefinition, JobDeps } from '../../src/jobs';

export const QUICK_JOB = 'test.admin-quick';
export const GATED_JOB = 'test.admin-gated';
export const FAILING_JOB = 'test.admin-failing';

/** The gated job's runs wait for open(); closeGate() closes it again. */
export const gated: { open: () => void; closed: Promise<void>; started: number } = { open: () => undefined, closed: Promise.resolve(), started: 0 };

export function closeGate(): void {
  gated.closed = new Promise<void>((resolve) => (gated.open = resolve));
}

export function jobs(_deps: JobDeps): JobDefinition[] {
  return [
    { name: QUICK_JOB, params: ['batch'], handler: async (run) => run.count('done') },
    {
      name: GATED_JOB,
      handler: async (run) => {
        gated.started++;
        await gated.closed;
        run.count('waited');
      },
    },
    {
      name: FAILING_JOB,
      handler: async () => {
        throw new Error('the failing job failed, as it does');
      },
    },
  ];
}
