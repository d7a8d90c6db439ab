'use strict';
/**
 * docs/BENCHMARKS.md: the bench rewrites only the regions between its markers
 * (<!-- bench:NAME:start --> ... <!-- bench:NAME:end -->); everything else in the file,
 * such as "Changes and what they bought", is kept as written.
 */
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./machine');

const DOC = path.join(root, 'docs/BENCHMARKS.md');

function replaceRegion(name, content, headingIfMissing) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${content.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) doc = doc.slice(0, i) + block + doc.slice(j + end.length);
  else doc = `${doc.trimEnd()}\n\n## ${headingIfMissing}\n\n${block}\n`;
  fs.writeFileSync(DOC, doc);
  return DOC;
}

const f0 = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');

function machineLines(m, mode) {
  return [
    `- Date: ${m.date}; commit ${m.commit}`,
    `- Machine: ${m.nproc} cores, ${m.cpuModel}, ${m.memGb.toFixed(1)} GB RAM, ${m.kernel}`,
    `- Versions: Node ${m.node}; ${m.wrk}; ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    mode && `- Mode: ${mode}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Why a figure may not be the server's own: a disturbed run, or core 1 saturated. */
function warnings(s) {
  const p = s.wrk.procCpu;
  const out = [];
  if (s.wrk.foreignPct > 10) out.push(`⚠ disturbed (${f0(s.wrk.foreignPct)}% of a core used by other processes)`);
  const core1 = (p.mock ?? 0) * (s.kind === 'mock' ? 0 : 1) + (p.mongodb ?? 0) + (p['wrk+runner'] ?? 0);
  const server = s.kind === 'mock' ? p.mock : p[Object.keys(p).find((k) => !['mock', 'mongodb', 'wrk+runner'].includes(k))];
  if (core1 >= 85 && server < 90) out.push(`⚠ core 1 saturated (${f0(core1)}%) and the server at ${f0(server)}%: a floor, not the server's ceiling`);
  return out;
}

/** CPU columns of a scenario, as % of one core. */
function cpuOf(s) {
  const p = s.wrk.procCpu;
  const serverKey = Object.keys(p).find((k) => k !== 'mock' && k !== 'mongodb' && k !== 'wrk+runner');
  const helpers = [p.mock, p.mongodb].filter((x) => x !== undefined);
  const serverIsMock = serverKey === undefined; // single hop: the mock is the server
  return {
    server: `${f0(serverIsMock ? p.mock : p[serverKey])}%`,
    helpers: serverIsMock || !helpers.length ? '–' : helpers.map((x) => `${f0(x)}%`).join(' / '),
    wrk: `${f0(p['wrk+runner'])}%`,
    other: `${f0(s.wrk.foreignPct)}%`,
  };
}

function resultsMarkdown(run) {
  const rows = run.scenarios.map((s) => {
    if (s.skipped) return `| ${s.title} | ${s.skipped} | | | | | | | | | |`;
    const w = s.wrk;
    const checks = [];
    if (w.bad) checks.push(`**${w.bad} unexpected** (HTTP status/RspCode=count: ${w.badKinds})`);
    if (w.socketErrors) checks.push(`**${w.socketErrors} socket errors**`);
    if (!s.expectFault && w.non2xx) checks.push(`**${w.non2xx} non-2xx**`);
    const checked = [checks.length ? checks.join(', ') : w.checked ? `all ${f0(w.checked)} as expected` : 'status only', ...warnings(s)].join('; ');
    const c = cpuOf(s);
    return `| ${s.title} | ${f0(w.rps)} | ${f2(w.p50Ms)} | ${f2(w.p99Ms)} | ${f1(w.maxMs)} | ${f0(s.peakRssMb)} | ${c.server} | ${c.helpers} | ${c.wrk} | ${c.other} | ${checked} |`;
  });
  const targets = run.targets.map((t) => `| ${t.name} | ${t.measured} | ${t.threshold} | ${t.pass === undefined ? 'n/a' : t.pass ? 'PASS' : '**FAIL**'} |`);
  return [
    machineLines(run.machine, run.mode),
    '',
    '| Scenario | req/s | p50 ms | p99 ms | max ms | peak RSS MB | server CPU | mock / db CPU | wrk CPU | other CPU | responses checked |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    'Peak RSS is VmHWM of the server under test (the mock province for "single hop", the gateway otherwise) at the end of its measured run, warm-up included.',
    'CPU columns: % of one core during the measured run, from /proc (server = the process on core 0; mock / db = mock provinces and MongoDB on core 1; wrk includes the idle bench runner; other = everything else on the machine, e.g. a test suite run meanwhile: a run with more than 10% is repeated, up to 3 times, and the least disturbed kept; rows still above 10% are marked ⚠).',
    '',
    '| Target (issue) | Measured | Threshold | Result |',
    '|---|---|---|---|',
    ...targets,
    '',
    `Cold start (\`node dist/src/main.js\`, gateway only, START_MOCKS=false, pinned to core 0; spawn → port accepting): ${run.coldStart.runs.map((r) => `${f0(r.ms)}`).join(', ')} ms; median **${f0(run.coldStart.medianMs)} ms** (the gateway's own startupMs log: median ${f0(run.coldStart.medianStartupMs)} ms).`,
    ...(run.roundTrips
      ? [
          '',
          `Database round trips per payment (MongoDB, ${run.roundTrips.n} payments one at a time through a proxy counting the driver's requests, background taken off): **${run.roundTrips.total}** (${Object.entries(
            run.roundTrips.perPayment,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}); ${f2(run.roundTrips.msPerPayment)} ms per payment one at a time.`,
        ]
      : []),
    '',
    `The issue's reference figures for this machine kind (not from this run): bare node:http ≈ 49,000 req/s, plain node-soap ≈ 4,600, node:http + fast-xml-parser ≈ 9,400. This run: ${run.references}.`,
  ].join('\n');
}

module.exports = { warnings, cpuOf, replaceRegion, resultsMarkdown, machineLines, DOC, f0, f1, f2 };
