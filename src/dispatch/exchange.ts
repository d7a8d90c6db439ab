/**
 * What the transport hands the dispatcher (a validated request) and gets back (the head and
 * body to answer with). Everything below the transport speaks in these terms, never in XML.
 */
import { InterfaceContract, OperationContract } from '../contract/interface-contract';
import { XmlRecord } from '../contract/schema-model';
import { MessageHead } from '../domain/message-head';

export interface InboundExchange {
  contract: InterfaceContract;
  operation: OperationContract;
  head: MessageHead;
  body: XmlRecord;
  receivedAt: number; // epoch ms
  /** Facts the dispatcher and handlers learn on the way, carried into the journal and log. */
  notes: ExchangeNotes;
}

export interface ExchangeNotes {
  transIdH?: string;
  province?: string; // the province the exchange concerns (home province for forwarded calls)
}

export interface ExchangeReply {
  head: MessageHead;
  body: XmlRecord;
}

export type Dispatch = (exchange: InboundExchange) => Promise<ExchangeReply>;
