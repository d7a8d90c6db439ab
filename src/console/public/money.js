// Money: reconciliation results, settlement statements and group collection status, from the
// admin API resources the money families publish. Which of them this gateway has is read from
// its OpenAPI document, so the view shows what is there and says so when a family is absent.
import { api, h } from './dom.js';
import { t } from './i18n.js';

export function moneyView(root) {
  const body = h('div', { id: 'money' }, h('p', { class: 'muted' }, t('common.loading')));
  root.append(h('h2', {}, t('money.title')), body);
  api('../admin/openapi.json')
    .then((doc) => {
      const listings = Object.entries(doc.paths ?? {}).filter(([path, item]) => item.get && !path.includes('{') && MONEY.test(path));
      if (listings.length === 0) return body.replaceChildren(h('p', { class: 'muted' }, t('money.unavailable')));
      body.replaceChildren(...listings.map(([path, item]) => listingCard(path, item.get.summary)));
    })
    .catch((error) => body.replaceChildren(h('p', { class: 'error' }, `${t('common.error')}: ${error.message}`)));
}

const MONEY = /reconcil|settle|group|collection|revenue/;

function listingCard(path, summary) {
  const card = h('section', { class: 'card' }, h('h2', {}, path), h('p', { class: 'muted' }, summary ?? ''));
  api(`../admin${path}`)
    .then((answer) => card.append(h('pre', {}, JSON.stringify(answer, null, 2).slice(0, 20000))))
    .catch((error) => card.append(h('p', { class: 'error' }, error.message)));
  return card;
}
