/**
 * What the transport hands the dispatcher (a validated request) and gets back (the head and
 * body to answer with). Everything below the transport speaks in these terms, never in XML.
 */
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { MessageHead } from '../domain/message-head';

export interface InboundExchange {
  readonly contract: InterfaceContract;
  readonly operation: OperationContract;
  readonly head: MessageHead;
  readonly body: XmlRecord;
  readonly receivedAt: number; // epoch ms
  /**
   * The exchange's TransIDH, set once by whoever numbers it (HQ's dispatcher; a province
   * keeps the one HQ sent). The answer's head, the fault detail and the journal all read it here.
   */
  transIdH: string | undefined;
  /** The province the exchange concerns (the home province for forwarded calls), once known. */
  province: string | undefined;
}

export interface ExchangeReply {
  head: MessageHead;
  body: object; // the operation's response body, checked against its declaration when serialised
}

export type Dispatch = (exchange: InboundExchange) => Promise<ExchangeReply>;
