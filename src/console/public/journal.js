// The live journal: every exchange as it happens, newest first, filtered as the operator types.
import { h, rspCodeCell, timeOf } from './dom.js';
import { directionOf, t, interfaceName } from './i18n.js';
import { allExchanges, droppedCount, fieldsOf, onExchange } from './live.js';

const FILTERS = ['transIdO', 'procId', 'number', 'interface', 'province', 'rspCode', 'scope'];
const state = { filters: Object.fromEntries(FILTERS.map((f) => [f, ''])), from: '', to: '' };

export function journalView(root) {
  const body = h('tbody');
  const note = h('p', { class: 'muted' });
  const inputs = FILTERS.map((name) =>
    h('input', {
      name,
      placeholder: t(`col.${name === 'number' ? 'number' : name}`),
      value: state.filters[name],
      oninput: (e) => ((state.filters[name] = e.target.value.trim()), render()),
    }),
  );
  const from = h('input', {
    type: 'time',
    step: 1,
    name: 'from',
    title: t('filter.from'),
    value: state.from,
    oninput: (e) => ((state.from = e.target.value), render()),
  });
  const to = h('input', { type: 'time', step: 1, name: 'to', title: t('filter.to'), value: state.to, oninput: (e) => ((state.to = e.target.value), render()) });
  const columns = ['time', 'interface', 'direction', 'province', 'number', 'transIdO', 'procId', 'rspCode', 'duration', 'scope'];
  root.append(
    h('h2', {}, t('journal.live')),
    h('div', { class: 'filters' }, inputs, from, to),
    note,
    h(
      'table',
      { id: 'journal' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', {}, t(`col.${c}`))),
        ),
      ),
      body,
    ),
  );
  function render() {
    const shown = allExchanges().filter(matches);
    body.replaceChildren(...shown.slice(0, 500).map(row));
    note.textContent = shown.length === 0 ? t('journal.empty') : droppedCount() > 0 ? `${droppedCount()} ${t('journal.dropped')}` : '';
  }
  render();
  return onExchange(render);
}

function matches(e) {
  const fields = fieldsOf(e);
  for (const [name, wanted] of Object.entries(state.filters)) if (wanted && !fields[name].includes(wanted)) return false;
  const clock = timeOf(e.receivedAt).slice(0, 8);
  if (state.from && clock < state.from.padEnd(8, ':00')) return false;
  if (state.to && clock > state.to.padEnd(8, ':59')) return false;
  return true;
}

function row(e) {
  const f = fieldsOf(e);
  return h(
    'tr',
    { class: 'exchange', dataset: { seq: e.seq, transIdO: f.transIdO }, onclick: () => (location.hash = `#/exchange/${e.seq}`) },
    h('td', {}, timeOf(e.receivedAt)),
    h('td', { title: interfaceName(e.interfaceNumber) }, e.interfaceNumber, ' ', h('span', { class: 'muted' }, e.operation ?? '')),
    h('td', {}, directionOf(e)),
    h('td', {}, f.province),
    h('td', {}, f.number),
    h('td', {}, f.transIdO),
    h('td', {}, f.procId),
    rspCodeCell(e.rspCode),
    h('td', {}, Math.round(e.durationMs)),
    h('td', {}, f.scope),
  );
}
