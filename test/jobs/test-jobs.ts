/**
 * Test-only jobs, never in the production entry: a real gateway process loads this module
 * when a test sets JOB_MODULES=dist/test/jobs/test-jobs.js (src/jobs/job-modules.ts), and
 * in-process tests import it.
 *
 * test.long-batch works through TEST_JOB_STEPS steps of TEST_JOB_STEP_MS each, recording
 * each step as an effect under its natural key (batch|step), so a run that takes over from
 * a dead instance skips what was done and the batch is completed once.
 */
import { JobDefinition, JobDeps, RunContext } from '../../src/jobs';
import { documentKinds } from '../../src/store/document-kinds';

export const STEP_KIND = 'test-step';
export const LONG_BATCH_JOB = 'test.long-batch';
documentKinds.register({ kind: STEP_KIND, owner: 'test/jobs/test-jobs.ts' });

const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

export async function longBatch(run: RunContext, steps: number, stepMs: number): Promise<void> {
  const { batch } = run.params;
  for (let step = 1; step <= steps; step++) {
    run.signal.throwIfAborted();
    const { recorded } = await run.recordEffect(STEP_KIND, `${batch}|${String(step).padStart(3, '0')}`, { owner: run.owner, runId: run.runId });
    if (!recorded) continue; // done by an earlier run
    run.count('steps');
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  if ((await run.recordEffect(STEP_KIND, `${batch}|done`, { owner: run.owner, runId: run.runId })).recorded) run.count('completed');
}

export function jobs(_deps: JobDeps): JobDefinition[] {
  return [
    {
      name: LONG_BATCH_JOB,
      params: ['batch'],
      scheduledParams: () => ({ batch: process.env.TEST_JOB_BATCH ?? 'B1' }),
      handler: (run) => longBatch(run, setting('TEST_JOB_STEPS', 10), setting('TEST_JOB_STEP_MS', 300)),
    },
  ];
}
