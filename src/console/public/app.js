// The console's shell: the views by URL hash (#/journal, #/exchange/<seq>, #/scenarios,
// #/money, #/operations), the language switch, and the live journal's connection, which
// stays open whichever view is shown.
import { currentLanguage, setLanguage, translatePage } from './i18n.js';
import { connect } from './live.js';
import { journalView } from './journal.js';
import { exchangeView } from './exchange.js';
import { scenariosView } from './scenarios.js';
import { moneyView } from './money.js';
import { operationsView } from './operations.js';

const VIEWS = { journal: journalView, exchange: exchangeView, scenarios: scenariosView, money: moneyView, operations: operationsView };
let leave;

function show() {
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS[name] ? name : 'journal';
  leave?.();
  const root = document.getElementById('view');
  root.replaceChildren();
  root.dataset.view = view;
  leave = VIEWS[view](root, arg);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === (view === 'exchange' ? 'journal' : view));
}

function applyLanguage() {
  translatePage();
  document.getElementById('language').textContent = currentLanguage() === 'zh' ? 'English' : '中文';
  show();
}

document.getElementById('language').addEventListener('click', () => {
  setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
  applyLanguage();
});
window.addEventListener('hashchange', show);
setLanguage(currentLanguage());
connect();
applyLanguage();
