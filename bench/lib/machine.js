'use strict';
/** What the figures were measured on: machine, versions, commit, date. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

function pkgVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
  }
}

function describeMachine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = (/^model name\s*:\s*(.*)$/m.exec(cpuinfo) || [])[1] ?? os.cpus()[0]?.model ?? '?';
  const mhz = (/^cpu MHz\s*:\s*(.*)$/m.exec(cpuinfo) || [])[1];
  const memKb = Number((/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8')) || [])[1]);
  // --no-optional-locks: git status must not even refresh the index (read-only here).
  const commit = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']).length > 0;
  return {
    date: new Date().toISOString(),
    nproc: Number(run('nproc', ['--all'])) || os.cpus().length, // --all: the runner pins itself to one core
    cpuModel: model + (mhz ? ` (${Math.round(Number(mhz))} MHz)` : ''),
    memGb: memKb / 1024 / 1024,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk: (run('wrk', ['-v']).split('\n')[0] || '?').replace(/\s+Copyright.*$/, ''),
    packages: Object.fromEntries(['soap', 'express', 'fast-xml-parser', 'undici', 'winston', 'mongoose'].map((p) => [p, pkgVersion(p)])),
    commit: `${commit}${dirty ? ' + uncommitted changes' : ''}`,
  };
}

module.exports = { describeMachine, root };
