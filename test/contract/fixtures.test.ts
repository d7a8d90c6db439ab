/**
 * The golden samples under test/fixtures/<number>/<case>.{request,response}.xml, replayed:
 * every request and response is checked against its interface's compiled schema, and every
 * case whose interface is implemented (by the gateway for P→H, by the mock provinces for
 * H→P) is sent to it and its answer compared with the golden response, volatile fields
 * (ProcessTime, and the TransIDHs HQ assigns) aside. Cases named invalid-* must be refused
 * with the golden fault: the schema check names the same path and rule, the replay answers
 * the same fault code and RspCode.
 *
 * Each case replays against a system of its own, after the cases it builds on (GIVEN: the
 * payment a reversal takes back, the ledger entries whose serials and balances its golden
 * answer counts on), so any one case passes alone (mocha --grep) and in any order.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareNumbers } from '../../src/contract/catalogue';
import { InterfaceContract } from '../../src/contract/interface-contract';
import { SchemaViolation, validateElement } from '../../src/contract/validator';
import { SOAP_FAULTS } from '../../src/contract/faults';
import { openEnvelope } from '../../src/transport/soap-envelope';
import { parseXml, XmlElement } from '../../src/xml/xml-tree';
import { PROVINCE_HANDLERS } from '../../mocks/province-billing/billing-handlers';
import { contractsAndSegments, RunningSystem, startSystem } from '../support/system';

const FIXTURES = resolve(__dirname, '../../../test/fixtures');
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const GOLDEN_NIGHT = Date.parse('2025-11-21T02:00:00+08:00');

interface Case {
  number: string;
  name: string;
  request: string;
  response: string;
}

function cases(): Case[] {
  return readdirSync(FIXTURES)
    .sort(compareNumbers)
    .flatMap((number) =>
      readdirSync(join(FIXTURES, number))
        .filter((f) => f.endsWith('.request.xml'))
        .sort()
        .map((f) => {
          const name = f.replace('.request.xml', '');
          return {
            number,
            name,
            request: readFileSync(join(FIXTURES, number, f), 'utf8'),
            response: readFileSync(join(FIXTURES, number, `${name}.response.xml`), 'utf8'),
          };
        }),
    );
}

function operationOf(contract: InterfaceContract) {
  return [...contract.operations.values()][0];
}

function checkAgainstSchema(contract: InterfaceContract, xml: string, kind: 'request' | 'response'): void {
  const env = openEnvelope(parseXml(xml));
  const op = operationOf(contract);
  if (env.body.ns === SOAP11 && env.body.local === 'Fault') {
    const detail = env.body.children.find((c) => c.local === 'detail')!;
    validateElement(detail.children[0], op.fault);
    return;
  }
  const head = env.headerBlocks.find((b) => b.local === 'UniBSSHead');
  expect(head, 'UniBSSHead').to.exist;
  validateElement(head!, op.header);
  validateElement(env.body, kind === 'request' ? op.request : op.response);
}

/** A comparable rendering of a message: names resolved, volatile values masked. */
function canonical(el: XmlElement, masked: Set<string>): unknown {
  if (el.children.length === 0) return { [el.local]: masked.has(el.local) ? '*' : el.text };
  return { [el.local]: el.children.map((c) => canonical(c, masked)) };
}

/** The cases whose effects a case's golden answer counts on, replayed first (their answers are the goldens' too). */
const GIVEN: Record<string, string[]> = {
  '5.2.2/ok': ['5.2.1/ok'],
  '6.2.1/ok': ['5.2.1/ok', '5.2.2/ok'],
  '6.2.2/ok': ['5.2.1/ok', '5.2.2/ok', '6.2.1/ok'],
  // The province's records of the day: the two payments and two reversals above.
  '7.2.2/ok': ['5.2.1/ok', '5.2.2/ok', '6.2.1/ok', '6.2.2/ok'],
  // A batch of the check date that came before.
  '7.2.1/resent-with-other-batch-count': ['7.2.1/ok'],
  '7.2.1/reused-batch-no': ['7.2.1/ok'],
  '7.2.1/split-b-record-of-the-first-batch': ['7.2.1/split-a-first-batch'],
  // The same key uploaded before with other content.
  '9.2.1/refused-conflict': ['9.2.1/ok'],
  '10.2.1/refused-conflict': ['10.2.1/ok'],
  // A collection result needs the group bill closed: every member province has uploaded.
  '9.2.3/ok': ['9.2.1/ok', '9.2.1/member-11', '9.2.1/member-31'],
  '9.2.3/refused-second-result': ['9.2.1/ok', '9.2.1/member-11', '9.2.1/member-31', '9.2.3/ok'],
  '9.2.3/replay': ['9.2.1/ok', '9.2.1/member-11', '9.2.1/member-31', '9.2.3/ok'],
  // The member province wrote off its share once; another share for the same key is refused.
  '9.2.4/refused-other-share': ['9.2.4/ok'],
};

