/**
 * Certification runs against the project's own mock province (it must pass) and against
 * broken variants of it (broken-province.ts), each of which must be caught by the rule it
 * breaks, in the case that exercises it; and the report's JUnit XML and JSON.
 */
import { expect } from 'chai';
import { Server } from 'node:http';
import { createMockProvinces } from '../../mocks/province-billing/server';
import { junitReport, jsonReport, textReport } from '../../src/certification/report';
import { RuleId } from '../../src/certification/rules';
import { CertificationReport, runCertification } from '../../src/certification/run';
import { CharsetName } from '../../src/wire/charset';
import { parseXml } from '../../src/xml/xml-tree';
import { close, contractsAndSegments, listen } from '../support/system';
import { Breakage, brokenProvince } from './broken-province';

/** Which case must fail, and by which rule, for each breakage. */
const CAUGHT: Record<Breakage, { caseId: string; rule: RuleId; charset?: CharsetName }> = {
  schema: { caseId: 'query.known', rule: 'schema' },
  transidh: { caseId: 'query.known', rule: 'header.transidh' },
  actioncode: { caseId: 'query.known', rule: 'header.actioncode' },
  rspcode: { caseId: 'query.unknown', rule: 'header.rspcode' },
  'double-credit': { caseId: 'pay.resend', rule: 'idempotency' },
  'reverse-unknown': { caseId: 'reverse.unknown', rule: 'outcome' },
  'reverse-twice': { caseId: 'reverse.twice', rule: 'outcome' },
  'after-day': { caseId: 'reverse.after-day', rule: 'outcome' },
  charset: { caseId: 'query.known', rule: 'charset', charset: 'GBK' },
  slow: { caseId: 'query.known', rule: 'timing' },
};

describe('certification runs (H→P contract tests of a partner province)', () => {
  const { contracts, segments } = contractsAndSegments();
  let mock: { server: Server; url: string };
  let serviceNumber: string;

  before(async () => {
    const mocks = createMockProvinces({ contracts, segments });
    mock = await listen(mocks.app);
    serviceNumber = mocks.books
      .get('51')!
      .list()
      .find((a) => a.userStatus === '0')!.serviceNumber;
  });

  after(() => close(mock.server));

  // The timing rule is exercised by a province that waits 300 ms against a bound of 100 ms; the
  // other runs allow the whole timeout, so a loaded machine cannot fail them.
  const certify = (baseUrl: string, charset?: CharsetName, maxMs = 5000) =>
    runCertification({ baseUrl, province: '51', serviceNumber, contracts, charset, maxMs, timeoutMs: 5000 });

  for (const charset of ['UTF-8', 'GBK'] as const) {
    it(`passes the mock province, every case and rule (${charset})`, async () => {
      const report = await certify(`${mock.url}/province/51`, charset);
      expect(
        report.cases.filter((c) => !c.ok).map((c) => ({ id: c.id, failures: c.failures })),
        textReport(report),
      ).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.passed).to.equal(8);
      expect(report.cases.every((c) => c.passedChecks > 0 && c.exchanges.length > 0)).to.equal(true);
    });
  }

  for (const [how, expected] of Object.entries(CAUGHT) as Array<[Breakage, (typeof CAUGHT)[Breakage]]>) {
    it(`catches a province that breaks "${how}" (${expected.caseId}, rule ${expected.rule})`, async () => {
      const broken = await listen(brokenProvince(mock.url, how));
      try {
        const report = await certify(`${broken.url}/province/51`, expected.charset, how === 'slow' ? 100 : 5000);
        expect(report.ok).to.equal(false);
        const failed = report.cases.find((c) => c.id === expected.caseId)!;
        expect(failed.ok, textReport(report)).to.equal(false);
        expect(failed.failures.map((f) => f.rule)).to.include(expected.rule);
      } finally {
        await close(broken.server);
      }
    });
  }

  it('reports a province that does not answer as failed cases, not as an error', async () => {
    const dead = await listen(() => undefined);
    await close(dead.server);
    const report = await certify(`${dead.url}/province/51`);
    expect(report.failed).to.equal(report.cases.length);
    expect(report.cases[0].failures.map((f) => f.rule)).to.include('answered');
  });

  describe('the report', () => {
    let report: CertificationReport;
    before(async () => {
      const broken = await listen(brokenProvince(mock.url, 'reverse-twice'));
      report = await certify(`${broken.url}/province/51`);
      await close(broken.server);
    });

    it('as JUnit XML: a testcase per case, a failure per broken rule', () => {
      const suites = parseXml(junitReport(report));
      expect(suites.local).to.equal('testsuites');
      const suite = suites.children[0];
      expect(suite.attrs.tests).to.equal(String(report.cases.length));
      expect(suite.attrs.failures).to.equal(String(report.failed));
      expect(suite.children.map((c) => c.local)).to.deep.equal(report.cases.map(() => 'testcase'));
      const failing = suite.children.filter((c) => c.children.length > 0);
      expect(failing.map((c) => c.attrs.name.split(':')[0])).to.deep.equal(report.cases.filter((c) => !c.ok).map((c) => c.id));
      expect(failing[0].children[0].attrs.type).to.equal('outcome');
    });

    it('as JSON and as text', () => {
      expect(JSON.parse(jsonReport(report))).to.deep.equal(JSON.parse(JSON.stringify(report)));
      const text = textReport(report);
      expect(text).to.match(/^FAIL {2}reverse\.twice/m);
      expect(text).to.match(/^PASS {2}pay\.resend/m);
      expect(text).to.contain(`${report.passed} passed, ${report.failed} failed`);
    });
  });
});
