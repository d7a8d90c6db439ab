/**
 * What a handler is: a function from a validated, routed request to a business outcome
 * (a RspCode and a response body). Handlers never see XML, HTTP or the response head.
 */
import { RspCode } from '../contract/rsp-codes';
import { XmlRecord } from '../contract/schema-model';
import { MessageHead } from '../domain/message-head';

/** The province a request is routed to, and how it was found. */
export interface Route {
  province: string;
  by: 'number' | 'province';
}

export interface HandlerRequest {
  head: MessageHead;
  body: XmlRecord;
  route: Route;
  transIdH: string;
  receivedAt: number;
}

export interface HandlerResult {
  rspCode: RspCode;
  rspDesc?: string;
  body: XmlRecord;
  /** A replayed answer carries the TransIDH of the original exchange, not a new one. */
  transIdH?: string;
}

export type OperationHandler = (request: HandlerRequest) => Promise<HandlerResult>;

/** A family's handlers: interface number → operation name → handler. */
export type HandlerTable = Record<string, Record<string, OperationHandler>>;

