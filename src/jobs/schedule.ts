/**
 * When jobs fire: a cron expression read in China Standard Time (the contract's clock and
 * the provinces'), through croner, or a fixed period. Timers are unref'd: a schedule alone
 * never keeps the process alive.
 */
import { Cron } from 'croner';

export const CST_ZONE = 'Asia/Shanghai';

export interface Armed {
  stop(): void;
  /** The next time it fires; undefined if it never will. */
  next(): Date | undefined;
}

/** What is wrong with a cron expression, or undefined if croner reads it (5 fields, or 6 with seconds first). */
export function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { timezone: CST_ZONE, paused: true }).stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The first instant after `after` that `expression` names, in CST. */
export function nextFiring(expression: string, after: Date): Date | undefined {
  const cron = new Cron(expression, { timezone: CST_ZONE, paused: true });
  try {
    return cron.nextRun(after) ?? undefined;
  } finally {
    cron.stop();
  }
}

export function armCron(expression: string, fire: () => void): Armed {
  const cron = new Cron(expression, { timezone: CST_ZONE, unref: true }, fire);
  return { stop: () => cron.stop(), next: () => cron.nextRun() ?? undefined };
}

export function armPeriod(everyMs: number, fire: () => void, now: () => number = Date.now): Armed {
  let due = now() + everyMs;
  const timer = setInterval(() => {
    due = now() + everyMs;
    fire();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), next: () => new Date(due) };
}
