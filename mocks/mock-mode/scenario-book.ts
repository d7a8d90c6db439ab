/**
 * The scenarios of every scope, with their sequence state, in memory: mock mode is a test
 * server, and a scope is as long-lived as the suite that opened it. Bounded (scopes and
 * scenarios per scope) so a long partner session cannot grow it without end.
 */
import { Scenario, StoredScenario } from './scenario';

export interface ScenarioBookLimits {
  maxScopes?: number;
  maxScenariosPerScope?: number;
  /** Distinct state keys (TransIDO…) a scenario counts; past it, the oldest are forgotten. */
  maxStateKeys?: number;
}

/** A limit would be passed, or an id is another scope's: the admin API's 409. */
export class ScenarioLimitError extends Error {}

interface ScopeState {
  scenarios: StoredScenario[];
  /** scenario id → state key → calls counted. */
  counters: Map<string, Map<string, number>>;
}

export class ScenarioBook {
  private readonly scopes = new Map<string, ScopeState>();
  private readonly limits: Required<ScenarioBookLimits>;
  private nextId = 1;

  constructor(limits: ScenarioBookLimits = {}) {
    this.limits = { maxScopes: 1000, maxScenariosPerScope: 1000, maxStateKeys: 10_000, ...limits };
  }

  /** Adds scenarios to a scope, all or none; an id the scope already has replaces that scenario, one another scope has is refused. */
  add(scope: string, scenarios: Scenario[]): StoredScenario[] {
    for (const s of scenarios) {
      const holder = s.id === undefined ? undefined : this.get(s.id);
      if (holder && holder.scope !== scope) throw new ScenarioLimitError(`scenario id ${s.id} is taken by scope ${holder.scope}`);
    }
    const state = this.open(scope);
    const stored = scenarios.map((s) => this.stored(scope, s));
    for (const s of stored) this.remove(s.id);
    if (state.scenarios.length + stored.length > this.limits.maxScenariosPerScope)
      throw new ScenarioLimitError(`scope ${scope} would hold more than ${this.limits.maxScenariosPerScope} scenarios`);
    state.scenarios.push(...stored);
    return stored.map((s) => ({ ...s }));
  }

  /** The scope's scenarios, in the order they are considered. */
  list(scope: string): StoredScenario[] {
    return ordered(this.scopes.get(scope)?.scenarios ?? []);
  }

  scopeNames(): string[] {
    return [...this.scopes.keys()];
  }

  has(scope: string): boolean {
    return this.scopes.has(scope);
  }

  get(id: string): StoredScenario | undefined {
    for (const state of this.scopes.values()) {
      const found = state.scenarios.find((s) => s.id === id);
      if (found) return found;
    }
    return undefined;
  }

  setEnabled(id: string, enabled: boolean): StoredScenario | undefined {
    const found = this.get(id);
    if (found) found.enabled = enabled;
    return found;
  }

  remove(id: string): boolean {
    for (const state of this.scopes.values()) {
      const i = state.scenarios.findIndex((s) => s.id === id);
      if (i >= 0) {
        state.scenarios.splice(i, 1);
        state.counters.delete(id);
        return true;
      }
    }
    return false;
  }

  /** Forgets the scope's scenarios and sequence state; the default scope stays open. */
  reset(scope: string): void {
    this.scopes.delete(scope);
  }

  /** How many calls a scenario has served for `key`; then counts this one. */
  count(scope: string, scenario: StoredScenario, key: string): number {
    const state = this.open(scope);
    let byKey = state.counters.get(scenario.id);
    if (!byKey) state.counters.set(scenario.id, (byKey = new Map()));
    const seen = byKey.get(key) ?? 0;
    byKey.delete(key); // re-inserted last: the map's order is the order of last use
    byKey.set(key, seen + 1);
    if (byKey.size > this.limits.maxStateKeys) byKey.delete(byKey.keys().next().value!);
    scenario.fired += 1;
    return seen;
  }

  /** How many calls a scenario has served for `key`, without counting one. */
  counted(scope: string, scenarioId: string, key: string): number {
    return this.scopes.get(scope)?.counters.get(scenarioId)?.get(key) ?? 0;
  }

  private open(scope: string): ScopeState {
    let state = this.scopes.get(scope);
    if (!state) {
      if (this.scopes.size >= this.limits.maxScopes) throw new ScenarioLimitError(`at most ${this.limits.maxScopes} scopes may be open; reset or delete one`);
      this.scopes.set(scope, (state = { scenarios: [], counters: new Map() }));
    }
    return state;
  }

  private stored(scope: string, s: Scenario): StoredScenario {
    return {
      ...s,
      id: s.id ?? `sc-${this.nextId++}`,
      scope,
      enabled: s.enabled ?? true,
      priority: s.priority ?? 0,
      fallback: s.fallback ?? false,
      fired: 0,
      createdAt: new Date().toISOString(),
    };
  }
}

/** Non-fallbacks first, then by priority (higher first); a stable sort keeps the order added among equals. */
function ordered(scenarios: StoredScenario[]): StoredScenario[] {
  return [...scenarios].sort((a, b) => Number(a.fallback) - Number(b.fallback) || b.priority - a.priority);
}
