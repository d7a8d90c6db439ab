/**
 * JOB_MODULES: extra job modules, loaded at start — a deployment's own jobs, and how the
 * process tests give a real gateway a job of their own without it being in the production
 * entry. Each module (CommonJS, e.g. dist/test/jobs/test-jobs.js) exports
 * `jobs(deps: JobDeps): JobDefinition[]`. Whoever sets the environment already decides
 * what code the process runs (NODE_OPTIONS does as much), so this opens nothing new.
 */
import { resolve } from 'node:path';
import { JobDefinition, JobDeps } from './job';

export function loadJobModules(files: readonly string[], deps: JobDeps): JobDefinition[] {
  return files.flatMap((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named in the configuration, found at run time
    const loaded = require(resolve(file)) as { jobs?: unknown };
    if (typeof loaded.jobs !== 'function') throw new Error(`JOB_MODULES: ${file} exports no jobs(deps) function`);
    const jobs = (loaded.jobs as (deps: JobDeps) => unknown)(deps);
    if (!Array.isArray(jobs)) throw new Error(`JOB_MODULES: jobs(deps) of ${file} must return an array of job definitions`);
    return jobs as JobDefinition[];
  });
}
