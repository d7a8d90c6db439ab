'use strict';
/**
 * The MongoDB-compatible test server of .ci/mongo-server.sh (mongo-java-server), as an
 * instance of the bench's own (own state file and database name, so it never touches a
 * server the test suite is using), pinned to the load generator's core.
 */
const { execFile } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { root } = require('./machine');

const SCRIPT = path.join(root, '.ci/mongo-server.sh');
const ENV = {
  ...process.env,
  UCRM_MONGO_STATE_FILE: path.join(os.tmpdir(), 'ucrm-bench-mongo.state'),
  UCRM_MONGO_DB: 'ucrm_bench',
  UCRM_MONGO_ENGINE: 'java',
};
let running = false;

function script(core, command) {
  const [cmd, args] = core === undefined ? [SCRIPT, [command]] : ['taskset', ['-c', String(core), SCRIPT, command]];
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: root, env: ENV, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Starts a fresh server (the JVM inherits the core affinity) and resolves with its URI. */
async function start(core) {
  const out = await script(core, 'start');
  const m = /^MONGODB_URI=(\S+)$/m.exec(out);
  if (!m) throw new Error(`no MONGODB_URI line in: ${out}`);
  running = true;
  return m[1];
}

/** The server's pid, from the script's state file (for CPU accounting). */
function pid() {
  try {
    return Number((/^PID=(\d+)$/m.exec(require('node:fs').readFileSync(ENV.UCRM_MONGO_STATE_FILE, 'utf8')) || [])[1]) || undefined;
  } catch {
    return undefined;
  }
}

/** Stops the server and deletes its data (only if this process started it). */
async function stop() {
  if (!running) return;
  running = false;
  await script(undefined, 'stop');
}

/** Documents in every collection of the URI's database: did anything reach it? */
async function countDocuments(uri) {
  const mongoose = require(path.join(root, 'node_modules/mongoose'));
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 3000 }).asPromise();
  try {
    const collections = await conn.db.listCollections().toArray();
    let total = 0;
    for (const c of collections) total += await conn.db.collection(c.name).countDocuments();
    return { total, collections: collections.map((c) => c.name) };
  } finally {
    await conn.close();
  }
}

module.exports = { start, stop, countDocuments, pid };
