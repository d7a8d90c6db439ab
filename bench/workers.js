'use strict';
/**
 * `npm run bench -- --workers`: two-hop 4.2.1 throughput of the gateway with WORKERS=1 and
 * WORKERS=2 (node:cluster), the mock provinces and wrk on the same two cores.
 *
 * Nothing is pinned here, unlike the other scenarios: two workers need both cores, so the
 * load generator and the mock provinces compete with them for the same two cores, and the
 * one-worker run is measured the same way so the two differ only in WORKERS. That is the
 * caveat the figures carry: on a host of its own, with the load coming from elsewhere, a
 * second worker gets a whole core; here it gets what wrk and the mocks leave.
 */
const http = require('node:http');
const { spawnSync } = require('node:child_process');
const proc = require('./lib/proc');
const { runWrk } = require('./lib/wrk');
const report = require('./lib/report');

const ALL_CORES = '0-1';
// What `npm start` gives a process on a machine with more than one CPU.
const NODE_ARGS = ['--max-old-space-size=128'];

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, timeout: 5000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      })
      .on('error', reject);
  });
}

/** The primary's workers (its children), for the CPU accounting: a worker not named would count as "other". */
function childrenOf(pid) {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}

/** Until /metrics shows every worker (the port answers as soon as the first one listens). */
async function waitForWorkers(port, workers, child) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await get(`http://127.0.0.1:${port}/metrics`).then(
      (r) => r.text,
      () => '',
    );
    const seen = new Set([...text.matchAll(/ucrm_instance="(\w+)"/g)].map((m) => m[1]));
    if (workers === 1 ? text.includes('ucrm_') : seen.size >= workers) return;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`gateway with WORKERS=${workers} did not start:\n${child.stderrText.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function measure(workers, h) {
  const { O, startMock, waitQuiet, fixture, ACTION, MAIN, FOREIGN_LIMIT, log } = h;
  const started = [];
  try {
    const mock = await startMock(ALL_CORES);
    started.push(mock.child);
    const port = await proc.freePort();
    const child = proc.startNode(ALL_CORES, MAIN, {
      nodeArgs: NODE_ARGS,
      name: `gateway-${workers}w`,
      env: {
        HOST: '127.0.0.1',
        PORT: String(port),
        START_MOCKS: 'false',
        LOG_LEVEL: O.logLevel,
        PROVINCE_URL_TEMPLATE: `http://127.0.0.1:${mock.port}/province/{code}`,
        MONGODB_URI: '',
        WORKERS: String(workers),
      },
    });
    started.push(child);
    await proc.waitForPort(port, child);
    await waitForWorkers(port, workers, child);
    const pids = { gateway: child.pid, mock: mock.child.pid };
    childrenOf(child.pid).forEach((pid, k) => (pids[`worker${k + 1}`] = pid));
    const wrkOpts = {
      url: `http://127.0.0.1:${port}/ucrm/4.2.1`,
      pids,
      bodyFile: fixture('4.2.1/ok.request.xml'),
      soapAction: ACTION('QueryRemoteAccount'),
      connections: O.connections,
      core: ALL_CORES,
      expectStatus: 200,
      expectBody: 'RspCode>0000<',
    };
    await waitQuiet(20);
    if (O.warmupS > 0) await runWrk({ ...wrkOpts, durationS: O.warmupS });
    let best;
    for (let attempt = 0; attempt <= Math.min(O.retries, 1); attempt++) {
      const run = await runWrk({ ...wrkOpts, durationS: O.durationS });
      if (!best || run.foreignPct < best.foreignPct) best = run;
      if (run.foreignPct <= FOREIGN_LIMIT) break;
      log(`  disturbed: ${Math.round(run.foreignPct)}% of a core used by other processes (${Math.round(run.rps)} req/s)`);
    }
    const gatewayCpu = Object.entries(best.procCpu)
      .filter(([k]) => k === 'gateway' || k.startsWith('worker'))
      .reduce((sum, [, v]) => sum + v, 0);
    return { workers, wrk: best, gatewayCpu, mockCpu: best.procCpu.mock };
  } finally {
    for (const c of started.reverse()) await proc.stop(c);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs WORKERS=1 and WORKERS=2 in turn, --rounds N times (default 2): on a shared machine
 * the load of others drifts, and alternating keeps the drift from favouring one side.
 * Prints them and (with --write) puts them in docs/BENCHMARKS.md.
 */
async function workersMode(machine, h) {
  const { O, log, saveRaw } = h;
  const i = process.argv.indexOf('--rounds');
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const results = [];
  for (let round = 1; round <= rounds; round++) {
    for (const workers of [1, 2]) {
      log(`\n▶ two hops, WORKERS=${workers} (round ${round}/${rounds}) — ${O.warmupS}s warm-up + ${O.durationS}s, -c${O.connections}, nothing pinned`);
      const r = { ...(await measure(workers, h)), round };
      const w = r.wrk;
      log(
        `  ${Math.round(w.rps)} req/s, p50 ${w.p50Ms.toFixed(2)} ms, p99 ${w.p99Ms.toFixed(2)} ms; CPU (% of a core): gateway ${Math.round(r.gatewayCpu)}%, mock ${Math.round(r.mockCpu)}%, wrk+runner ${Math.round(w.procCpu['wrk+runner'])}%, other ${Math.round(w.foreignPct)}%; unexpected ${w.bad}`,
      );
      results.push(r);
    }
  }
  const rpsOf = (n) => median(results.filter((r) => r.workers === n).map((r) => r.wrk.rps));
  const ratio = rpsOf(2) / rpsOf(1);
  log(`\n  WORKERS=2 ÷ WORKERS=1 (medians over ${rounds} rounds): ${ratio.toFixed(2)}×`);
  const row = (r) =>
    `| ${r.round} | ${r.workers} | ${Math.round(r.wrk.rps).toLocaleString('en-US')} | ${r.wrk.p50Ms.toFixed(2)} | ${r.wrk.p99Ms.toFixed(2)} | ${Math.round(r.gatewayCpu)}% | ${Math.round(r.mockCpu)}% | ${Math.round(r.wrk.procCpu['wrk+runner'])}% | ${Math.round(r.wrk.foreignPct)}%${r.wrk.foreignPct > h.FOREIGN_LIMIT ? ' ⚠' : ''} | ${r.wrk.bad === 0 ? `all ${r.wrk.requests.toLocaleString('en-US')} as expected` : `${r.wrk.bad} unexpected`} |`;
  const md = [
    report.machineLines(
      machine,
      `workers; wrk -t1 -c${O.connections} keep-alive, ${O.warmupS} s warm-up + ${O.durationS} s measured, ${rounds} rounds alternating; two-hop 4.2.1, memory store, LOG_LEVEL=${O.logLevel}; gateway, mock provinces and wrk all on both cores (nothing pinned); gateway node flags ${NODE_ARGS.join(' ')}`,
    ),
    '',
    '| round | WORKERS | req/s | p50 ms | p99 ms | gateway CPU (all workers) | mock CPU | wrk CPU | other CPU | responses checked |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(row),
    '',
    `Medians: WORKERS=1 ${Math.round(rpsOf(1)).toLocaleString('en-US')} req/s, WORKERS=2 ${Math.round(rpsOf(2)).toLocaleString('en-US')} req/s; WORKERS=2 ÷ WORKERS=1: **${ratio.toFixed(2)}×**. CPU: % of one core; "other" is everyone else on the machine (⚠ above ${h.FOREIGN_LIMIT}%).`,
  ].join('\n');
  saveRaw('workers', { machine, results });
  if (O.write) log(`\nwrote ${report.replaceRegion('workers', md, 'WORKERS=2 against one worker (same machine)')}`);
}

module.exports = { workersMode };
