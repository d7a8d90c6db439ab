/**
 * Whether a request matches a scenario, criterion by criterion, so that a miss can say which
 * criterion failed (the journal's near misses). Body fields are found in the request's element
 * tree by local names (`{uri}local` to require a namespace): prefixes and default namespaces
 * of the request never decide a match.
 */
import { NearMiss } from '../../src/journal/scope';
import { XmlElement } from '../../src/xml/xml-tree';
import { BodyFieldMatcher, ScenarioMatch, StateKey, StoredScenario, TextMatcher } from './scenario';

/** What a scenario is matched against: one request to a mock province. */
export interface MatchInput {
  interfaceNumber: string;
  operation: string;
  province: string;
  head: Readonly<Record<string, unknown>>;
  /** The operation element of the request body. */
  bodyElement: XmlElement | undefined;
  serviceNumber: string | undefined;
}

export type MatchOutcome = { matched: true; reason: string } | { matched: false; miss: NearMiss };

interface Criterion {
  name: string;
  expected: string;
  holds(input: MatchInput): { holds: boolean; actual?: string };
}

/** Compiled once per scenario (patterns included) and kept with it. */
const compiled = new WeakMap<StoredScenario, Criterion[]>();

export function matchScenario(scenario: StoredScenario, input: MatchInput): MatchOutcome {
  let criteria = compiled.get(scenario);
  if (!criteria) compiled.set(scenario, (criteria = criteriaOf(scenario.match ?? {})));
  const held: string[] = [];
  for (const c of criteria) {
    const { holds, actual } = c.holds(input);
    if (!holds) return { matched: false, miss: { id: scenario.id, name: scenario.name, failed: c.name, expected: c.expected, actual, matched: held.length } };
    held.push(`${c.name} ${c.expected}`);
  }
  return { matched: true, reason: held.length === 0 ? 'it matches every request' : `matched ${held.join(', ')}` };
}

function criteriaOf(m: ScenarioMatch): Criterion[] {
  const criteria: Criterion[] = [];
  const listed = (name: string, values: string | string[] | undefined, read: (i: MatchInput) => string) => {
    if (values === undefined) return;
    const set = Array.isArray(values) ? values : [values];
    criteria.push({ name, expected: set.join('|'), holds: (i) => ({ holds: set.includes(read(i)), actual: read(i) }) });
  };
  listed('match.interface', m.interface, (i) => i.interfaceNumber);
  listed('match.operation', m.operation, (i) => i.operation);
  listed('match.province', m.province, (i) => i.province);
  const text = (name: string, matcher: TextMatcher | undefined, read: (i: MatchInput) => string[]) => {
    if (matcher === undefined) return;
    const test = textTest(matcher);
    criteria.push({
      name,
      expected: describeMatcher(matcher),
      holds: (i) => {
        const values = read(i);
        return { holds: test(values), actual: values.length === 0 ? '(absent)' : values.join('|') };
      },
    });
  };
  text('match.serviceNumber', m.serviceNumber, (i) => present(i.serviceNumber ?? bodyValues(i.bodyElement, ['ServiceNumber'])[0]));
  text('match.transIdO', m.transIdO, (i) => present(i.head.TransIDO));
  text('match.transIdH', m.transIdH, (i) => present(i.head.TransIDH));
  for (const [field, matcher] of Object.entries(m.header ?? {})) text(`match.header.${field}`, matcher, (i) => present(i.head[field]));
  (m.body ?? []).forEach((b: BodyFieldMatcher, n) => {
    const steps = pathSteps(b.path);
    text(`match.body[${n}] ${b.path}`, b.value, (i) => bodyValues(i.bodyElement, steps));
  });
  return criteria;
}

function present(value: unknown): string[] {
  return value === undefined || value === null ? [] : [String(value)];
}

/** The test of a matcher over the values found (several for a repeated field: any may match). */
export function textTest(m: TextMatcher): (values: string[]) => boolean {
  if (typeof m === 'string') return (vs) => vs.includes(m);
  if ('equals' in m) return (vs) => vs.includes(m.equals);
  if ('prefix' in m) return (vs) => vs.some((v) => v.startsWith(m.prefix));
  if ('oneOf' in m) return (vs) => vs.some((v) => m.oneOf.includes(v));
  if ('exists' in m) return (vs) => vs.length > 0 === m.exists;
  const re = new RegExp(`^(?:${m.pattern})$`);
  return (vs) => vs.some((v) => re.test(v));
}

function describeMatcher(m: TextMatcher): string {
  if (typeof m === 'string') return `= ${m}`;
  if ('equals' in m) return `= ${m.equals}`;
  if ('prefix' in m) return `starts with ${m.prefix}`;
  if ('oneOf' in m) return `one of ${m.oneOf.join('|')}`;
  if ('exists' in m) return m.exists ? 'present' : 'absent';
  return `~ /${m.pattern}/`;
}

/** A path's steps: split at the slashes outside `{uri}` (a namespace URI has slashes of its own). */
export function pathSteps(path: string): string[] {
  return path.match(/(\{[^}]*\})?[^/{]+/g) ?? [];
}

/** The texts of the elements at `steps` below `el`: each step a local name, `{uri}local`, or `*`. */
export function bodyValues(el: XmlElement | undefined, steps: string[]): string[] {
  let level = el ? [el] : [];
  for (const step of steps) {
    const qualified = /^\{([^}]*)\}(.+)$/.exec(step);
    const [ns, local] = qualified ? [qualified[1], qualified[2]] : [undefined, step];
    level = level.flatMap((e) => e.children.filter((c) => (local === '*' || c.local === local) && (ns === undefined || c.ns === ns)));
  }
  return level.map((e) => e.text);
}

/** The value a sequence counts per, for this request ('' for the scenario as a whole). */
export function stateKeyOf(key: StateKey | undefined, input: MatchInput): string {
  if (key === undefined || key === 'none') return '';
  if (key === 'transIdO') return String(input.head.TransIDO ?? '');
  if (key === 'transIdH') return String(input.head.TransIDH ?? '');
  if (key === 'serviceNumber') return input.serviceNumber ?? '';
  if ('header' in key) return String(input.head[key.header] ?? '');
  return bodyValues(input.bodyElement, pathSteps(key.body)).join('|');
}
