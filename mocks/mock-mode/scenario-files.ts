/**
 * Scenarios loaded from files when the mocks start (MOCK_SCENARIOS: files or directories,
 * separated by commas; a directory's *.json files in name order). A file holds a scenario, an
 * array of them, or `{"scope": "name", "scenarios": [...]}` (without a scope: the default).
 * A file that does not parse or fit the schema stops the start, naming the file and field.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCOPE, isScopeName } from '../../src/journal/scope';
import { StartError } from '../../src/transport/ports';
import { MockMode } from './mock-mode';
import { Scenario } from './scenario';
import { scenariosProblems } from './scenario-check';

export function loadScenarioFiles(mode: MockMode, list: string | undefined): number {
  const files = (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap(filesOf);
  let loaded = 0;
  for (const file of files) {
    const { scope, scenarios } = scenariosIn(file);
    mode.scenarios.add(scope, scenarios);
    loaded += scenarios.length;
  }
  return loaded;
}

function filesOf(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new StartError(`MOCK_SCENARIOS: ${path} does not exist`);
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
}

function scenariosIn(file: string): { scope: string; scenarios: Scenario[] } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StartError(`MOCK_SCENARIOS: ${file} is not JSON: ${(error as Error).message}`);
  }
  const wrapped = data !== null && typeof data === 'object' && !Array.isArray(data) && 'scenarios' in data;
  const scope = wrapped ? (data as { scope?: unknown }).scope : DEFAULT_SCOPE;
  if (typeof scope !== 'string' || !isScopeName(scope))
    throw new StartError(`MOCK_SCENARIOS: ${file}: scope must be a scope name, not ${JSON.stringify(scope)}`);
  const body = wrapped ? (data as { scenarios: unknown }).scenarios : data;
  const problems = scenariosProblems(body);
  if (problems.length > 0) throw new StartError(`MOCK_SCENARIOS: ${file}: ${problems.map((p) => p.message).join('; ')}`);
  return { scope, scenarios: (Array.isArray(body) ? body : [body]) as Scenario[] };
}
