/**
 * Where the run-time contract meets the static types. The validator's value of a declaration
 * has the type generated/bodies.ts gives that declaration: bodies.ts is generated from the
 * same compiled schema (body-types.ts), and a test fails when it is stale. So the casts here
 * state a fact the build checks. The one other such cast is the dispatcher's handler lookup
 * (handlers/handler.ts, handlerOf): a request body goes to the handler of the operation whose
 * declaration validated it.
 */
import { Operations, UniBSSHead } from './generated/bodies';
import { XmlRecord } from './schema-model';

export type OperationName = keyof Operations;
export type RequestOf<O extends OperationName> = Operations[O]['request'];
export type ResponseOf<O extends OperationName> = Operations[O]['response'];
export type InterfaceNumber = Operations[OperationName]['interface'];
/** The operations of interface N. */
export type OperationsOf<N extends InterfaceNumber> = { [O in OperationName]: Operations[O]['interface'] extends N ? O : never }[OperationName];

/** A UniBSSHead the validator produced from the header declaration. */
export function validatedHead(value: XmlRecord): UniBSSHead {
  return value as unknown as UniBSSHead;
}

/** A response body the validator produced from operation O's response declaration. */
export function validatedResponse<O extends OperationName>(_operation: O, value: XmlRecord): ResponseOf<O> {
  return value as ResponseOf<O>;
}
