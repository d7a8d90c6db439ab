/**
 * `ucrm call <number>`: one SOAP call to an interface — a P→H one on the gateway, an H→P one
 * on a province (`--province`) — from a request file, or from flags: the body from `--set
 * Field=value` (dotted paths for nested fields), the head made as the caller would (a
 * collecting province for P→H, HQ for H→P) and overridden with `--head Field=value`. Built
 * from the WSDL the server serves, through node-soap's client. Exit 0 on RspCode 0000, 1 on
 * any other code or a fault, 3 when nothing answered.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import * as soap from 'soap';
import { ContractCatalogue } from '../contract/catalogue';
import { InterfaceContract } from '../contract/interface-contract';
import { cstTimestamp } from '../domain/cst-time';
import { activityCodeOf, bipCodeOf, hqRequestHead, MessageHead } from '../domain/message-head';
import { SCOPE_HEADER } from '../journal/scope';
import { CliContext, CliError, EXIT, keyValues } from './cli-context';

interface CallOptions {
  file?: string;
  set: Record<string, string>;
  head: Record<string, string>;
  province?: string;
  sender: string;
  operation?: string;
  raw?: boolean;
}

interface CallResult {
  interface: string;
  endpoint: string;
  status?: number;
  fault: boolean;
  rspCode?: string;
  rspDesc?: string;
  transIdH?: string;
  body?: unknown;
  responseXml?: string;
}

export function callCommand(program: Command, context: () => CliContext): void {
  program
    .command('call <number>')
    .description('call an interface: 4.2.1 on the gateway, or 5.2.2 --province 51 on a (mock) province')
    .option('-f, --file <request.xml>', 'send this SOAP request as it is')
    .option('-s, --set <field=value>', 'a request body field (repeatable; dotted paths for nested fields)', keyValues, {})
    .option('--head <field=value>', 'override a UniBSSHead field (repeatable)', keyValues, {})
    .option('-p, --province <code>', 'the province whose H→P interface to call (at --mock-url)')
    .option('--sender <code>', 'the collecting province a P→H call comes from', '36')
    .option('--operation <name>', "the operation (default: the interface's only one)")
    .option('--raw', 'print the response XML')
    .action(async (number: string, opts: CallOptions) => {
      const ctx = context();
      const contracts = ContractCatalogue.load();
      if (!contracts.has(number)) throw new CliError(`no interface ${number} (known: ${contracts.contracts.map((c) => c.number).join(', ')})`, EXIT.USAGE);
      const contract = contracts.get(number);
      const endpoint = endpointOf(ctx, contract, opts.province);
      const result = opts.file ? await callFromFile(ctx, contract, endpoint, opts.file) : await callFromFlags(contract, endpoint, opts, ctx.opts.scope);
      if (!opts.raw) delete result.responseXml;
      ctx.print(result, (r) =>
        [
          `${r.interface} → ${r.endpoint}: ${r.fault ? 'SOAP fault, ' : ''}RspCode ${r.rspCode ?? '?'} ${r.rspDesc ?? ''}`.trim(),
          r.transIdH ? `TransIDH ${r.transIdH}` : '',
          r.body ? JSON.stringify(r.body, null, 2) : '',
          r.responseXml ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      process.exitCode = !result.fault && result.rspCode === '0000' ? EXIT.OK : EXIT.FAILED;
    });
}

function endpointOf(ctx: CliContext, contract: InterfaceContract, province: string | undefined): string {
  if (contract.direction === 'P→H') return `${ctx.opts.url}/ucrm/${contract.number}`;
  if (!province) throw new CliError(`${contract.number} is an H→P interface: say which province serves it (--province 51)`, EXIT.USAGE);
  return `${ctx.opts.mockUrl}/province/${province}/${contract.number}`;
}

async function callFromFile(ctx: CliContext, contract: InterfaceContract, endpoint: string, file: string): Promise<CallResult> {
  const xml = readFileSync(file);
  const bodyElement = /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?([\w-]+)/.exec(xml.toString('latin1'))?.[1];
  const operation = [...contract.operations.values()].find((o) => o.request.name === bodyElement) ?? [...contract.operations.values()][0];
  const declared = /encoding="([^"]+)"/.exec(xml.subarray(0, 100).toString('latin1'))?.[1] ?? 'utf-8';
  const headers: Record<string, string> = { soapaction: `"${operation.soapAction}"`, ...(ctx.opts.scope && { [SCOPE_HEADER]: ctx.opts.scope }) };
  const answer = await ctx.http('POST', endpoint, xml, `text/xml; charset=${declared}`, headers);
  return { interface: contract.number, endpoint, status: answer.status, responseXml: answer.text, ...readAnswer(answer.text) };
}

/** RspCode, RspDesc, TransIDH and whether it is a fault, from any answer (head or fault detail). */
export function readAnswer(xml: string): Pick<CallResult, 'fault' | 'rspCode' | 'rspDesc' | 'transIdH'> {
  const field = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)</`).exec(xml)?.[1];
  return {
    fault: /<(?:[\w-]+:)?Fault[\s>]/.test(xml),
    rspCode: field('RspCode'),
    rspDesc: field('RspDesc') ?? field('faultstring'),
    transIdH: field('TransIDH'),
  };
}

async function callFromFlags(contract: InterfaceContract, endpoint: string, opts: CallOptions, scope: string | undefined): Promise<CallResult> {
  const operation = opts.operation ?? [...contract.operations.keys()][0];
  if (!contract.operations.has(operation)) throw new CliError(`${contract.number} has no operation ${operation}`, EXIT.USAGE);
  let client: soap.Client;
  try {
    client = await soap.createClientAsync(`${endpoint}?wsdl`, { endpoint });
  } catch (error) {
    throw new CliError(`cannot read the WSDL at ${endpoint}?wsdl: ${(error as Error).message}`, EXIT.UNREACHABLE);
  }
  const head = { ...defaultHead(contract, opts), ...opts.head };
  client.addSoapHeader({ UniBSSHead: head }, '', 'tns', contract.namespace);
  if (scope) client.addHttpHeader(SCOPE_HEADER, scope);
  const method = client[`${operation}Async`] as (args: unknown) => Promise<[unknown, string, Record<string, unknown> | undefined]>;
  try {
    const [body, rawResponse, soapHeader] = await method(nested(opts.set));
    const answerHead = (soapHeader?.UniBSSHead ?? {}) as Record<string, string>;
    return {
      interface: contract.number,
      endpoint,
      fault: false,
      rspCode: answerHead.RspCode,
      rspDesc: answerHead.RspDesc,
      transIdH: answerHead.TransIDH,
      body,
      responseXml: rawResponse,
    };
  } catch (error) {
    const e = error as { body?: string; response?: { status?: number } };
    if (typeof e.body !== 'string') throw new CliError(`${endpoint}: ${(error as Error).message}`, EXIT.UNREACHABLE);
    return { interface: contract.number, endpoint, status: e.response?.status, responseXml: e.body, ...readAnswer(e.body) };
  }
}

function defaultHead(contract: InterfaceContract, opts: CallOptions): MessageHead {
  const id = `CLI${Date.now().toString(36).toUpperCase()}${process.pid.toString(36).toUpperCase()}`;
  if (contract.direction === 'H→P') {
    return hqRequestHead(contract.number, opts.province!, {
      procId: id,
      transIdO: id,
      transIdH: `UCRM${cstTimestamp()}CL${String(process.pid % 1e6).padStart(6, '0')}`,
      testFlag: '1',
    });
  }
  const number = opts.set.ServiceNumber;
  return {
    OrigDomain: 'PBSS',
    HomeDomain: 'UCRM',
    BIPCode: bipCodeOf(contract.number),
    BIPVer: '0100',
    ActivityCode: activityCodeOf(contract.number),
    ActionCode: '0',
    // A number routes by its segment; an upload goes to HQ with the sender's own province.
    RouteType: number ? '01' : '00',
    RouteValue: number ?? opts.sender,
    ProcID: id,
    TransIDO: id,
    ProcessTime: cstTimestamp(),
    TestFlag: '1',
    MsgSender: `BILL${opts.sender}`,
    MsgReceiver: 'UCRM',
  };
}

/** `{'A.B': '1', C: '2'}` → `{A: {B: '1'}, C: '2'}`. */
export function nested(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let at = out;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
  }
  return out;
}
