/**
 * The instance id is part of every TransIDH (domain/message-head.ts) and names the owner of a
 * job's lease, so it must be exactly two characters 0-9 / A-Z: the configuration and the
 * generator both refuse one with anything before or after those two.
 */
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../config';
import { TransIdHGenerator } from './message-head';
import { TRANSIDH_FORMAT } from '../../test/support/heads';

const REFUSED = ['x07', '07x', '007', '0', '', '07\n', '\n07', 'a7', '0-'];

describe('instance id: exactly two characters 0-9 / A-Z, anchored at both ends', () => {
  it('the configuration accepts INSTANCE_ID 07 and Z9, and refuses anything around or instead of two such characters', () => {
    expect(loadConfig({ INSTANCE_ID: '07' }).instanceId).to.equal('07');
    expect(loadConfig({ INSTANCE_ID: 'Z9' }).instanceId).to.equal('Z9');
    for (const id of REFUSED) {
      expect(() => loadConfig({ INSTANCE_ID: id }), JSON.stringify(id))
        .to.throw(ConfigError)
        .with.property('problems')
        .that.satisfies((problems: string[]) => problems.some((p) => p.startsWith(`INSTANCE_ID="${id}" must be two characters`)));
    }
  });

  it('the TransIDH generator takes 07 and refuses anything around or instead of two such characters', () => {
    expect(new TransIdHGenerator('07').next()).to.match(TRANSIDH_FORMAT);
    for (const id of REFUSED) expect(() => new TransIdHGenerator(id), JSON.stringify(id)).to.throw('instance id must be two characters');
  });
});
