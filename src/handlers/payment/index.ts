/** The payment family (chapters 5 and 6): 5.2.1 and 6.2.1 served by HQ; 5.2.2 and 6.2.2 are their H→P legs. */
import { HandlerTable } from '../handler';
import { HandlerDeps } from '../handler-deps';
import { remotePay } from './remote-pay';
import { remotePayReverse } from './remote-pay-reverse';
import { InFlight } from './payment-records';

export { PendingResolver } from './pending-resolver';

export function paymentFamily(deps: HandlerDeps): HandlerTable {
  return {
    '5.2.1': { RemotePay: remotePay(deps, new InFlight()) },
    '6.2.1': { RemotePayReverse: remotePayReverse(deps) },
  };
}
