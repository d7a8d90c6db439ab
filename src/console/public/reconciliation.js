// Reconciliation results of a check date: per collecting province the matched and
// different counts and amounts, and each difference with its records.
import { h } from './dom.js';
import { t } from './i18n.js';
import { queryCard } from './money.js';

export function reconciliationCard(route) {
  return queryCard('reconciliation', t('money.reconciliation'), { name: 'checkDate', placeholder: 'YYYYMMDD' }, route, (answer) => {
    const results = answer.results ?? answer.provinces ?? [answer];
    return h(
      'div',
      {},
      results.map((r) =>
        h(
          'section',
          { class: 'card', dataset: { province: r.collectProvince ?? r.province ?? '' } },
          h('h2', {}, `${t('col.province')} ${r.collectProvince ?? r.province ?? ''} · ${r.state ?? ''}`),
          h('pre', {}, JSON.stringify({ matched: r.matched, different: r.different ?? r.differences?.length }, null, 2)),
          h(
            'table',
            {},
            (r.differences ?? []).map((d) => h('tr', {}, h('td', {}, d.kind), h('td', {}, d.transIdO ?? d.TransIDO ?? ''), h('td', {}, JSON.stringify(d)))),
          ),
        ),
      ),
    );
  });
}
