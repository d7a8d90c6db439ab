/**
 * What a handler is: a function from a validated, routed request to a business outcome
 * (a RspCode and a response body). Handlers never see XML, HTTP or the response head. Each
 * is typed for its operation: the request body arrives as the contract's request type, the
 * answer is checked against its response type (contract/generated/bodies.ts).
 */
import { RspCode } from '../contract/rsp-codes';
import { XmlRecord } from '../contract/schema-model';
import { InterfaceNumber, OperationName, OperationsOf, RequestOf, ResponseOf } from '../contract/typed-values';
import { MessageHead } from '../domain/message-head';
import { ProvinceCode } from '../domain/provinces';

/** The province a request is routed to, and how it was found. */
export interface Route {
  province: ProvinceCode;
  by: 'number' | 'province';
}

export interface HandlerRequest<Body = unknown> {
  head: MessageHead;
  body: Body;
  route: Route;
  transIdH: string;
  receivedAt: number;
}

export interface HandlerResult<Body extends object = object> {
  rspCode: RspCode;
  rspDesc?: string;
  body: Body;
  /** A replayed answer carries the TransIDH of the original exchange, not a new one. */
  transIdH?: string;
}

export type OperationHandler<O extends OperationName> = (request: HandlerRequest<RequestOf<O>>) => Promise<HandlerResult<ResponseOf<O>>>;

/** A family's handlers: interface number → operation name → handler. */
export type HandlerTable = { [N in InterfaceNumber]?: { [O in OperationsOf<N>]?: OperationHandler<O> } };

/** A handler as the dispatcher calls it: found by the names the request carried at run time. */
export type FoundHandler = (request: HandlerRequest<XmlRecord>) => Promise<HandlerResult>;

/**
 * The handler of `operation` of interface `interfaceNumber`, if any. The cast is the contract
 * typing's (contract/typed-values.ts): the body it will get was validated by this operation's
 * request declaration, which is what its type was generated from.
 */
export function handlerOf(table: HandlerTable, interfaceNumber: string, operation: string): FoundHandler | undefined {
  const byNumber = table as unknown as Partial<Record<string, Partial<Record<string, FoundHandler>>>>;
  return Object.hasOwn(byNumber, interfaceNumber) ? byNumber[interfaceNumber]![operation] : undefined;
}
