// Money: reconciliation results per check date, the settlement statements of a month as the
// 31 × 31 payable matrix with each province's net (the nets sum to zero), and group
// collection per cycle. Each card reads its family's admin resource, found in the gateway's
// OpenAPI document by the parameter it takes, so a gateway without that family says so.
import { api, h } from './dom.js';
import { t } from './i18n.js';
import { netChart } from './money-chart.js';
import { reconciliationCard } from './reconciliation.js';

export function moneyView(root) {
  root.append(h('h2', {}, t('money.title')));
  const holder = h('div', { id: 'money' }, h('p', { class: 'muted' }, t('common.loading')));
  root.append(holder);
  api('../admin/openapi.json')
    .then((doc) => {
      const paths = Object.keys(doc.paths ?? {});
      const find = (pattern) => paths.find((p) => pattern.test(p));
      holder.replaceChildren(
        reconciliationCard(find(/^\/reconciliation[^{]*\/\{checkDate\}$/)),
        settlementCard(find(/^\/settlements\/\{month\}$/)),
        groupCard(
          find(/^\/group-collection\/\{cycle\}$/),
          find(/^\/group-collection\/\{cycle\}\/\{groupId\}$/),
          find(/^\/group-revenue\/\{cycle\}\/\{groupId\}$/),
        ),
      );
    })
    .catch((error) => holder.replaceChildren(h('p', { class: 'error' }, `${t('common.error')}: ${error.message}`)));
}

/** A card with one input and what the family answers for it. */
export function queryCard(id, title, input, route, render) {
  const out = h('div', { class: 'answer' });
  const field = h('input', { name: input.name, placeholder: input.placeholder, value: input.value ?? '' });
  const show = async () => {
    out.replaceChildren(h('p', { class: 'muted' }, t('common.loading')));
    try {
      out.replaceChildren(await render(await api(`../admin${route.replace(`{${input.name}}`, encodeURIComponent(field.value.trim()))}`), field.value.trim()));
    } catch (error) {
      out.replaceChildren(h('p', { class: 'error' }, error.message));
    }
  };
  field.addEventListener('keydown', (e) => e.key === 'Enter' && show());
  if (!route) return h('section', { class: 'card', id }, h('h2', {}, title), h('p', { class: 'muted' }, t('money.unavailable')));
  return h('section', { class: 'card', id }, h('h2', {}, title), h('p', {}, field, ' ', h('button', { type: 'button', onclick: show }, t('money.show'))), out);
}

function settlementCard(route) {
  return queryCard('settlement', t('money.settlement'), { name: 'month', placeholder: 'YYYYMM' }, route, (month) => settlementMatrix(month.statements));
}

/** Rows: the province that collected (and owes); columns: the home province it owes. */
function settlementMatrix(statements) {
  if (statements.length === 0) return h('p', { class: 'muted' }, t('money.noStatements'));
  const provinces = statements.map((s) => s.province).sort();
  const payable = new Map(statements.map((s) => [s.province, new Map(s.counterparts.map((c) => [c.province, c.payableAmount]))]));
  const yuan = (fen) => (fen === undefined || fen === 0 ? '' : (fen / 100).toFixed(2));
  const nets = statements.map((s) => s.netAmount);
  const sum = nets.reduce((a, b) => a + b, 0);
  const table = h(
    'table',
    { id: 'settlement-matrix', class: 'matrix' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('money.payer')),
        provinces.map((p) => h('th', {}, p)),
        h('th', {}, t('money.net')),
      ),
    ),
    h(
      'tbody',
      {},
      statements
        .slice()
        .sort((a, b) => a.province.localeCompare(b.province))
        .map((s) =>
          h(
            'tr',
            { dataset: { province: s.province } },
            h('th', {}, s.province),
            provinces.map((p) => h('td', {}, yuan(payable.get(s.province)?.get(p)))),
            h('td', { class: 'net' }, (s.netAmount / 100).toFixed(2)),
          ),
        ),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { colspan: provinces.length + 1 }, t('money.netSum')),
        h('td', { id: 'net-sum', class: sum === 0 ? 'code-ok' : 'code-bad' }, (sum / 100).toFixed(2)),
      ),
    ),
  );
  return h('div', {}, netChart(statements), h('div', { class: 'scroll' }, table), h('p', { class: 'muted' }, t('money.yuan')));
}

function groupCard(listRoute, groupRoute, revenueRoute) {
  return queryCard('groups', t('money.groups'), { name: 'cycle', placeholder: 'YYYYMM' }, listRoute, (answer, cycle) => {
    const detail = h('div');
    const open = async (groupId) => {
      const fill = (route) => route.replace('{cycle}', encodeURIComponent(cycle)).replace('{groupId}', encodeURIComponent(groupId));
      const [collection, revenue] = await Promise.all([
        api(`../admin${fill(groupRoute)}`),
        revenueRoute ? api(`../admin${fill(revenueRoute)}`).catch(() => undefined) : undefined,
      ]);
      detail.replaceChildren(groupDetail(collection, revenue));
    };
    const rows = answer.groups.map((g) =>
      h(
        'tr',
        { class: 'exchange', dataset: { group: g.groupId }, onclick: () => open(g.groupId) },
        h('td', {}, g.groupId),
        h('td', {}, g.name),
        h('td', {}, g.bill),
        h('td', {}, `${t('money.uploaded')} ${g.uploaded.length}`),
        h('td', { class: g.missing.length ? 'code-bad' : 'muted' }, `${t('money.missing')} ${g.missing.join(' ') || '—'}`),
      ),
    );
    return h('div', {}, h('table', { id: 'group-list' }, rows), detail);
  });
}

function groupDetail(c, revenue) {
  const stage = new Map((revenue?.provinces ?? []).map((p) => [p.province, p]));
  return h(
    'section',
    { class: 'card', id: 'group-detail' },
    h('h2', {}, `${c.groupId} ${c.name} · ${c.cycle}`),
    h('p', {}, `${t('money.collectProvince')} ${c.collectProvince} · ${t('money.bill')} ${c.bill} · ${(c.totalAmount / 100).toFixed(2)}`),
    h(
      'p',
      {},
      `${t('money.collection')}: ${c.collection ? `${c.collection.status} ${(c.collection.collectedAmount / 100).toFixed(2)}` : '—'}${revenue ? ` · ${t('money.revenueStage')}: ${revenue.stage}` : ''}`,
    ),
    h(
      'table',
      {},
      h(
        'tr',
        {},
        ['col.province', 'money.uploaded', 'money.billed', 'money.allocated', 'money.writeOff', 'money.revenue'].map((k) => h('th', {}, t(k))),
      ),
      c.provinces.map((p) =>
        h(
          'tr',
          {},
          h('td', {}, p.province),
          h('td', {}, p.uploaded ? '✓' : p.late ? t('money.late') : '—'),
          h('td', {}, p.billedAmount === undefined ? '' : (p.billedAmount / 100).toFixed(2)),
          h('td', {}, p.allocatedAmount === undefined ? '' : (p.allocatedAmount / 100).toFixed(2)),
          h('td', {}, p.writeOff?.state ?? '—'),
          h('td', {}, stageText(stage.get(p.province))),
        ),
      ),
    ),
  );
}

function stageText(p) {
  const result = p?.final ?? p?.preliminary;
  return result ? `${(result.transferAmount / 100).toFixed(2)} (${p.final ? 'final' : 'preliminary'})` : '—';
}
