// One exchange: both messages pretty-printed, its timing, the scenario that fired, and the
// rest of its flow (the exchanges of the same ProcID: 5.2.1 in, 5.2.2 out, a later reversal…).
import { api, h, rspCodeCell, timeOf } from './dom.js';
import { directionOf, interfaceName, t } from './i18n.js';
import { allExchanges, fieldsOf, findExchange } from './live.js';
import { xmlView } from './xml-view.js';
import { draftFromExchange } from './scenarios.js';

export function exchangeView(root, seq) {
  const e = findExchange(Number(seq));
  const back = h('p', {}, h('a', { href: '#/journal' }, t('exchange.back')));
  if (!e) {
    root.append(back, h('p', { class: 'muted' }, t('exchange.missing')));
    return;
  }
  const f = fieldsOf(e);
  const related = h('tbody');
  root.append(
    back,
    h('h2', { id: 'exchange-title' }, `${t('exchange.title')} ${interfaceName(e.interfaceNumber)}`),
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        {},
        `${directionOf(e)} · ${t('col.province')} ${f.province || '-'} · TransIDO ${f.transIdO} · TransIDH ${e.transIdH ?? '-'} · ${t('col.rspCode')} `,
        h('b', {}, e.rspCode),
      ),
      h('p', {}, `${t('exchange.timing')}: ${timeOf(e.receivedAt)} · ${Math.round(e.durationMs)} ms${e.httpStatus ? ` · HTTP ${e.httpStatus}` : ''}`),
      h('p', { id: 'scenario-fired' }, `${t('exchange.scenario')}: ${f.scenario || t('exchange.none')}${e.scenario?.reason ? ` (${e.scenario.reason})` : ''}`),
      e.nearMisses?.length
        ? h(
            'p',
            { class: 'muted' },
            `${t('exchange.nearMisses')}: ${e.nearMisses.map((m) => `${m.name ?? m.id}: ${m.failed ?? m.criterion ?? ''}`).join('; ')}`,
          )
        : null,
      e.fault ? h('p', { class: 'error' }, `${e.fault.name}: ${e.fault.reason}`) : null,
      h('button', { type: 'button', id: 'make-scenario', onclick: () => draftFromExchange(e) }, t('exchange.makeScenario')),
    ),
    h(
      'div',
      { class: 'grid2' },
      h('section', { class: 'card' }, h('h2', {}, t('exchange.request')), xmlView(e.requestXml)),
      h('section', { class: 'card' }, h('h2', {}, t('exchange.response')), xmlView(e.responseXml)),
    ),
    h('section', { class: 'card' }, h('h2', {}, t('exchange.related')), h('table', { id: 'related' }, related)),
  );
  const flow = allExchanges().filter((x) => f.procId && fieldsOf(x).procId === f.procId);
  related.replaceChildren(...flow.sort((a, b) => a.receivedAt - b.receivedAt).map(relatedRow));
  // The journal may know older parts of the flow than the console has seen (where this gateway has a journal API).
  hasJournalApi()
    .then((has) => (has ? api(`../admin/journal?procId=${encodeURIComponent(f.procId)}&limit=50`) : []))
    .then((found) => {
      const seen = new Set(flow.map((x) => `${x.interfaceNumber}|${x.transIdH}|${x.direction}`));
      const entries = (found.entries ?? []).map((x) => ({ ...x, interfaceNumber: x.interface, receivedAt: Date.parse(x.receivedAt) }));
      const older = entries.filter((x) => !seen.has(`${x.interfaceNumber}|${x.transIdH}|${x.direction}`));
      related.append(...older.map(relatedRow));
    })
    .catch(() => undefined);
}

let journalApi;
function hasJournalApi() {
  journalApi ??= api('../admin/openapi.json').then(
    (doc) => Boolean(doc.paths?.['/journal']?.get),
    () => false,
  );
  return journalApi;
}

function relatedRow(x) {
  const href = x.seq !== undefined ? `#/exchange/${x.seq}` : undefined;
  return h(
    'tr',
    {},
    h('td', {}, timeOf(x.receivedAt)),
    h('td', {}, href ? h('a', { href }, interfaceName(x.interfaceNumber)) : interfaceName(x.interfaceNumber)),
    h('td', {}, directionOf(x)),
    rspCodeCell(x.rspCode),
  );
}
