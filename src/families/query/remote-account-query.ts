/**
 * 4.2.1 remote account query: the collecting province asks about a number that lives in
 * another province; HQ asks the home province (4.2.2) and relays its answer, with the
 * customer's name masked.
 */
import { RSP } from '../../contract/rsp-codes';
import { relayedRspCode, rspCodeOfProvinceFailure } from '../../contract/faults';
import { hqRequestHead } from '../../domain/message-head';
import { maskCustomerName } from '../../domain/masking';
import { OperationHandler } from '../../handlers/handler';
import { ProvinceCallError } from '../../provinces/province-client';
import { HandlerDeps } from '../../handlers/handler-deps';

export function queryRemoteAccount(deps: HandlerDeps): OperationHandler<'QueryRemoteAccount'> {
  const accountQuery = deps.contracts.get('4.2.2');
  return async ({ head, body: req, route, transIdH }) => {
    const home = route.province;
    const echo = { ServiceNumber: req.ServiceNumber, HomeProvince: home };
    if (home === req.CollectProvince) return { rspCode: RSP.NOT_REMOTE, body: echo };

    let answer;
    try {
      answer = await deps.provinces.call(
        home,
        accountQuery,
        'QueryAccount',
        hqRequestHead('4.2.2', home, { procId: head.ProcID, transIdO: head.TransIDO, transIdH, testFlag: head.TestFlag }),
        {
          ServiceNumber: req.ServiceNumber,
          CollectProvince: req.CollectProvince,
          BillCycle: req.BillCycle,
        },
      );
    } catch (error) {
      // A query changes nothing: whatever the failure, HQ answers "unavailable".
      if (error instanceof ProvinceCallError) return { rspCode: rspCodeOfProvinceFailure(error.failure, false), rspDesc: error.message, body: echo };
      throw error;
    }
    if (answer.head.RspCode !== RSP.SUCCESS) return { rspCode: relayedRspCode(answer.head.RspCode), rspDesc: answer.head.RspDesc, body: echo };
    const account = answer.body.AccountInfo;
    return {
      rspCode: RSP.SUCCESS,
      // The echo's two fields named, not spread in: \`{ ...echo, … }\` here made V8 keep every
      // answer's body past two young-generation collections (measured, docs/BENCHMARKS.md).
      body: {
        ServiceNumber: echo.ServiceNumber,
        HomeProvince: echo.HomeProvince,
        AccountInfo: account && { ...account, CustName: maskCustomerName(account.CustName) },
        BillCycle: answer.body.BillCycle,
        BillItem: answer.body.BillItem,
      },
    };
  };
}
