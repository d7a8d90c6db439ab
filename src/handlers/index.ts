/**
 * Every interface family the gateway serves. Adding a family is: its WSDLs under wsdl/,
 * its handler module here, its H→P stubs under mocks/. Nothing else changes.
 */
import { HandlerTable } from './handler';
import { HandlerDeps } from './handler-deps';
import { paymentFamily } from './payment';
import { queryFamily } from './query';

export function allHandlers(deps: HandlerDeps): HandlerTable {
  return { ...queryFamily(deps), ...paymentFamily(deps) };
}
