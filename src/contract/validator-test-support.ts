/** What the validator suites share: the 4.2.1 request they validate, and the violation a call must throw. */
import { resolve } from 'node:path';
import { parseXml } from '../xml/xml-tree';
import { ContractCatalogue } from './catalogue';
import { SchemaViolation } from './validator';

export const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
export const query = contracts.get('4.2.1').operations.get('QueryRemoteAccount')!;
export const NS = 'http://ucrm.chinaunicom.cn/vol10';

/** A QueryRemoteAccountReq holding `inner`, with `attrs` on its root. */
export const req = (inner: string, attrs = '') => parseXml(`<v:QueryRemoteAccountReq xmlns:v="${NS}"${attrs}>${inner}</v:QueryRemoteAccountReq>`);

/** The SchemaViolation `fn` throws; any other error passes through, and no error at all fails the test. */
export const violation = (fn: () => unknown): SchemaViolation => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SchemaViolation) return error;
    throw error;
  }
  throw new Error('expected a schema violation');
};
