/**
 * The ports the process is told to listen on, checked before anything starts: the jobs,
 * the store connection and the mock provinces all start before the gateway
 * listens, so a port that turns out to be taken only at listen() would leave them
 * half-started (and end in node's stack trace, which does not say which variable to change).
 */
import { createServer } from 'node:net';

/** A port, and the environment variable that chose it (the message names it). */
export interface NamedPort {
  variable: string;
  port: number;
}

/** A start that cannot go on; its message is the one line to show. */
export class StartError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'StartError';
  }
}

/** What a listen error means to the person who set the variable, or undefined for anything else. */
export function listenProblem(error: unknown, { variable, port }: NamedPort, host: string): string | undefined {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'EADDRINUSE':
      return `ucrm: port ${port} is already in use (${variable}); stop the other process or choose another port`;
    case 'EACCES':
      return `ucrm: port ${port} needs privileges this process does not have (${variable}); choose a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `ucrm: ${host} is not an address of this machine (HOST); use 0.0.0.0 or one of its addresses`;
    default:
      return undefined;
  }
}

/**
 * Binds each port for a moment and lets it go; throws a StartError naming every one that
 * cannot be bound. Port 0 (any free port) always can. The real listen() can still lose a
 * race for the port, so its errors go through listenProblem() too.
 */
export async function checkPortsFree(ports: NamedPort[], host: string): Promise<void> {
  const problems: string[] = [];
  for (const named of ports) {
    if (named.port === 0) continue;
    const error = await tryBind(named.port, host);
    if (error) problems.push(listenProblem(error, named, host) ?? `ucrm: cannot listen on ${host}:${named.port} (${named.variable}): ${error.message}`);
  }
  if (problems.length) throw new StartError([...new Set(problems)].join('\n'));
}

function tryBind(port: number, host: string): Promise<Error | undefined> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', done);
    probe.listen({ port, host }, () => probe.close(() => done(undefined)));
  });
}
