/**
 * `npm run mutate:record`: after `npm run mutate`, writes each mutated money-critical file's
 * score into docs/TESTING.md (the table between the mutation-scores markers) and prints it.
 * A narrowed run (MUTATE=…) updates only the rows of the files it mutated. Another report
 * may be named: `npm run mutate:record -- path/to/mutation.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { moneyPaths, parseTable, REPORT, renderTable, scoresOfReport, TESTING_DOC, withScores } from './scores';

const report = JSON.parse(readFileSync(process.argv[2] ?? REPORT, 'utf8'));
const money = moneyPaths();
const scores = scoresOfReport(report).filter((s) => money.includes(s.file));
const doc = withScores(readFileSync(TESTING_DOC, 'utf8'), scores);
writeFileSync(TESTING_DOC, doc);
console.log(renderTable(parseTable(doc)));
