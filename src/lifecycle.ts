/**
 * How the gateway starts and stops: named hooks that each part registers for itself (the
 * HTTP server, the jobs runtime, the journal, the province client, the store…), instead of
 * calls ordered by hand in the composition root and main.ts.
 *
 *   start  one after another, in the order registered; a failure stops the start.
 *   drain  stop taking new work and let what is in flight finish, within the grace. The
 *          hooks begin together (in the order registered, so a synchronous first step
 *          such as turning /ready to 503 happens before the next hook begins), and each
 *          gets the whole grace: stopping takes the grace once, not once per part.
 *   close  release what the parts hold, one after another in the order registered: the
 *          composition root registers its own parts first, and whoever made a part they
 *          use (main.ts, the store) registers its close after, so it closes after them.
 *
 * A failing hook is logged and the rest still run (the store is closed even if the journal
 * could not be flushed); stop() then rejects, naming the hooks that failed.
 */
import { Logger } from './logging/logger';

export type Phase = 'start' | 'drain' | 'close';
/** A drain hook is given the grace in ms; the others are given it too and may ignore it. */
export type Hook = (graceMs: number) => void | Promise<void>;

interface Named {
  name: string;
  hook: Hook;
}

export interface LifecycleOptions {
  /** How long drain hooks may take (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  logger?: Logger;
}

export class Lifecycle {
  private readonly hooks: Record<Phase, Named[]> = { start: [], drain: [], close: [] };
  private started: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: LifecycleOptions) {}

  onStart(name: string, hook: Hook): void {
    this.add('start', name, hook);
  }

  onDrain(name: string, hook: Hook): void {
    this.add('drain', name, hook);
  }

  onClose(name: string, hook: Hook): void {
    this.add('close', name, hook);
  }

  /** The hooks of a phase, by name, in the order they run (begin, for drain). */
  names(phase: Phase): string[] {
    return this.hooks[phase].map((h) => h.name);
  }

  /** Runs the start hooks once; later calls get the same outcome. */
  start(): Promise<void> {
    this.started ??= (async () => {
      if (this.stopped) throw new Error('the gateway cannot start: it is stopping');
      for (const { name, hook } of this.hooks.start) {
        try {
          await hook(this.options.graceMs);
        } catch (error) {
          throw new Error(`start of ${name} failed: ${(error as Error)?.message ?? error}`, { cause: error });
        }
      }
    })();
    return this.started;
  }

  /** Drains, then closes; once, whoever asks (a signal, a test, both). */
  stop(): Promise<void> {
    this.stopped ??= this.runStop();
    return this.stopped;
  }

  private async runStop(): Promise<void> {
    const { graceMs } = this.options;
    const failed: string[] = [];
    const guarded = async ({ name, hook }: Named, phase: Phase): Promise<void> => {
      try {
        await hook(graceMs);
      } catch (error) {
        failed.push(`${phase} ${name}: ${(error as Error)?.message ?? error}`);
        this.options.logger?.error(`${phase} of ${name} failed`, { error: String((error as Error)?.stack ?? error) });
      }
    };
    await Promise.all(this.hooks.drain.map((h) => guarded(h, 'drain')));
    for (const h of this.hooks.close) await guarded(h, 'close');
    if (failed.length) throw new Error(`the gateway did not stop cleanly: ${failed.join('; ')}`);
  }

  private add(phase: Phase, name: string, hook: Hook): void {
    if (this.hooks[phase].some((h) => h.name === name)) throw new Error(`a ${phase} hook named "${name}" is registered twice`);
    if (this.stopped) throw new Error(`${phase} hook "${name}" registered while the gateway is stopping`);
    this.hooks[phase].push({ name, hook });
  }
}
