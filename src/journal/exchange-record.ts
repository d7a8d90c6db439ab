/**
 * The account of one exchange, inbound (a province called HQ) or outbound (HQ called a
 * province), emitted when it ends, for the journal and the log. It carries the XML both
 * ways so nothing a province sent is lost. Every layer that talks to the outside emits
 * these; only the composition root decides where they go.
 */
import { FaultName } from '../contract/faults';
import { MessageHead } from '../domain/message-head';
import { NearMiss, ScenarioFired } from './scope';

export interface ExchangeRecord {
  interfaceNumber: string;
  operation?: string;
  direction: 'inbound' | 'outbound';
  requestHead?: MessageHead;
  responseHead?: MessageHead;
  province?: string;
  serviceNumber?: string; // the number the exchange is about, when its body names one
  transIdH?: string;
  rspCode: string;
  fault?: { name: FaultName; reason: string }; // the name from the one catalogue, contract/faults.ts
  httpStatus?: number;
  receivedAt: number; // epoch ms the exchange started
  durationMs: number;
  requestXml: string;
  responseXml: string;
  internalError?: string; // stack of an unexpected error, for the log only
  /** The test scope the exchange belongs to (journal/scope.ts); none: the default. */
  scope?: string;
  /** Mock mode: the scenario that decided the answer, or the closest that did not match. */
  scenario?: ScenarioFired;
  nearMisses?: NearMiss[];
}

/**
 * Told of each exchange as it ends. What it returns is ignored, except that the SOAP endpoint
 * answers only once a returned promise settles (the journal's durable entries, for the
 * interfaces that move money).
 */
export type ExchangeObserver = (record: ExchangeRecord) => unknown;