function isImplemented(contract: InterfaceContract, system: RunningSystem): boolean {
  if (contract.direction === 'H→P') return contract.number in PROVINCE_HANDLERS;
  return system.gateway.implemented.has(contract.number);
}

/** Sends the case's request to whoever serves its interface: the raw answer. */
async function replay(system: RunningSystem, contract: InterfaceContract, c: Case): Promise<Response> {
  const path =
    contract.direction === 'P→H'
      ? `/ucrm/${c.number}`
      : `/province/${parseXml(c.request).children[0].children[0].children.find((e) => e.local === 'RouteValue')!.text}/${c.number}`;
  const base = contract.direction === 'P→H' ? system.gatewayUrl : system.mockUrl;
  return fetch(base + path, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: c.request });
}

/** The golden fault of an invalid case: its faultcode, faultstring and detail RspCode. */
function goldenFault(c: Case): { faultcode: string; faultstring: string; rspCode: string } {
  const body = parseXml(c.response).children.at(-1)!;
  const fault = body.children[0];
  expect(fault.local, `${c.number}/${c.name}: an invalid case's golden response is a fault`).to.equal('Fault');
  const text = (name: string) => fault.children.find((e) => e.local === name)!.text;
  const detail = fault.children.find((e) => e.local === 'detail')!.children[0];
  return { faultcode: text('faultcode'), faultstring: text('faultstring'), rspCode: detail.children.find((e) => e.local === 'RspCode')!.text };
}

describe('golden fixtures (test/fixtures)', () => {
  const { contracts } = contractsAndSegments();
  const all = cases();
  const byName = new Map(all.map((c) => [`${c.number}/${c.name}`, c]));

  it('cover every interface with at least an ok case', () => {
    const numbers = new Set(all.filter((c) => c.name === 'ok').map((c) => c.number));
    expect([...numbers].sort()).to.deep.equal(contracts.contracts.map((c) => c.number).sort());
  });

  it('name only cases that exist as what a case builds on', () => {
    for (const [name, given] of Object.entries(GIVEN)) for (const g of [name, ...given]) expect(byName.has(g), g).to.equal(true);
  });

  for (const c of all) {
    const contract = contracts.get(c.number);
    const negative = c.name.startsWith('invalid');

    it(`${c.number}/${c.name}: the request ${negative ? 'breaks' : 'conforms to'} the schema`, () => {
      if (!negative) return checkAgainstSchema(contract, c.request, 'request');
      const violation = (() => {
        try {
          checkAgainstSchema(contract, c.request, 'request');
        } catch (error) {
          if (error instanceof SchemaViolation) return error;
          throw error;
        }
        return expect.fail('expected a schema violation');
      })();
      const fault = goldenFault(c);
      expect(`schema violation at ${violation.message}`, 'the golden fault names the same path and rule').to.equal(fault.faultstring);
      expect(fault.rspCode).to.equal(SOAP_FAULTS.SCHEMA_VIOLATION.rspCode);
      expect(fault.faultcode).to.equal(`soapenv:${SOAP_FAULTS.SCHEMA_VIOLATION.side}`);
    });

    it(`${c.number}/${c.name}: the golden response conforms to the schema`, () => {
      checkAgainstSchema(contract, c.response, 'response');
    });

    it(`${c.number}/${c.name}: replays to the golden response`, async () => {
      // The goldens are of one day (2025-11-20, CST): the clock stands at the next night's upload, so a check date of theirs is closed and within the window.
      const system = await startSystem({ now: () => GOLDEN_NIGHT });
      try {
        expect(isImplemented(contract, system), `${c.number} is served`).to.equal(true);
        for (const name of GIVEN[`${c.number}/${c.name}`] ?? []) {
          const given = byName.get(name)!;
          const res = await replay(system, contracts.get(given.number), given);
          expect(res.status, `${name}, which ${c.number}/${c.name} builds on`).to.equal(200);
          await res.arrayBuffer();
        }
        const res = await replay(system, contract, c);
        // HQ assigns TransIDHs afresh on every run (also inside records it forwarded); OrigTransIDH names one.
        const masked = new Set(['ProcessTime', 'TransIDH', 'OrigTransIDH']);
        const golden = parseXml(c.response);
        expect(res.status).to.equal(golden.children.at(-1)!.children[0].local === 'Fault' ? 500 : 200);
        // For an invalid case this is the whole fault: faultcode, faultstring, the detail's RspCode and ids.
        expect(canonical(parseXml(await res.text()), masked)).to.deep.equal(canonical(golden, masked));
      } finally {
        await system.close();
      }
    });
  }
});
