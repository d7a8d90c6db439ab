/**
 * The mutation score per money-critical file, as docs/TESTING.md records it: read from
 * Stryker's JSON report, written as a table between two markers, read back by the check that
 * the figures were measured on the files as they are now. Each row carries a short hash of the
 * source Stryker mutated, so a money path that changes after its figure was taken is noticed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const TESTING_DOC = path.join(ROOT, 'docs/TESTING.md');
export const REPORT = path.join(ROOT, 'reports/mutation/mutation.json');
const BEGIN = '<!-- mutation-scores:begin -->';
const END = '<!-- mutation-scores:end -->';

export interface FileScore {
  file: string;
  /** Killed (a test failed, or it timed out: a mutant that hangs the tests is noticed) over all that ran or had no test. */
  score: number;
  killed: number;
  survived: number;
  noCoverage: number;
  /** Mutants left out of the score: static ones with --ignoreStatic, compile errors. */
  excluded: number;
  hash: string;
}

type ReportFile = { source: string; mutants: ReadonlyArray<{ status: string }> };

export function moneyPaths(): string[] {
  return JSON.parse(readFileSync(path.join(ROOT, 'test/mutation/money-paths.json'), 'utf8')) as string[];
}

export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 12);
}

export function scoreOf(file: string, reported: ReportFile): FileScore {
  const count = (...statuses: string[]) => reported.mutants.filter((m) => statuses.includes(m.status)).length;
  const killed = count('Killed', 'Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const counted = killed + survived + noCoverage;
  return {
    file,
    score: counted === 0 ? 100 : Math.floor((1000 * killed) / counted) / 10,
    killed,
    survived,
    noCoverage,
    excluded: reported.mutants.length - counted,
    hash: sourceHash(reported.source),
  };
}

/** The scores of the money-critical files in a Stryker JSON report (files it did not mutate are absent). */
export function scoresOfReport(report: { files: Record<string, ReportFile> }): FileScore[] {
  return Object.entries(report.files).map(([file, reported]) => scoreOf(file, reported));
}

export function renderTable(scores: readonly FileScore[]): string {
  const rows = scores.map((s) => `| \`${s.file}\` | ${s.score.toFixed(1)}% | ${s.killed} | ${s.survived} | ${s.noCoverage} | ${s.excluded} | \`${s.hash}\` |`);
  return [BEGIN, '| file | score | killed | survived | no test | left out | source |', '|---|---|---|---|---|---|---|', ...rows, END].join('\n');
}

export function parseTable(doc: string): FileScore[] {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return [];
  const row = /^\| `([^`]+)` \| ([\d.]+)% \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| `([0-9a-f]+)` \|$/;
  return doc
    .slice(start, end)
    .split('\n')
    .map((line) => row.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[1], score: Number(m[2]), killed: +m[3], survived: +m[4], noCoverage: +m[5], excluded: +m[6], hash: m[7] }));
}

/** The document with its table holding `scores` for the files they name and the rows it had for the others. */
export function withScores(doc: string, scores: readonly FileScore[]): string {
  const byFile = new Map(parseTable(doc).map((s) => [s.file, s]));
  for (const s of scores) byFile.set(s.file, s);
  const order = moneyPaths();
  const rows = [...byFile.values()].filter((s) => order.includes(s.file)).sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${TESTING_DOC} has no ${BEGIN} … ${END} section for the scores`);
  return doc.slice(0, start) + renderTable(rows) + doc.slice(end + END.length);
}
