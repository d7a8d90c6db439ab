// Scenarios of mock mode: those of a scope, made from a form or pasted as JSON (checked by the
// gateway against the published schema: an error is shown at the field it names), enabled or
// disabled, deleted; a whole scope reset. "Make a scenario from this exchange" (exchange.js)
// opens this view with a draft that matches the exchange and answers as it was answered.
import { api, h } from './dom.js';
import { t } from './i18n.js';

let draft;
let scope = 'default';

export function draftFromExchange(e) {
  const head = e.requestHead ?? {};
  draft = {
    name: `from ${e.interfaceNumber} ${head.TransIDO ?? e.seq}`,
    description: `made from the ${e.interfaceNumber} exchange ${head.TransIDO ?? ''}`.trim(),
    match: { interface: e.interfaceNumber, ...(e.province ? { province: e.province } : {}), ...(e.serviceNumber ? { serviceNumber: e.serviceNumber } : {}) },
    action: { kind: 'rspCode', rspCode: e.rspCode },
  };
  location.hash = '#/scenarios';
}

export function scenariosView(root) {
  const list = h('tbody');
  const scopeInput = h('input', { id: 'scope', value: scope, onchange: (e) => ((scope = e.target.value.trim() || 'default'), refresh()) });
  const pasted = h('textarea', { id: 'scenario-json', rows: 12 }, draft ? JSON.stringify(draft, null, 2) : '');
  draft = undefined;
  const problem = h('p', { class: 'field-error', id: 'scenario-error' });
  const form = scenarioForm((json) => (pasted.value = JSON.stringify(json, null, 2)));
  const create = async () => {
    problem.textContent = '';
    let body;
    try {
      body = JSON.parse(pasted.value);
    } catch (error) {
      problem.textContent = `JSON: ${error.message}`;
      return;
    }
    try {
      await api(`../admin/scenarios?scope=${encodeURIComponent(scope)}`, { json: body });
      refresh();
    } catch (error) {
      problem.textContent = fieldErrorText(error);
    }
  };
  const reset = async () => {
    await api(`../admin/scopes/${encodeURIComponent(scope)}/reset`, { method: 'POST' });
    refresh();
  };
  root.append(
    h('h2', {}, t('scenarios.title')),
    h('p', {}, t('scenarios.scope'), ' ', scopeInput, ' ', h('button', { type: 'button', id: 'reset-scope', onclick: reset }, t('scenarios.resetScope'))),
    h('table', { id: 'scenarios' }, list),
    h(
      'div',
      { class: 'grid2' },
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('scenarios.paste')),
        pasted,
        problem,
        h('button', { type: 'button', id: 'create-scenario', onclick: create }, t('scenarios.create')),
      ),
      h('section', { class: 'card' }, h('h2', {}, t('scenarios.form')), form),
    ),
  );
  async function refresh() {
    try {
      const found = await api(`../admin/scenarios?scope=${encodeURIComponent(scope)}`);
      list.replaceChildren(...(found.scenarios ?? found).map((s) => scenarioRow(s, refresh)));
    } catch (error) {
      list.replaceChildren(h('tr', {}, h('td', { class: 'muted' }, error.status === 404 ? t('scenarios.unavailable') : error.message)));
    }
  }
  refresh();
}

function scenarioRow(s, refresh) {
  // A scenario's id is unique on the server: its scope need not be named.
  const toggle = () => api(`../admin/scenarios/${encodeURIComponent(s.id)}`, { method: 'PATCH', json: { enabled: s.enabled === false } }).then(refresh);
  const remove = () => api(`../admin/scenarios/${encodeURIComponent(s.id)}`, { method: 'DELETE' }).then(refresh);
  return h(
    'tr',
    { dataset: { scenario: s.id } },
    h('td', {}, h('b', {}, s.name), ' ', h('span', { class: 'muted' }, s.id)),
    h('td', { class: 'muted' }, s.description ?? ''),
    h('td', {}, h('code', {}, JSON.stringify(s.match ?? {}))),
    h('td', {}, h('code', {}, JSON.stringify(s.action ?? s.actions ?? s.sequence ?? {}))),
    h('td', {}, t(s.enabled === false ? 'scenarios.disabled' : 'scenarios.enabled')),
    h(
      'td',
      {},
      h('button', { type: 'button', onclick: toggle }, t('scenarios.toggle')),
      ' ',
      h('button', { type: 'button', onclick: remove }, t('scenarios.delete')),
    ),
  );
}

/** The API names the field it refuses (`field`, or a list of `errors`, each with its path). */
function fieldErrorText(error) {
  const body = error.body ?? {};
  const errors = body.problems ?? body.errors ?? (body.field ? [{ field: body.field, message: body.message }] : []);
  if (errors.length === 0) return error.message;
  return errors.map((e) => `${e.field ?? e.path ?? e.instancePath ?? ''}: ${e.message}`).join('\n');
}

function scenarioForm(fill) {
  const input = (name, placeholder) => h('input', { name, placeholder, id: `form-${name}` });
  const fields = {
    name: input('name', 'name'),
    interface: input('interface', '5.2.2'),
    serviceNumber: input('serviceNumber', 'number'),
    rspCode: input('rspCode', 'RspCode'),
  };
  const build = () => {
    const v = Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value.trim()]));
    fill({
      name: v.name,
      match: { ...(v.interface ? { interface: v.interface } : {}), ...(v.serviceNumber ? { serviceNumber: v.serviceNumber } : {}) },
      action: { kind: 'rspCode', rspCode: v.rspCode },
    });
  };
  return h(
    'div',
    {},
    Object.values(fields).map((el) => h('p', {}, el)),
    h('button', { type: 'button', id: 'form-fill', onclick: build }, '→ JSON'),
  );
}
