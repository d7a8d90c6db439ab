/**
 * Drives .ci/mongo-server.sh for the outage test. The script keeps its state (pid, port,
 * data dir) in a file chosen by UCRM_MONGO_STATE_FILE, which this process inherits, so it
 * talks about the same server that `start` gave MONGODB_URI for.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

// dist/test/store → the repository root.
const SCRIPT = path.resolve(__dirname, '../../../.ci/mongo-server.sh');

export interface ServerStatus {
  running: boolean;
  uri?: string; // the MONGODB_URI it serves, when running
  line: string; // the script's own words
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: 'status' | 'kill' | 'restart'): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT, command], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** What `status` says; exit 0 means running (its line then carries MONGODB_URI=…). */
export async function serverStatus(): Promise<ServerStatus> {
  const { code, stdout } = await run('status');
  const line = stdout.trim();
  const uri = /MONGODB_URI=(mongodb:\/\/[^,\s]+)/.exec(line)?.[1];
  return { running: code === 0 && /^running\b/.test(line), uri, line };
}

/** `kill` (stop the process, keep port and data) or `restart` (same port, same data). */
export async function serverCommand(command: 'kill' | 'restart'): Promise<void> {
  const { code, stderr } = await run(command);
  if (code !== 0) throw new Error(`.ci/mongo-server.sh ${command} failed (exit ${code}): ${stderr.trim()}`);
}
