/**
 * The query family (chapter 4): 4.2.1 QueryRemoteAccount served by HQ; 4.2.2 QueryAccount is
 * the H→P leg it calls (remote-account-query.ts). No records, no settings, no jobs. The mock
 * provinces' side of 4.2.2 is in mocks/province-billing/billing-handlers.ts (queryAccount).
 */
import { defineFamily } from '../family';
import { queryRemoteAccount } from './remote-account-query';

export const queryFamily = defineFamily({
  name: 'query',
  interfaces: ['4.2.1', '4.2.2'],
  settings: () => ({}),
  handlers: (deps) => ({ '4.2.1': { QueryRemoteAccount: queryRemoteAccount(deps) } }),
  mock: 'mocks/province-billing/billing-handlers.ts (4.2.2 QueryAccount)',
});
