#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by
 * file/module, and inclusive time by module ("anywhere in the stack").
 *
 *   node bench/profile-summary.js <file.cpuprofile> [--from-ms N] [--top N] [--markdown]
 *
 * --from-ms skips the samples of the first N ms of the profile (start-up and warm-up).
 * Percentages are of the non-idle samples in the window.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Where a frame's code lives, coarsely: a project file, an npm package, Node itself, or V8. */
function moduleOf(url, functionName) {
  if (!url) {
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program: native, not JS)';
    if (functionName === '(idle)') return '(idle)';
    return '(native / V8 builtins)';
  }
  // The only WebAssembly in this process is undici's HTTP parser.
  if (url.startsWith('wasm://')) return "wasm (llhttp: undici's HTTP response parser)";
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith('node:')) return `node:${u.slice(5).split('/').slice(0, 2).join('/')}`;
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = u.slice(nm + 14).split('/');
    return `npm:${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (u.startsWith(root)) u = path.relative(root, u);
  return u.replace(/^dist\//, '');
}

/** Project files grouped by layer (src/xml, src/contract, ...), everything else as moduleOf. */
function layerOf(mod) {
  const m = /^(src|mocks)\/([^/]+)\//.exec(mod);
  if (m) return `${m[1]}/${m[2]}`;
  return mod.startsWith('node:') ? 'node: (core modules)' : mod;
}

function summarise(file, { fromMs = 0, top = 25 } = {}) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const fnKey = (n) => {
    const cf = n.callFrame;
    const mod = moduleOf(cf.url, cf.functionName);
    const name = cf.functionName || '(anonymous)';
    return { key: `${name} ${mod}${cf.url ? `:${cf.lineNumber + 1}` : ''}`, mod, name };
  };

  const selfFn = new Map();
  const callers = new Map(); // function key → Map(caller chain → us): who calls the hot functions
  const selfMod = new Map();
  const selfLayer = new Map();
  const inclMod = new Map();
  const inclFn = new Map();
  let t = 0;
  let totalUs = 0;
  let idleUs = 0;
  let windowUs = 0;
  const add = (map, k, us) => map.set(k, (map.get(k) ?? 0) + us);

  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    // A sample's weight is the interval up to the next sample.
    const us = Math.max(0, prof.timeDeltas[i + 1] ?? dt);
    if (t / 1000 < fromMs) continue;
    windowUs += us;
    const node = byId.get(prof.samples[i]);
    const { key, mod } = fnKey(node);
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    totalUs += us;
    add(selfFn, key, us);
    // The caller, then the nearest two frames above it in project or npm code (Node's own
    // frames and V8 builtins skipped), so that e.g. a socket write names who wrote.
    const chain = [];
    for (let id = parent.get(node.id); id !== undefined && chain.length < 3; id = parent.get(id)) {
      const f = fnKey(byId.get(id));
      if (f.name === '(root)') break;
      if (f.key === key || chain.includes(f.key)) continue;
      const userland = !f.mod.startsWith('node:') && !f.mod.startsWith('(');
      if (chain.length === 0 || userland) chain.push(f.key);
    }
    if (!callers.has(key)) callers.set(key, new Map());
    add(callers.get(key), chain.join(' ← ') || '(none)', us);
    add(selfMod, mod, us);
    add(selfLayer, layerOf(mod), us);
    const mods = new Set();
    const fns = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const f = fnKey(byId.get(id));
      if (f.name === '(root)') continue;
      mods.add(layerOf(f.mod));
      fns.add(f.key);
    }
    for (const m of mods) add(inclMod, m, us);
    for (const f of fns) add(inclFn, f, us);
  }

  const rank = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => ({ name: k, ms: us / 1000, pct: (100 * us) / totalUs }));
  const project = (k) => /\s(src|mocks)\//.test(k);
  return {
    file,
    windowMs: windowUs / 1000,
    busyMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    selfByFunction: rank(selfFn, top),
    selfByModule: rank(selfMod, top),
    selfByLayer: rank(selfLayer, top),
    inclusiveByLayer: rank(inclMod, top),
    inclusiveProjectFunctions: rank(new Map([...inclFn].filter(([k]) => project(k))), top),
    // For the top functions by self time: their callers, as a share of the function's own time.
    callersOfTop: rank(selfFn, 8)
      .filter((r) => r.name !== '(garbage collector) (garbage collector)' && !r.name.startsWith('(program)'))
      .map((r) => ({
        name: r.name,
        callers: [...callers.get(r.name).entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([c, us]) => ({ chain: c, pct: (100 * us) / (r.ms * 1000) })),
      })),
  };
}

function table(rows, head) {
  const lines = [`| ${head} | ms | % of busy |`, '|---|---:|---:|'];
  for (const r of rows) lines.push(`| \`${r.name.replace(/\|/g, '\\|')}\` | ${r.ms.toFixed(0)} | ${r.pct.toFixed(1)} |`);
  return lines.join('\n');
}

