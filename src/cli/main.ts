#!/usr/bin/env node
/**
 * ucrm: the command line of the gateway and its mock mode (package.json bin, `npx ucrm …`).
 * Every command has --help. Global options: --url (the gateway, $UCRM_URL), --mock-url (the
 * mock provinces, $UCRM_MOCK_URL), --token ($ADMIN_TOKEN), --json (machine output on stdout,
 * no progress). Exit codes (cli-context.ts, EXIT): 0 ok, 1 the call, run or check did not
 * succeed, 2 a usage or setup mistake, 3 the server could not be reached or failed.
 */
import { Command, CommanderError } from 'commander';
import { callCommand } from './call-command';
import { CliContext, CliError, EXIT, GlobalOptions } from './cli-context';
import { jobCommands } from './job-commands';
import { journalCommands, recordCommands, scenarioCommands, servicesCommand } from './mock-mode-commands';
import { startCommand } from './start-command';
import { certifyCommand, soapuiCommand } from './tool-commands';

export function program(): Command {
  const cli = new Command('ucrm')
    .description('UCRM Volume 10 gateway: start it, call it, drive its mock mode, certify a partner province')
    .option('--url <url>', 'the gateway', process.env.UCRM_URL ?? 'http://127.0.0.1:8080')
    .option('--mock-url <url>', 'the mock provinces', process.env.UCRM_MOCK_URL ?? 'http://127.0.0.1:8081')
    .option('--token <token>', 'the admin API token (default: $ADMIN_TOKEN)', process.env.ADMIN_TOKEN)
    .option('--scope <scope>', 'the test scope SOAP calls name (X-Ucrm-Scope header): its scenarios and journal only')
    .option('--json', 'JSON on stdout for scripts, no progress on stderr')
    .option('-q, --quiet', 'no progress on stderr')
    // Global options before the command (ucrm --scope s call …), so a command's own --scope is its own.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError();
  const context = () => new CliContext(cli.opts<GlobalOptions>());
  startCommand(cli);
  callCommand(cli, context);
  servicesCommand(cli, context);
  journalCommands(cli, context);
  scenarioCommands(cli, context);
  recordCommands(cli, context);
  soapuiCommand(cli, context);
  certifyCommand(cli, context);
  jobCommands(cli, context);
  return cli;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE; // --help, --version; or a usage mistake, already printed
    if (error instanceof CliError) {
      process.stderr.write(`ucrm: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`ucrm: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.UNREACHABLE;
  }
}

if (require.main === module) {
  void run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
