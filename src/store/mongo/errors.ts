/**
 * Which failures mean "the database cannot be reached or did not answer in time" — the
 * port's StoreUnavailableError, which the dispatcher turns into a retryable fault — as
 * opposed to a bug or a refused write, which must surface as they are.
 */
import mongoose from 'mongoose';
import { StoreUnavailableError } from '../ports';

/** Driver and mongoose errors, by name: the name survives duplicate copies of the driver. */
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/** Server answers that mean "not now": shutting down, not primary, timed out, unreachable. */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Mongoose's own wording for "no connection" (it has no dedicated classes for these). */
const UNAVAILABLE_MESSAGES = /buffering timed out|before initial connection is complete|connection was force closed|client must be connected/i;

export function isUnavailable(error: unknown): boolean {
  return causesOf(error).some(isUnavailableItself);
}

function isUnavailableItself(error: Error): boolean {
  if (error instanceof mongoose.mongo.MongoNetworkError || error instanceof mongoose.mongo.MongoServerSelectionError) return true;
  if (UNAVAILABLE_NAMES.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * The error and what it wraps: insertMany reports a lost connection as a MongoBulkWriteError
 * whose `errorResponse` is the MongoNetworkError, and other wrappers use `cause`.
 */
function causesOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 5 && !chain.includes(e);) {
    chain.push(e);
    const wrapped = e as { errorResponse?: unknown; cause?: unknown };
    e = wrapped.errorResponse instanceof Error ? wrapped.errorResponse : wrapped.cause;
  }
  return chain;
}

/** Runs one store operation, reporting an unreachable database as StoreUnavailableError. */
export async function guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUnavailable(error)) {
      throw new StoreUnavailableError(`MongoDB unavailable during ${operation}: ${(error as Error).message}`, error);
    }
    throw error;
  }
}

/**
 * A cursor's documents, with an unreachable database reported as StoreUnavailableError
 * whether it fails on the first batch or mid-stream (a day's reconciliation reads for long).
 */
export async function* guardedStream<T>(operation: string, stream: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* stream;
  } catch (error) {
    if (isUnavailable(error)) throw new StoreUnavailableError(`MongoDB unavailable during ${operation}: ${(error as Error).message}`, error);
    throw error;
  }
}

/** E11000: the insert lost to an existing document with the same unique key. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}
