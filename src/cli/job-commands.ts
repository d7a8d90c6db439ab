/**
 * Jobs on demand through the admin API (`POST /admin/jobs/{name}/runs`): `ucrm job list`,
 * `ucrm job run <name> --param k=v`, and the daily and monthly ones by what they do —
 * `ucrm reconcile <date>`, `ucrm settle <month>` — whose job names come from
 * an option, an environment variable (UCRM_RECONCILE_JOB, UCRM_SETTLE_JOB) or else from
 * GET /admin/jobs (the one job whose name says so and that takes the argument); `ucrm simulate`
 * runs the traffic simulators. Exit 0 when the run is ok,
 * 1 when it failed or was skipped (another instance holds it).
 */
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { CliContext, CliError, EXIT, keyValues, queryOf, table } from './cli-context';

interface JobView {
  name: string;
  params: string[];
  schedule?: string;
  nextRunAt?: string;
}

interface RunView {
  runId?: string;
  job?: string;
  outcome?: string;
  error?: string;
  counts?: Record<string, number>;
}

/** What the named commands run: how to find the job, and which of its parameters takes the argument. */
const PURPOSES = {
  reconcile: { env: 'UCRM_RECONCILE_JOB', name: /reconcil/, param: /date|day/i },
  settle: { env: 'UCRM_SETTLE_JOB', name: /settle/, param: /month|cycle|period/i },
} as const;

export function jobCommands(program: Command, context: () => CliContext): void {
  const job = program.command('job').description('HQ jobs: list them, run one now');
  job
    .command('list')
    .description('every job, its parameters, schedule and next run')
    .action(async () => {
      const ctx = context();
      const { jobs } = await ctx.admin<{ jobs: JobView[] }>('GET', '/admin/jobs');
      ctx.print(jobs, (j) => table(j, ['name', 'params', 'schedule', 'nextRunAt']));
    });
  job
    .command('run <name>')
    .description('run a job now and wait for its run record')
    .option('--param <name=value>', 'a parameter of the run (repeatable)', keyValues, {})
    .option('--no-wait', 'answer as soon as the run has started')
    .action(async (name: string, opts: { param: Record<string, string>; wait: boolean }) => runJob(context(), name, opts.param, opts.wait));

  program
    .command('reconcile <checkDate>')
    .description('run the daily reconciliation of a day (YYYYMMDD)')
    .option('--job <name>', 'the job to run (default: $UCRM_RECONCILE_JOB, else the job named for reconciliation)')
    .option('--param <name=value>', 'further parameters', keyValues, {})
    .action(async (day: string, opts: PurposeOptions) => runPurpose(context(), 'reconcile', day, opts));
  program
    .command('settle <month>')
    .description('run the monthly settlement of a month (YYYYMM)')
    .option('--job <name>', 'the job to run (default: $UCRM_SETTLE_JOB, else the job named for settlement)')
    .option('--param <name=value>', 'further parameters', keyValues, {})
    .action(async (month: string, opts: PurposeOptions) => runPurpose(context(), 'settle', month, opts));
  program
    .command('simulate [what] [options...]')
    .description(
      'run a traffic simulator: "day" (default; a day of queries, payments, reversals and timeouts through a gateway of its own, then the uploads with discrepancies and the reconciliation) or "groups" (a collection cycle of every seeded group against --gateway URL --mocks URL); options after -- go to it',
    )
    .allowUnknownOption()
    .action(async (what: string | undefined, options: string[]) => runSimulator(what ?? 'day', options));
}

const SIMULATORS: Record<string, string> = { day: 'main.js', groups: 'group-cycle.js' };

/** The simulators are scripts of their own (src/simulator/): run with this node, their output and exit code passed through. */
async function runSimulator(what: string, options: string[]): Promise<void> {
  const script = SIMULATORS[what];
  if (!script) throw new CliError(`ucrm simulate: no simulator "${what}" (there are: ${Object.keys(SIMULATORS).join(', ')})`, EXIT.USAGE);
  const child = spawn(process.execPath, [resolve(__dirname, '../simulator', script), ...options], { stdio: 'inherit' });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) process.exitCode = code ?? EXIT.FAILED;
}

interface PurposeOptions {
  job?: string;
  param: Record<string, string>;
}

async function runPurpose(ctx: CliContext, purpose: keyof typeof PURPOSES, argument: string | undefined, opts: PurposeOptions): Promise<void> {
  const how = PURPOSES[purpose];
  const { jobs } = await ctx.admin<{ jobs: JobView[] }>('GET', '/admin/jobs');
  const wanted = opts.job ?? process.env[how.env];
  // The job of that purpose that takes the argument (the reconciliation's sweep takes none).
  const candidates = wanted ? jobs.filter((j) => j.name === wanted) : jobs.filter((j) => how.name.test(j.name) && j.params.some((p) => how.param.test(p)));
  if (candidates.length !== 1) {
    const why = wanted
      ? `no job named ${wanted}`
      : candidates.length
        ? `several jobs could be meant (${candidates.map((j) => j.name).join(', ')})`
        : 'no such job';
    throw new CliError(`ucrm ${purpose}: ${why}; name it with --job or ${how.env} (jobs: ${jobs.map((j) => j.name).join(', ') || 'none'})`, EXIT.USAGE);
  }
  const job = candidates[0];
  const params = { ...opts.param };
  if (argument !== undefined) {
    const param = job.params.find((p) => how.param.test(p) && params[p] === undefined);
    if (!param) throw new CliError(`job ${job.name} has no parameter for "${argument}" (its parameters: ${job.params.join(', ') || 'none'})`, EXIT.USAGE);
    params[param] = argument;
  }
  await runJob(ctx, job.name, params, true);
}

async function runJob(ctx: CliContext, name: string, params: Record<string, string>, wait: boolean): Promise<void> {
  ctx.progress(`running ${name} ${JSON.stringify(params)}…`);
  const started = Date.now();
  // A long run: say every few seconds that it is still going, so a CI log shows life.
  const ticker = setInterval(() => ctx.progress(`  ${name} still running (${Math.round((Date.now() - started) / 1000)} s)`), 5000);
  let run: RunView;
  try {
    run = await ctx.admin<RunView>('POST', `/admin/jobs/${encodeURIComponent(name)}/runs${queryOf({ wait: wait ? undefined : 'false' })}`, { params });
  } finally {
    clearInterval(ticker);
  }
  ctx.print(
    run,
    (r) =>
      `${name}: ${r.outcome ?? 'started'}${r.runId ? ` (run ${r.runId})` : ''}${r.error ? `: ${r.error}` : ''}${r.counts ? ` ${JSON.stringify(r.counts)}` : ''}`,
  );
  if (wait && run.outcome !== 'ok') process.exitCode = EXIT.FAILED;
}
