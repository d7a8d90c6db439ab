/**
 * Socket writes gathered per turn of the event loop. `writeTurn()` resolves once node has
 * handled every socket that was ready in this turn (in the check phase, via setImmediate);
 * whoever awaits it before writing writes together with the others of that turn.
 *
 * Why: a write on loopback wakes the peer when it sleeps, and on a virtual machine waking an
 * idle vCPU is dear (measured in docs/BENCHMARKS.md: a busy server lost a quarter of its
 * throughput to it against a load generator that idles between answers).
 * Written one by one, as each answer is ready, nearly every answer pays that wake-up; written
 * as a burst, the first wakes the peer and the rest find it awake. The cost is at most the
 * rest of one turn of latency, which is work the process was doing anyway.
 */
let pending: Promise<void> | undefined;
let release: (() => void) | undefined;

function flush(): void {
  const done = release!;
  pending = undefined;
  release = undefined;
  done();
}

export function writeTurn(): Promise<void> {
  if (!pending) {
    pending = new Promise<void>((resolve) => (release = resolve));
    setImmediate(flush);
  }
  return pending;
}
