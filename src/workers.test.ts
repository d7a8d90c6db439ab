import { expect } from 'chai';
import { StartError } from './transport/ports';
import { workerInstanceId } from './workers';

describe('workers: each worker its own INSTANCE_ID', () => {
  it('counts up from INSTANCE_ID in base 36, two characters', () => {
    expect([0, 1, 2].map((k) => workerInstanceId('A0', k))).to.deep.equal(['A0', 'A1', 'A2']);
    expect([0, 1, 2].map((k) => workerInstanceId('09', k))).to.deep.equal(['09', '0A', '0B']);
    expect(workerInstanceId('AZ', 1)).to.equal('B0');
  });

  it('refuses, naming INSTANCE_ID, a range that runs past ZZ', () => {
    expect(() => workerInstanceId('ZY', 2)).to.throw(StartError, /INSTANCE_ID=ZY leaves no room for worker 3/);
  });
});
