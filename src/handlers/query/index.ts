/** The query family (chapter 4): 4.2.1 served by HQ; 4.2.2 is the H→P leg it calls. */
import { HandlerTable } from '../handler';
import { HandlerDeps } from '../handler-deps';
import { queryRemoteAccount } from './remote-account-query';

export function queryFamily(deps: HandlerDeps): HandlerTable {
  return { '4.2.1': { QueryRemoteAccount: queryRemoteAccount(deps) } };
}
