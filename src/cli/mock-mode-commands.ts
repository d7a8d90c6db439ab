/**
 * The mock-mode commands on the admin API: services, the journal (search, show, verify,
 * export) and scenarios (list, load, reset, remove, the schema). They are thin: the admin API
 * (its OpenAPI document at /admin/openapi.json) says what each parameter means.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliContext, CliError, EXIT, queryOf, table } from './cli-context';

type Row = Record<string, unknown>;

/** A list answer as a list, whether the server wraps it ({items|entries|scenarios: [...]}) or not. */
function listOf(answer: unknown): Row[] {
  if (Array.isArray(answer)) return answer as Row[];
  const wrapped = Object.values((answer ?? {}) as Row).find(Array.isArray);
  return (wrapped ?? []) as Row[];
}

export function servicesCommand(program: Command, context: () => CliContext): void {
  program
    .command('services')
    .description('the interfaces a server serves (the gateway, or --mocks for the mock provinces)')
    .option('--mocks', 'ask the mock provinces (--mock-url) instead of the gateway')
    .option('-p, --province <code>', 'only this province (mock provinces)')
    .action(async (opts: { mocks?: boolean; province?: string }) => {
      const ctx = context();
      const base = opts.mocks ? ctx.opts.mockUrl : ctx.opts.url;
      const services = await ctx.admin<Row[]>('GET', `/services${queryOf({ province: opts.province })}`, undefined, base);
      ctx.print(services, (s) => table(s, ['number', 'direction', 'operations', 'path', 'implemented']));
    });
}

const JOURNAL_FILTERS = [
  'transIdO',
  'transIdH',
  'procId',
  'serviceNumber',
  'interface',
  'province',
  'rspCode',
  'direction',
  'scenario',
  'scope',
  'from',
  'to',
] as const;
const flag = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function journalCommands(program: Command, context: () => CliContext): void {
  const journal = program.command('journal').description('the exchanges the gateway and the mock provinces journaled');
  const search = journal.command('search').description('search the journal (newest first)');
  for (const name of [...JOURNAL_FILTERS, 'limit', 'skip']) search.option(`--${flag(name)} <value>`, `filter on ${name}`);
  search.action(async (opts: Record<string, string>) => {
    const ctx = context();
    const answer = await ctx.admin('GET', `/admin/journal${queryOf(opts)}`);
    ctx.print(answer, (a) =>
      table(listOf(a), ['id', 'receivedAt', 'direction', 'interface', 'province', 'transIdO', 'transIdH', 'rspCode', 'scenario', 'scope']),
    );
  });
  journal
    .command('show <id>')
    .description('one exchange, its request and response XML pretty-printed')
    .action(async (id: string) => {
      const ctx = context();
      const entry = await ctx.admin<Row>('GET', `/admin/journal/${encodeURIComponent(id)}?pretty=true`);
      ctx.print(entry, (e) => [JSON.stringify({ ...e, requestXml: undefined, responseXml: undefined }, null, 2), e.requestXml, e.responseXml].join('\n\n'));
    });
  const verify = journal
    .command('verify')
    .description('count the exchanges matching the filters; with --count/--at-least/--at-most, exit 1 unless the count is so')
    .option('--count <n>', 'exactly this many', Number)
    .option('--at-least <n>', 'at least this many', Number)
    .option('--at-most <n>', 'at most this many', Number);
  for (const name of JOURNAL_FILTERS) verify.option(`--${flag(name)} <value>`, `match on ${name}`);
  verify.action(async (opts: Record<string, string | number | undefined>) => {
    const ctx = context();
    const { count, atLeast, atMost, ...criteria } = opts;
    const expected = Object.fromEntries(Object.entries({ count, atLeast, atMost }).filter(([, v]) => v !== undefined));
    const body = { ...criteria, ...(Object.keys(expected).length && { expect: expected }) };
    const answer = await ctx.http('POST', `${ctx.opts.url}/admin/journal/verify`, JSON.stringify(body), 'application/json');
    // 409: the count is not as expected (the answer says what it was); a check that failed, not an error.
    if (answer.status >= 400 && answer.status !== 409)
      throw new CliError(`POST /admin/journal/verify: HTTP ${answer.status}: ${answer.text}`, EXIT.UNREACHABLE);
    const result = JSON.parse(answer.text) as Row;
    const found = Number(result.count);
    ctx.print(
      result,
      () => `${Number.isNaN(found) ? '?' : found} matching exchange(s)${answer.status === 409 ? `, expected ${JSON.stringify(expected)}` : ''}`,
    );
    if (answer.status === 409) process.exitCode = EXIT.FAILED;
  });
  const exporter = journal
    .command('export')
    .description('the journal as JSON lines, each exchange with its XML')
    .option('-o, --output <file>', 'write to a file instead of stdout');
  for (const name of [...JOURNAL_FILTERS, 'limit']) exporter.option(`--${flag(name)} <value>`, `filter on ${name}`);
  exporter.action(async (opts: Record<string, string>) => {
    const ctx = context();
    const { output, ...filters } = opts;
    const answer = await ctx.http('GET', `${ctx.opts.url}/admin/journal/export${queryOf(filters)}`);
    if (answer.status >= 400) throw new CliError(`GET /admin/journal/export: HTTP ${answer.status}: ${answer.text}`, EXIT.UNREACHABLE);
    if (output) writeFileSync(output, answer.text);
    else process.stdout.write(answer.text);
  });
}

