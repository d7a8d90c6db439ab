/**
 * HQ's dispatcher: gives every inbound exchange its TransIDH (on the exchange, where the
 * answer's head, the fault detail and the journal read it), finds the province the
 * request is about (RouteType 01: the number-segment table; 00: the province code), calls
 * the interface's handler and turns its result into the response head. Interfaces whose
 * family has no handler yet answer a Server fault that says so.
 */
import { InterfaceContract } from '../contract/interface-contract';
import { MessageHead, responseHead, TransIdHGenerator } from '../domain/message-head';
import { NumberSegmentTable } from '../domain/number-segments';
import { isProvinceCode } from '../domain/provinces';
import { RSP } from '../contract/rsp-codes';
import { SoapFaultError } from '../contract/faults';
import { handlerOf, HandlerTable, Route } from '../handlers/handler';
import { StoreUnavailableError } from '../store/ports';
import { Dispatch, InboundExchange } from './exchange';

export class Dispatcher {
  constructor(
    private readonly handlers: HandlerTable,
    private readonly segments: NumberSegmentTable,
    private readonly transIds: TransIdHGenerator,
  ) {}

  isImplemented(contract: InterfaceContract): boolean {
    return Object.hasOwn(this.handlers, contract.number);
  }

  /** The dispatch function the transport calls for one interface. */
  forInterface(contract: InterfaceContract): Dispatch {
    return async (exchange: InboundExchange) => {
      const transIdH = this.transIds.next();
      exchange.transIdH = transIdH;
      const handler = handlerOf(this.handlers, contract.number, exchange.operation.name);
      if (!handler) {
        throw new SoapFaultError('NOT_IMPLEMENTED', `interface ${contract.number} (${exchange.operation.name}) is not implemented by this gateway yet`);
      }
      const { head } = exchange;
      const route = this.route(head);
      if (!route) {
        return { head: responseHead(head, transIdH, RSP.NUMBER_NOT_FOUND), body: {} };
      }
      exchange.province = route.province;
      const result = await storeFaults(() => handler({ head, body: exchange.body, route, transIdH, receivedAt: exchange.receivedAt }));
      // A replayed answer is the original exchange's, under the original's TransIDH.
      if (result.transIdH) exchange.transIdH = result.transIdH;
      return { head: responseHead(head, exchange.transIdH, result.rspCode, result.rspDesc), body: result.body };
    };
  }

  private route(head: MessageHead): Route | undefined {
    if (head.RouteType === '00') {
      if (!isProvinceCode(head.RouteValue)) {
        throw new SoapFaultError('BAD_ROUTE', `/UniBSSHead/RouteValue: RouteType 00 needs a province code, "${head.RouteValue}" is none`);
      }
      return { province: head.RouteValue, by: 'province' };
    }
    const segment = this.segments.lookup(head.RouteValue);
    return segment && { province: segment.province, by: 'number' };
  }
}

/** A database that cannot be reached is a Server fault (9999) the province may retry. */
async function storeFaults<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      throw new SoapFaultError('STORE_UNAVAILABLE', 'the HQ database is unavailable; ask again with the same TransIDO');
    throw error;
  }
}
