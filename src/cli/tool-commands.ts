/**
 * `ucrm soapui export` (the SoapUI project, from the gateway or built offline from this
 * checkout's WSDLs and golden examples) and `ucrm certify <url>` (a certification run of a
 * partner's province endpoint, src/certification/): progress per case on stderr, the report on
 * stdout, JUnit XML and JSON to files; exit 0 when every case passed, 1 when one failed.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { ContractCatalogue } from '../contract/catalogue';
import { jsonReport, junitReport, textReport } from '../certification/report';
import { runCertification } from '../certification/run';
import { buildSoapuiProject } from '../soapui/soapui-project';
import { CharsetName } from '../wire/charset';
import { CliContext, CliError, EXIT, queryOf } from './cli-context';

export function soapuiCommand(program: Command, context: () => CliContext): void {
  program
    .command('soapui')
    .description('the SoapUI project for all sixteen interfaces')
    .command('export')
    .option('-o, --output <file>', 'write it to a file instead of stdout')
    .option('-p, --province <code>', 'the province whose H→P endpoints the project calls', '51')
    .option('--offline', "build it from this checkout's WSDLs and golden examples instead of asking the gateway")
    .action(async (opts: { output?: string; province: string; offline?: boolean }) => {
      const ctx = context();
      const xml = opts.offline
        ? buildSoapuiProject({
            contracts: ContractCatalogue.load(),
            gatewayUrl: ctx.opts.url,
            provinceBaseUrl: `${ctx.opts.mockUrl}/province/${opts.province}`,
          })
        : await ctx.admin<string>('GET', `/soapui-project.xml${queryOf({ province: opts.province })}`);
      if (opts.output) {
        writeFileSync(opts.output, xml);
        ctx.print({ output: opts.output, bytes: Buffer.byteLength(xml) }, (r) => `wrote ${r.output} (${r.bytes} bytes)`);
      } else process.stdout.write(xml);
    });
}

interface CertifyOptions {
  province: string;
  number: string;
  unknownNumber?: string;
  charset: string;
  timeoutMs: number;
  maxMs?: number;
  junit?: string;
  jsonReport?: string;
  only?: string;
}

export function certifyCommand(program: Command, context: () => CliContext): void {
  program
    .command('certify <baseUrl>')
    .description("run the H→P interfaces against a partner's provincial billing endpoint, the way HQ uses them (baseUrl: …/province/51)")
    .requiredOption('-p, --province <code>', "the partner's province code")
    .requiredOption('-n, --number <serviceNumber>', 'an active test number of the partner (it gets paid into and reversed, 1 fen each)')
    .option('--unknown-number <serviceNumber>', 'a number the partner does not have', '19900000000')
    .option('--charset <charset>', 'the charset the partner declares: UTF-8, GBK or GB18030', 'UTF-8')
    .option('--timeout-ms <ms>', 'how long to wait for an answer', (v) => Number(v), 5000)
    .option('--max-ms <ms>', 'the slowest answer that passes (default: the timeout)', (v) => Number(v))
    .option('--junit <file>', 'write JUnit XML here')
    .option('--json-report <file>', 'write the JSON report here')
    .option('--only <ids>', 'only these cases, comma-separated (e.g. pay.first,pay.resend)')
    .action(async (baseUrl: string, opts: CertifyOptions) => {
      const ctx = context();
      const charset = opts.charset.toUpperCase();
      if (!['UTF-8', 'GBK', 'GB18030'].includes(charset)) throw new CliError(`--charset ${opts.charset}: UTF-8, GBK or GB18030`, EXIT.USAGE);
      ctx.progress(`certifying ${baseUrl} (province ${opts.province}, ${charset})`);
      const report = await runCertification({
        baseUrl,
        province: opts.province,
        serviceNumber: opts.number,
        unknownNumber: opts.unknownNumber,
        charset: charset as CharsetName,
        timeoutMs: opts.timeoutMs,
        maxMs: opts.maxMs,
        only: opts.only?.split(','),
        onProgress: (c, k, total) => ctx.progress(`[${k + 1}/${total}] ${c.ok ? 'PASS' : 'FAIL'} ${c.id}`),
      });
      if (opts.junit) writeFileSync(opts.junit, junitReport(report));
      if (opts.jsonReport) writeFileSync(opts.jsonReport, jsonReport(report));
      if (ctx.json) process.stdout.write(jsonReport(report));
      else process.stdout.write(textReport(report));
      process.exitCode = report.ok ? EXIT.OK : EXIT.FAILED;
    });
}
