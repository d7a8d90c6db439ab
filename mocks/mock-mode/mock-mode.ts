/**
 * Mock mode's decisions: for one request to a mock province, the scope it belongs to and the
 * scenario that fires (with why), or the scenarios that came closest. The scope's scenarios
 * are considered in order (scenario-book.ts), then the magic test numbers, then nothing fires
 * and the province behaves normally. What an action does on the wire is province-hooks.ts's.
 */
import { DEFAULT_SCOPE, NearMiss, ScenarioFired } from '../../src/journal/scope';
import { Store } from '../../src/store/ports';
import { MAGIC_SCENARIOS } from './magic-numbers';
import { ScenarioAction, StoredScenario } from './scenario';
import { ScenarioBook, ScenarioBookLimits } from './scenario-book';
import { matchScenario, MatchInput, stateKeyOf } from './scenario-match';

export interface Decision {
  scope: string;
  fired?: ScenarioFired;
  action?: ScenarioAction;
  nearMisses?: NearMiss[];
}

export interface ScopeReset {
  scope: string;
  scenarios: number;
  journalEntries: number;
  provinceState: number;
}

/** Mock-province state kept per scope (accounts, ledgers, deliveries): what a scope reset drops. */
export interface ScopedState {
  scopeNames(): string[];
  has(scope: string): boolean;
  /** Drops the scope's state; how many provinces had some. */
  reset(scope: string): number;
}

const NEAR_MISSES = 3;
const MAGIC_ENDING = /99\d\d$/;

export class MockMode {
  readonly scenarios: ScenarioBook;
  private readonly states: ScopedState[] = [];

  constructor(limits: ScenarioBookLimits = {}) {
    this.scenarios = new ScenarioBook(limits);
  }

  /** Mock provinces register their per-scope state, so a scope reset reaches it. */
  addScopedState(state: ScopedState): void {
    this.states.push(state);
  }

  scopeNames(): string[] {
    return [...new Set([DEFAULT_SCOPE, ...this.scenarios.scopeNames(), ...this.states.flatMap((s) => s.scopeNames())])];
  }

  /** The header's scope (the gateway carries it, and sets it from its caller's MsgSender); else the caller's MsgSender when a scope of that name is open; else the default. */
  resolveScope(headerScope: string | undefined, msgSender: string | undefined): string {
    if (headerScope !== undefined) return headerScope;
    if (msgSender !== undefined && this.isOpen(msgSender)) return msgSender;
    return DEFAULT_SCOPE;
  }

  /** Whether a scope holds scenarios or mock-province state (asked per request: nothing is built). */
  isOpen(scope: string): boolean {
    return this.scenarios.has(scope) || this.states.some((s) => s.has(scope));
  }

  async resetScope(scope: string, store?: Store): Promise<ScopeReset> {
    const scenarios = this.scenarios.list(scope).length;
    this.scenarios.reset(scope);
    const provinceState = this.states.reduce((n, s) => n + s.reset(scope), 0);
    const journalEntries = store ? await store.journal.removeScope(scope) : 0;
    return { scope, scenarios, journalEntries, provinceState };
  }

  decide(scope: string, input: MatchInput): Decision {
    const misses: NearMiss[] = [];
    const own = this.scenarios.list(scope).filter((s) => s.enabled);
    // The magic scenarios all want a number ending in 99NN: the others need not try them one by one.
    const magic = input.serviceNumber !== undefined && MAGIC_ENDING.test(input.serviceNumber) ? MAGIC_SCENARIOS : [];
    for (const scenario of [...own, ...magic]) {
      const outcome = matchScenario(scenario, input);
      if (!outcome.matched) {
        if (scenario.scope !== '*') misses.push(outcome.miss);
        continue;
      }
      const step = this.step(scope, scenario, input);
      if ('used' in step) {
        misses.push({ id: scenario.id, name: scenario.name, failed: 'steps', expected: 'a step left', actual: step.used, matched: Infinity });
        continue;
      }
      return { scope, action: step.action, fired: { id: scenario.id, name: scenario.name, reason: `${outcome.reason}${step.why}` } };
    }
    // Near misses only where the scope has scenarios: with none, nothing was expected to fire.
    if (misses.length === 0) return { scope };
    const closest = misses.sort((a, b) => b.matched - a.matched).slice(0, NEAR_MISSES);
    return { scope, nearMisses: closest.map((m) => (m.matched === Infinity ? { ...m, matched: criteriaCount(own, m.id) } : m)) };
  }

  /** The action a scenario gives this call (and counts it), or why its sequence has none left. */
  private step(scope: string, s: StoredScenario, input: MatchInput): { action: ScenarioAction; why: string } | { used: string } {
    if (s.action) {
      s.fired += 1;
      return { action: s.action, why: '' };
    }
    const steps = s.steps ?? [];
    const key = stateKeyOf(s.stateKey, input);
    const seen = this.scenarios.counted(scope, s.id, key);
    let upTo = 0;
    for (let i = 0; i < steps.length; i++) {
      upTo = steps[i].times === undefined ? Infinity : upTo + steps[i].times!;
      if (seen < upTo) {
        this.scenarios.count(scope, s, key);
        const per = key === '' ? '' : ` for ${describeKey(s)} ${key}`;
        return { action: steps[i].action, why: `; step ${i + 1} of ${steps.length} (call ${seen + 1}${per})` };
      }
    }
    return { used: `all ${upTo} calls of its steps used${key === '' ? '' : ` for ${describeKey(s)} ${key}`}` };
  }
}

function describeKey(s: StoredScenario): string {
  const key = s.stateKey;
  if (key === undefined || typeof key === 'string') return key ?? '';
  return 'header' in key ? `header ${key.header}` : `body ${key.body}`;
}

/** A scenario whose sequence is used up matched every criterion it has. */
function criteriaCount(scenarios: StoredScenario[], id: string): number {
  const m = scenarios.find((s) => s.id === id)?.match ?? {};
  const listed = ['interface', 'operation', 'province', 'serviceNumber', 'transIdO', 'transIdH'].filter((k) => k in m).length;
  return listed + Object.keys(m.header ?? {}).length + (m.body?.length ?? 0);
}
