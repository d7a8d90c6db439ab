/**
 * A certification report three ways: text for a person, JUnit XML for a partner's CI (one
 * testcase per case, one failure per broken rule), JSON for scripts.
 */
import { RULES } from './rules';
import { CertificationReport } from './run';

export function textReport(report: CertificationReport): string {
  const t = report.target;
  const lines = [`Certification of ${t.baseUrl} (province ${t.province}, number ${t.serviceNumber}, ${t.charset})`, ''];
  for (const c of report.cases) {
    lines.push(`${c.ok ? 'PASS' : 'FAIL'}  ${c.id.padEnd(18)} ${c.title} (${Math.round(c.durationMs)} ms)`);
    for (const f of c.failures) lines.push(`        ${f.rule}: ${f.message}`, `          rule: ${RULES[f.rule]}`);
  }
  lines.push('', `${report.passed} passed, ${report.failed} failed, ${Math.round(report.durationMs)} ms`);
  return lines.join('\n') + '\n';
}

export function junitReport(report: CertificationReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const name = `ucrm certification province ${report.target.province}`;
  const cases = report.cases.map((c) => {
    const failures = c.failures
      .map((f) => `<failure type="${esc(f.rule)}" message="${esc(f.message)}">${esc(`${RULES[f.rule]}\n${f.message}`)}</failure>`)
      .join('');
    return `  <testcase classname="ucrm.certification.${esc(c.interfaceNumber)}" name="${esc(`${c.id}: ${c.title}`)}" time="${seconds(c.durationMs)}">${failures}</testcase>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${esc(name)}" tests="${report.cases.length}" failures="${report.failed}" errors="0" time="${seconds(report.durationMs)}">\n` +
    ` <testsuite name="${esc(name)}" tests="${report.cases.length}" failures="${report.failed}" errors="0" skipped="0" time="${seconds(report.durationMs)}" timestamp="${report.startedAt.slice(0, 19)}">\n` +
    `${cases.join('\n')}\n </testsuite>\n</testsuites>\n`
  );
}

export function jsonReport(report: CertificationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
