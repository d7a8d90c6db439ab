// Operations: the services and their WSDLs, whether the provinces and the store answer (the
// /ready report), the jobs with their last runs and a "run now", and key figures read from
// /metrics (requests/s between two scrapes, p99 from the latency histogram, faults by code).
import { api, h } from './dom.js';
import { interfaceName, t } from './i18n.js';

export function operationsView(root) {
  const services = h('section', { class: 'card', id: 'services' }, h('h2', {}, t('ops.services')));
  const ready = h('section', { class: 'card', id: 'ready' }, h('h2', {}, t('ops.ready')));
  const jobs = h('section', { class: 'card', id: 'jobs' }, h('h2', {}, t('ops.jobs')));
  const figures = h('section', { class: 'card', id: 'figures' }, h('h2', {}, t('ops.metrics')));
  root.append(figures, h('div', { class: 'grid2' }, services, ready), jobs);
  loadInto(services, async () => serviceTable(await api('../services')));
  loadInto(ready, async () => readyTable(await fetch('../ready').then((r) => r.json())));
  loadInto(jobs, async () => jobTable((await api('../admin/jobs')).jobs));
  const timer = setInterval(() => loadInto(figures, keyFigures), 5000);
  loadInto(figures, keyFigures);
  return () => clearInterval(timer);
}

async function loadInto(section, load) {
  const title = section.firstChild;
  try {
    section.replaceChildren(title, await load());
  } catch (error) {
    section.replaceChildren(title, h('p', { class: 'error' }, `${t('common.error')}: ${error.message}`));
  }
}

function serviceTable(list) {
  return h(
    'table',
    {},
    list.map((s) =>
      h(
        'tr',
        {},
        h('td', {}, interfaceName(s.number)),
        h('td', {}, s.direction),
        h('td', {}, h('a', { href: s.wsdl }, 'WSDL')),
        h('td', {}, s.implemented ? '✓' : '—'),
      ),
    ),
  );
}

function readyTable(report) {
  return h(
    'div',
    {},
    h('p', {}, h('b', { class: report.status === 'ready' ? 'code-ok' : 'code-bad' }, report.status), ' ', report.reasons.join('; ')),
    h('p', {}, `${t('ops.store')}: ${report.store.kind} ${report.store.ok ? '✓' : `✗ ${report.store.error ?? ''}`}`),
    h(
      'table',
      {},
      report.provinces.map((o) =>
        h(
          'tr',
          {},
          h('td', {}, o.origin),
          h('td', {}, o.provinces.join(' ')),
          h('td', { class: o.reachable ? 'code-ok' : 'code-bad' }, t(o.reachable ? 'ops.reachable' : 'ops.unreachable')),
        ),
      ),
    ),
  );
}

function jobTable(jobs) {
  return h(
    'table',
    {},
    jobs.map((job) => {
      const last = h('td', { class: 'muted' });
      api(`../admin/jobs/${encodeURIComponent(job.name)}/runs?limit=1`)
        .then((page) => (last.textContent = runText((page.runs ?? page)[0])))
        .catch(() => undefined);
      const inputs = job.params.map((p) => h('input', { name: p, placeholder: p, size: 10 }));
      const run = async (event) => {
        const params = Object.fromEntries(inputs.map((i) => [i.name, i.value]));
        event.target.disabled = true;
        try {
          last.textContent = runText(await api(`../admin/jobs/${encodeURIComponent(job.name)}/runs`, { json: job.params.length ? { params } : {} }));
        } catch (error) {
          last.textContent = error.message;
        } finally {
          event.target.disabled = false;
        }
      };
      return h(
        'tr',
        { dataset: { job: job.name } },
        h('td', {}, job.name),
        h('td', { class: 'muted' }, job.schedule ?? ''),
        h('td', {}, inputs, h('button', { type: 'button', onclick: run }, t('ops.runNow'))),
        last,
      );
    }),
  );
}

function runText(run) {
  if (!run) return '';
  const counts = run.counts
    ? Object.entries(run.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : '';
  return `${t('ops.lastRun')}: ${run.outcome} ${run.endedAt ?? run.startedAt ?? ''} ${counts}`;
}

let previous;

async function keyFigures() {
  const text = await fetch('../metrics').then((r) => r.text());
  const samples = parseMetrics(text);
  const total = sum(samples, 'ucrm_requests_total');
  const now = Date.now();
  const rate = previous ? ((total - previous.total) * 1000) / (now - previous.at) : undefined;
  previous = { total, at: now };
  const faults = new Map();
  for (const s of samples.filter((x) => x.name === 'ucrm_faults_total')) faults.set(s.labels.fault, (faults.get(s.labels.fault) ?? 0) + s.value);
  return h(
    'div',
    {},
    h('span', { class: 'metric' }, h('b', { id: 'requests-per-second' }, rate === undefined ? '…' : rate.toFixed(1)), t('ops.requestsPerSecond')),
    h('span', { class: 'metric' }, h('b', {}, String(total)), t('ops.requests')),
    h('span', { class: 'metric' }, h('b', {}, p99(samples)), t('ops.p99')),
    h('span', { class: 'metric' }, h('b', {}, [...faults].map(([k, v]) => `${k} ${v}`).join(', ') || '0'), t('ops.faults')),
  );
}

function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{([^}]*)\})? ([^ ]+)/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const sum = (samples, name) => samples.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);

/** The 99th percentile over every interface, read off the cumulative buckets (upper bound of its bucket). */
function p99(samples) {
  const buckets = new Map();
  for (const s of samples.filter((x) => x.name === 'ucrm_request_duration_seconds_bucket')) buckets.set(s.labels.le, (buckets.get(s.labels.le) ?? 0) + s.value);
  const count = buckets.get('+Inf') ?? 0;
  if (count === 0) return '–';
  const bounds = [...buckets].filter(([le]) => le !== '+Inf').sort((a, b) => Number(a[0]) - Number(b[0]));
  const hit = bounds.find(([, n]) => n >= 0.99 * count);
  return hit ? `≤ ${(Number(hit[0]) * 1000).toFixed(0)}` : '> max';
}
