/**
 * The production entry point (dist/src/main.js) and everything it loads, followed through the
 * compiled require() calls: none of it is in mocks/ or test/, so the image can be built
 * without them; the mock provinces come in only through loadMockProvinces (by path, at run
 * time, when START_MOCKS asks).
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { loadMockProvinces, MOCKS_ENTRY } from '../../src/mock-provinces-module';
import { StartError } from '../../src/transport/ports';

const DIST = resolve(__dirname, '../..');
const MAIN = resolve(DIST, 'src/main.js');

/** Every project file a compiled module requires by a literal relative path, transitively. */
function loadedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = [resolve(dirname(file), `${spec}.js`), resolve(dirname(file), spec, 'index.js'), resolve(dirname(file), spec)].find(
        (f) => existsSync(f) && f.endsWith('.js'),
      );
      if (target) pending.push(target);
    }
  }
  return seen;
}

describe('architecture: the production entry point', () => {
  it('loads nothing from mocks/ or test/', () => {
    const files = [...loadedFrom(MAIN)].map((f) => relative(DIST, f));
    expect(files.length, 'modules followed').to.be.greaterThan(30);
    expect(files.filter((f) => !f.startsWith('src/'))).to.deep.equal([]);
  });

  it('the check itself sees what a module loads: the mocks entry loads mocks/', () => {
    const files = [...loadedFrom(MOCKS_ENTRY)].map((f) => relative(DIST, f));
    expect(files).to.include('mocks/province-billing/server.js');
  });

  it('finds the mock provinces by path when this build has them', () => {
    expect(loadMockProvinces().startMockProvinces).to.be.a('function');
  });

  it('says plainly when this build has no mock provinces', () => {
    expect(() => loadMockProvinces(resolve(DIST, 'mocks/none/entry.js'))).to.throw(StartError, /no mock provinces.*START_MOCKS=false/);
  });
});