export function scenarioCommands(program: Command, context: () => CliContext): void {
  const scenarios = program.command('scenarios').description('mock-mode scenarios, per scope');
  scenarios
    .command('list')
    .option('--scope <scope>', 'the scope (default: every scope)')
    .action(async (opts: { scope?: string }) => {
      const ctx = context();
      const answer = await ctx.admin('GET', `/admin/scenarios${queryOf({ scope: opts.scope })}`);
      ctx.print(answer, (a) => table(listOf(a), ['id', 'name', 'scope', 'priority', 'enabled', 'fired']));
    });
  scenarios
    .command('load <files...>')
    .description('load scenarios from JSON files (each a scenario or an array of them)')
    .option('--scope <scope>', 'the scope to load them into')
    .action(async (files: string[], opts: { scope?: string }) => loadScenarios(context(), files, opts.scope));
  scenarios
    .command('reset')
    .description("reset a scope: its scenarios' sequences and state, and its mock province state")
    .option('--scope <scope>', 'the scope', 'default')
    .action(async (opts: { scope: string }) => {
      const ctx = context();
      const answer = await ctx.admin('POST', `/admin/scopes/${encodeURIComponent(opts.scope)}/reset`);
      ctx.print(answer ?? {}, () => `scope ${opts.scope} reset`);
    });
  scenarios
    .command('delete-scope <scope>')
    .description('delete a scope with its scenarios and journal')
    .action(async (scope: string) => {
      const ctx = context();
      const answer = await ctx.admin('DELETE', `/admin/scopes/${encodeURIComponent(scope)}`);
      ctx.print(answer ?? {}, () => `scope ${scope} deleted`);
    });
  scenarios
    .command('remove <id>')
    .description('remove one scenario')
    .action(async (id: string) => {
      const ctx = context();
      const answer = await ctx.admin('DELETE', `/admin/scenarios/${encodeURIComponent(id)}`);
      ctx.print(answer ?? {}, () => `scenario ${id} removed`);
    });
  scenarios
    .command('schema')
    .description('the JSON Schema scenarios are checked against')
    .action(async () => {
      const ctx = context();
      process.stdout.write(`${JSON.stringify(await ctx.admin('GET', '/admin/scenarios/schema'), null, 2)}\n`);
    });
}

/** Each file a scenario or an array of them, each POSTed (the server checks it against the schema and names a wrong field). */
async function loadScenarios(ctx: CliContext, files: string[], scope: string | undefined): Promise<void> {
  const loaded: unknown[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`${file}: ${(error as Error).message}`, EXIT.USAGE);
    }
    for (const scenario of Array.isArray(parsed) ? parsed : [parsed]) {
      loaded.push(await ctx.admin('POST', `/admin/scenarios${queryOf({ scope })}`, scenario));
      ctx.progress(`loaded ${loaded.length} scenario(s) from ${file}`);
    }
  }
  ctx.print(loaded, (l) => `${l.length} scenario(s) loaded${scope ? ` into scope ${scope}` : ''}`);
}

/**
 * What the mock provinces recorded in proxy mode (`ucrm start --proxy …`): list it, export it
 * as a replay file (`ucrm start --replay-file`), or save it as scenarios in a scope.
 */
export function recordCommands(program: Command, context: () => CliContext): void {
  const record = program.command('record').description('exchanges the mock provinces recorded in proxy mode');
  record
    .command('list')
    .description('the recorded exchanges')
    .action(async () => {
      const ctx = context();
      const recorded = await ctx.admin<Row[]>('GET', '/recordings', undefined, ctx.opts.mockUrl);
      ctx.print(recorded, (r) => table(r, ['id', 'recordedAt', 'province', 'interfaceNumber', 'operation', 'status']));
    });
  record
    .command('export')
    .description('write the recordings as a replay file')
    .requiredOption('-o, --output <file>', 'the replay file')
    .action(async (opts: { output: string }) => {
      const ctx = context();
      const recorded = await ctx.admin<Row[]>('GET', '/recordings', undefined, ctx.opts.mockUrl);
      writeFileSync(opts.output, recorded.map((r) => JSON.stringify(r)).join('\n') + '\n');
      ctx.print({ output: opts.output, recordings: recorded.length }, (r) => `wrote ${r.recordings} recording(s) to ${r.output}`);
    });
  record
    .command('save')
    .description('save the recordings as scenarios (POST /admin/scenarios) in a scope')
    .option('--scope <scope>', 'the scope')
    .action(async (opts: { scope?: string }) => {
      const ctx = context();
      const drafts = await ctx.admin<Row[]>('GET', '/recordings/scenarios', undefined, ctx.opts.mockUrl);
      const saved: unknown[] = [];
      for (const draft of drafts) {
        saved.push(await ctx.admin('POST', `/admin/scenarios${queryOf({ scope: opts.scope })}`, draft));
        ctx.progress(`saved ${saved.length}/${drafts.length}`);
      }
      ctx.print(saved, (s) => `${s.length} scenario(s) saved${opts.scope ? ` in scope ${opts.scope}` : ''}`);
    });
}
