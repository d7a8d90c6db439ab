'use strict';
/**
 * Runs wrk pinned to the load generator's core with bench/wrk/soap-post.lua and returns the
 * figures its done() prints (BENCH_RESULT line), plus the per-core busy % of the run.
 */
const path = require('node:path');
const { startPinned, cpuTimes, busyPercent, procTicks } = require('./proc');

const LUA = path.resolve(__dirname, '../wrk/soap-post.lua');

/**
 * @param {object} o
 * @param {string} o.url
 * @param {string} o.bodyFile
 * @param {string} [o.soapAction]
 * @param {number} o.durationS
 * @param {number} o.connections
 * @param {number} [o.threads]
 * @param {number} o.core
 * @param {string} [o.unique]       TransIDO prefix: one TransIDO per request
 * @param {number} [o.expectStatus]
 * @param {string} [o.expectBody]
 * @param {number} [o.stopAfter]    responses per thread
 * @param {Record<string, number>} [o.pids] the bench's server processes (name → pid), for CPU accounting
 * @param {(secondsElapsed:number, responses:number)=>void} [o.onTick] called every second while
 *   running, with the responses counted so far (only with stopAfter: the Lua script reports them)
 *
 * CPU accounting: per-core busy % (/proc/stat); each named process's % of one core; wrk's
 * (it is this process's child, so once reaped its time shows in our cutime/cstime, with the
 * runner's own); and "foreign": whatever else ran on the machine meanwhile (e.g. another
 * engineer's test suite), = all busy time − ours. It is what tells a disturbed run.
 */
async function runWrk(o) {
  const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.durationS}s`, '--timeout', '10s', '--latency', '-s', LUA, o.url];
  const env = {
    BENCH_BODY_FILE: o.bodyFile,
    BENCH_SOAPACTION: o.soapAction ?? '',
    BENCH_UNIQUE: o.unique ?? '',
    BENCH_EXPECT_STATUS: o.expectStatus ? String(o.expectStatus) : '',
    BENCH_EXPECT_BODY: o.expectBody ?? '',
    BENCH_STOP_AFTER: o.stopAfter ? String(o.stopAfter) : '',
  };
  const pids = o.pids ?? {};
  const ticks = () => ({ self: procTicks(process.pid), ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, procTicks(pid).own])) });
  const before = cpuTimes();
  const t0 = ticks();
  const started = Date.now();
  const child = startPinned(o.core, 'wrk', args, { env, captureStdout: true, name: 'wrk' });
  // With stopAfter, the Lua script reports progress and its stop on stderr; wrk would then sleep
  // out its -d, so it gets SIGINT once every thread has stopped (it then reports as usual).
  const threads = o.threads ?? 1;
  const progress = new Map();
  const stopped = new Set();
  let partial = '';
  child.stderr.on('data', (d) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const m = /^BENCH_(PROGRESS|STOPPED) (\d+)(?: (\d+))?$/.exec(line);
      if (m?.[1] === 'PROGRESS') progress.set(m[2], Number(m[3]));
      else if (m) stopped.add(m[2]);
    }
    if (o.stopAfter && stopped.size >= threads) child.kill('SIGINT');
  });
  const responses = () => (o.stopAfter && stopped.size >= threads ? o.stopAfter * threads : [...progress.values()].reduce((a, b) => a + b, 0));
  const tick = o.onTick && setInterval(() => o.onTick((Date.now() - started) / 1000, responses()), 1000);
  const { code } = await child.exited;
  if (tick) clearInterval(tick);
  const after = cpuTimes();
  const t1 = ticks();
  const elapsedS = (Date.now() - started) / 1000;
  const cpu = busyPercent(before, after);
  const allBusy = Object.keys(after).reduce((sum, c) => sum + after[c].busy - before[c].busy, 0);
  const pct = (dTicks) => dTicks / elapsedS; // USER_HZ = 100 ticks/s: ticks per s = % of one core
  const procs = {};
  let ours = 0;
  for (const k of Object.keys(pids)) {
    const d = t1[k] - t0[k];
    procs[k] = pct(d);
    if (Number.isFinite(d)) ours += d;
  }
  const runnerAndWrk = t1.self.own + t1.self.children - t0.self.own - t0.self.children;
  procs['wrk+runner'] = pct(runnerAndWrk);
  ours += runnerAndWrk;
  const foreignPct = Math.max(0, pct(allBusy - ours));
  const line = /^BENCH_RESULT (.*)$/m.exec(child.stdoutText);
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${child.stdoutText}\n${child.stderrText}`);
  const r = JSON.parse(line[1]);
  const seconds = r.durationUs / 1e6;
  return {
    requests: r.requests,
    seconds,
    rps: r.requests / seconds,
    p50Ms: r.latencyUs.p50 / 1000,
    p90Ms: r.latencyUs.p90 / 1000,
    p99Ms: r.latencyUs.p99 / 1000,
    maxMs: r.latencyUs.max / 1000,
    errors: r.errors,
    socketErrors: r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout,
    non2xx: r.errors.status,
    checked: r.checked,
    bad: r.bad,
    badKinds: r.badKinds, // "status/RspCode=count ..."
    firstBad: r.firstBad,
    cpuBusy: cpu,
    procCpu: procs,
    foreignPct,
    raw: child.stdoutText,
  };
}

module.exports = { runWrk };