function toMarkdown(s, { topFunctions = 25, topModules = 20 } = {}) {
  return [
    `Window: ${(s.windowMs / 1000).toFixed(1)} s of the profile, ${(s.busyMs / 1000).toFixed(1)} s busy on the gateway's thread, ${(s.idleMs / 1000).toFixed(1)} s idle.`,
    '',
    '**Self time by layer / package** (project code by `src/<layer>`, npm packages by name, `node:` = Node core JS):',
    '',
    table(s.selfByLayer.slice(0, topModules), 'where'),
    '',
    '**Inclusive time by layer / package** (a sample counts for every layer on its stack, so the column does not add up; a callback counts under whatever frame invoked it, e.g. everything runs under `node:` event and stream callbacks):',
    '',
    table(s.inclusiveByLayer.slice(0, topModules), 'where'),
    '',
    `**Top ${topFunctions} functions by self time**${s.selfByFunction.some((r) => r.name.includes('npm:fast-xml-parser')) ? " (fast-xml-parser's CommonJS build, lib/fxp.cjs, is minified: its one-letter names are its parser internals)" : ''}:`,
    '',
    table(s.selfByFunction.slice(0, topFunctions), 'function  file:line'),
    '',
    "**Who calls the hottest functions** (the caller, then the nearest two frames above it in project or npm code; share of that function's self time):",
    '',
    ...s.callersOfTop.flatMap((f) => [`- \`${f.name}\``, ...f.callers.map((c) => `  - ${c.pct.toFixed(0)}% ← \`${c.chain}\``)]),
    '',
    '**Project functions by inclusive time** (the function and everything it calls):',
    '',
    table(s.inclusiveProjectFunctions.slice(0, 20), 'function  file:line'),
    '',
    '**Self time by file / package:**',
    '',
    table(s.selfByModule.slice(0, topModules), 'file or package'),
  ].join('\n');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) {
    console.error('usage: node bench/profile-summary.js <file.cpuprofile> [--from-ms N] [--top N] [--markdown]');
    process.exit(2);
  }
  const opt = (name, d) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : d;
  };
  const s = summarise(file, { fromMs: opt('--from-ms', 0), top: opt('--top', 25) });
  if (argv.includes('--markdown')) console.log(toMarkdown(s));
  else {
    const show = (title, rows) => {
      console.log(`\n${title}`);
      for (const r of rows) console.log(`${r.pct.toFixed(1).padStart(6)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
    };
    console.log(`window ${(s.windowMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s, idle ${(s.idleMs / 1000).toFixed(1)} s`);
    show('self time by layer / package', s.selfByLayer);
    show('inclusive time by layer / package', s.inclusiveByLayer);
    show('self time by function', s.selfByFunction);
    show('project functions, inclusive', s.inclusiveProjectFunctions);
    console.log('\ncallers of the hottest functions');
    for (const f of s.callersOfTop) {
      console.log(`  ${f.name}`);
      for (const c of f.callers) console.log(`    ${c.pct.toFixed(0).padStart(3)}%  ← ${c.chain}`);
    }
  }
}

module.exports = { summarise, toMarkdown };
