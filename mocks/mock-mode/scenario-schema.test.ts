/**
 * Scenarios are checked against the published schema with every problem named by its field,
 * and the examples docs/MOCK-MODE.md gives are valid (so the documentation cannot drift).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAGIC_OUTCOMES } from './magic-numbers';
import { scenariosProblems } from './scenario-check';

const fields = (body: unknown) => scenariosProblems(body).map((p) => p.field);

describe('mock mode: the scenario format', () => {
  it('takes every example of docs/MOCK-MODE.md', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/MOCK-MODE.md'), 'utf8');
    const examples = [...doc.matchAll(/```json scenario\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    expect(examples.length).to.be.greaterThan(4);
    for (const example of examples) expect(scenariosProblems(example), JSON.stringify(example)).to.deep.equal([]);
  });

  it('names the field at fault, also inside an array and inside an action of a sequence', () => {
    expect(fields({ action: { kind: 'empty' } })).to.deep.equal(['name']);
    expect(fields({ name: 'x', action: { kind: 'explode' } })).to.deep.equal(['action.kind']);
    expect(fields({ name: 'x', match: { colour: 'red' }, action: { kind: 'empty' } })).to.deep.equal(['match.colour']);
    expect(fields({ name: 'x', action: { kind: 'rspCode', rspCode: '12' } })).to.deep.equal(['action.rspCode']);
    expect(fields({ name: 'x', action: { kind: 'rspCode' } })).to.deep.equal(['action.rspCode']);
    expect(fields({ name: 'x', action: { kind: 'timeout', delay: { fixedMs: 1 } } })).to.deep.equal(['action.delay']);
    expect(
      fields([
        { name: 'ok', action: { kind: 'empty' } },
        { name: 'y', steps: [{ times: 0, action: { kind: 'empty' } }] },
      ]),
    ).to.deep.equal(['[1].steps[0].times']);
    expect(fields({ name: 'x', match: { serviceNumber: { prefix: 5 } }, action: { kind: 'empty' } })).to.deep.equal(['match.serviceNumber.prefix']);
  });

  it('refuses what a schema cannot say: a pattern that is no regular expression, a uniform delay whose min is above its max', () => {
    expect(fields({ name: 'x', match: { serviceNumber: { pattern: '(' } }, action: { kind: 'empty' } })).to.deep.equal(['match.serviceNumber.pattern']);
    expect(fields({ name: 'x', match: { body: [{ path: 'A', value: { pattern: '[' } }] }, action: { kind: 'empty' } })).to.deep.equal([
      'match.body[0].value.pattern',
    ]);
    expect(fields({ name: 'x', action: { kind: 'passThrough', delay: { uniformMs: { min: 5, max: 1 } } } })).to.deep.equal(['action.delay.uniformMs']);
  });

  it('wants exactly one of action and steps', () => {
    expect(scenariosProblems({ name: 'x' })).to.have.length.greaterThan(0);
    expect(scenariosProblems({ name: 'x', action: { kind: 'empty' }, steps: [{ action: { kind: 'empty' } }] })).to.have.length.greaterThan(0);
    expect(scenariosProblems([])).to.deep.equal([{ field: 'body', message: 'the array holds no scenario' }]);
  });
});

describe('mock mode: the magic numbers as documented', () => {
  it('docs/MOCK-MODE.md lists exactly the built-in ones', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/MOCK-MODE.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `…(\d{4})` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).to.deep.equal(MAGIC_OUTCOMES.map(([digits, what]) => [digits, what]));
  });
});
