'use strict';
/**
 * Child processes for the bench: spawned pinned to one core with `taskset -c`, tracked so
 * that every one of them is stopped when the bench ends (normally, on error or on SIGINT).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');

const children = new Set();

/** Starts `command args` on `core`; stdout is discarded unless `captureStdout`. */
function startPinned(core, command, args, { env = {}, captureStdout = false, name = command } = {}) {
  const child = spawn('taskset', ['-c', String(core), command, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  child.benchName = name;
  child.stdoutText = '';
  child.stderrText = '';
  child.stdout?.on('data', (d) => {
    child.stdoutText = (child.stdoutText + d).slice(-65536);
  });
  child.stderr.on('data', (d) => {
    child.stderrText = (child.stderrText + d).slice(-65536);
  });
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child; // taskset execs the command: child.pid is the node/wrk process itself
}

/** Starts a Node script on `core` (NODE_ENV=production, as the Dockerfile runs it). */
function startNode(core, script, { env = {}, nodeArgs = [], captureStdout = false, name = script } = {}) {
  return startPinned(core, process.execPath, [...nodeArgs, script], { env: { NODE_ENV: 'production', ...env }, captureStdout, name });
}

async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

async function stopAll() {
  await Promise.all([...children].map((c) => stop(c, 2000)));
}

function killAllNow() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when 127.0.0.1:port accepts a TCP connection; rejects if `child` dies or on timeout. */
/**
 * Waits until the server answers HTTP on the port (any status). A bare TCP connect is not
 * enough: the gateway binds its ports for a moment at start to check they are free
 * (transport/ports.ts), and a connect landing then is accepted by a socket that never answers.
 */
async function waitForPort(port, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${child.benchName} exited (${child.exitCode ?? child.signalCode}) before listening:\n${child.stderrText.slice(-2000)}`);
    }
    const ok = await new Promise((resolve) => {
      const req = http.get({ port, host: '127.0.0.1', path: '/health', agent: false, timeout: 500 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${child?.benchName ?? 'server'} not listening on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** VmRSS and VmHWM (peak RSS) of a live process, in MB. */
function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) || [])[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** Busy and total jiffies per CPU, from /proc/stat. */
function cpuTimes() {
  const out = {};
  for (const line of fs.readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2].trim().split(/\s+/).map(Number);
    const idle = v[3] + (v[4] || 0); // idle + iowait
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is already in user)
    out[m[1]] = { busy: total - idle, total };
  }
  return out;
}

/** Per-core busy % between two cpuTimes() snapshots. */
function busyPercent(before, after) {
  const out = {};
  for (const cpu of Object.keys(after)) {
    const dt = after[cpu].total - before[cpu].total;
    out[cpu] = dt > 0 ? (100 * (after[cpu].busy - before[cpu].busy)) / dt : NaN;
  }
  return out;
}

/** CPU ticks (USER_HZ, as /proc/stat) of a process: own, and of its reaped children. */
function procTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return { own: NaN, children: NaN };
  }
}

module.exports = { procTicks, startPinned, startNode, stop, stopAll, killAllNow, freePort, waitForPort, memory, cpuTimes, busyPercent, children };
