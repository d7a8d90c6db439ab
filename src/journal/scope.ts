/**
 * Test scopes: a partner's test suite names one (HTTP header X-Ucrm-Scope) so that its
 * exchanges, scenarios and mock-province state are kept apart from another suite's on the
 * same server (docs/MOCK-MODE.md). The core only carries the name: the transport reads it
 * off a request, the journal records it, and an HQ→province call made while answering that
 * request carries it on (so the mock provinces answer in the same scope). What a scope holds
 * is mock mode's business (mocks/mock-mode/).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const SCOPE_HEADER = 'x-ucrm-scope';
/** The scope of a request that names none. */
export const DEFAULT_SCOPE = 'default';
/** What a scope name may be (a header, a path or query parameter, a MsgSender naming one). */
export const SCOPE_PATTERN = '^[A-Za-z0-9][\\w.-]{0,63}$';
const SCOPE_RE = new RegExp(SCOPE_PATTERN);

export function isScopeName(name: string): boolean {
  return SCOPE_RE.test(name);
}

/** The scope a request's header names; a malformed name is no scope (the request is answered as unscoped). */
export function scopeOfHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const name = (Array.isArray(value) ? value[0] : value).trim();
  return isScopeName(name) ? name : undefined;
}

/**
 * The scope of the request being answered, for the calls made while answering it. Entered
 * only for a request that named a scope, so unscoped traffic never pays for it.
 */
const current = new AsyncLocalStorage<string>();

export function inScope<A, R>(scope: string, work: (arg: A) => R, arg: A): R {
  return current.run(scope, work, arg);
}

export function currentScope(): string | undefined {
  return current.getStore();
}

/** A scenario that fired for an exchange, and why (what mock mode records in the journal). */
export interface ScenarioFired {
  id: string;
  name: string;
  reason: string;
}

/** A scenario of the scope that did not match: the criterion that failed first, and how many held. */
export interface NearMiss {
  id: string;
  name: string;
  failed: string;
  expected?: string;
  actual?: string;
  matched: number;
}
