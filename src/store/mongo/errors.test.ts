import { expect } from 'chai';
import mongoose from 'mongoose';
import { StoreUnavailableError } from '../ports';
import { guarded, guardedStream, isDuplicateKey, isUnavailable } from './errors';

const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });
const coded = (code: number): Error => Object.assign(new Error('server said no'), { code });

describe('mongo store errors', function () {
  it('takes network, server-selection and not-connected failures as "unavailable"', function () {
    expect(isUnavailable(new mongoose.mongo.MongoNetworkError('connection closed'))).to.equal(true);
    expect(isUnavailable(new mongoose.mongo.MongoNetworkTimeoutError('timed out'))).to.equal(true);
    for (const name of [
      'MongooseServerSelectionError',
      'MongoServerSelectionError',
      'MongoNotConnectedError',
      'MongoTopologyClosedError',
      'MongoPoolClearedError',
    ]) {
      expect(isUnavailable(named(name)), name).to.equal(true);
    }
    expect(isUnavailable(new Error('Operation `journal.findOne()` buffering timed out after 10000ms'))).to.equal(true);
    expect(isUnavailable(new Error('Cannot call `journal.findOne()` before initial connection is complete if `bufferCommands = false`'))).to.equal(true);
    expect(isUnavailable(coded(91))).to.equal(true); // ShutdownInProgress
    expect(isUnavailable(coded(10107))).to.equal(true); // NotWritablePrimary
  });

  it('looks inside wrappers: a bulk write that lost its connection is unavailable too', function () {
    const bulk = Object.assign(named('MongoBulkWriteError', 'connect ECONNREFUSED'), { errorResponse: new mongoose.mongo.MongoNetworkError('closed') });
    expect(isUnavailable(bulk)).to.equal(true);
    expect(isUnavailable(new Error('wrapped', { cause: named('MongoServerSelectionError') }))).to.equal(true);
  });

  it('leaves bugs and refused writes alone', function () {
    expect(isUnavailable(coded(11000))).to.equal(false);
    expect(isUnavailable(new TypeError('undefined is not a function'))).to.equal(false);
    expect(isUnavailable(named('StrictModeError', 'Field `x` is not in schema'))).to.equal(false);
    expect(isUnavailable('a string')).to.equal(false);
    expect(isUnavailable(undefined)).to.equal(false);
  });

  it('guarded() turns only "unavailable" into StoreUnavailableError, keeping the cause', async function () {
    const cause = new mongoose.mongo.MongoNetworkError('closed');
    const error = await guarded('journal.find', () => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).cause).to.equal(cause);
    expect((error as Error).message).to.contain('journal.find');
    const bug = new TypeError('bug');
    expect(await guarded('x', () => Promise.reject(bug)).catch((e: unknown) => e)).to.equal(bug);
    expect(await guarded('x', async () => 42)).to.equal(42);
  });

  it('guardedStream() reports a cursor that loses the database mid-stream as StoreUnavailableError, after what it read', async function () {
    async function* failingAfterOne(error: Error) {
      yield 1;
      throw error;
    }
    const read: number[] = [];
    const cause = new mongoose.mongo.MongoNetworkError('closed');
    const error = await (async () => {
      for await (const n of guardedStream('payments.streamDay', failingAfterOne(cause))) read.push(n);
    })().catch((e: unknown) => e);
    expect(read).to.deep.equal([1]);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).cause).to.equal(cause);
    expect((error as Error).message).to.contain('during payments.streamDay: closed');
    const bug = new TypeError('bug');
    const passed = await (async () => {
      for await (const n of guardedStream('x', failingAfterOne(bug))) void n;
    })().catch((e: unknown) => e);
    expect(passed).to.equal(bug);
  });

  it('knows a duplicate key when it sees one', function () {
    expect(isDuplicateKey(coded(11000))).to.equal(true);
    expect(isDuplicateKey(coded(11001))).to.equal(false);
    expect(isDuplicateKey(null)).to.equal(false);
  });
});
