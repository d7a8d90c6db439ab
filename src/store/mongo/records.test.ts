import { expect } from 'chai';
import { definedOnly, fromStored, pageOf, prefixRange, timeRange } from './records';

describe('mongo store records', function () {
  it('bounds a key prefix by code point', function () {
    expect(prefixRange('202402|')).to.deep.equal({ $gte: '202402|', $lt: '202402}' });
    expect(prefixRange('a\u{10FFFF}')).to.deep.equal({ $gte: 'a\u{10FFFF}', $lt: 'b' });
    expect(prefixRange('\u{10FFFF}')).to.deep.equal({ $gte: '\u{10FFFF}' });
    expect(prefixRange('a\uD7FF')).to.deep.equal({ $gte: 'a\uD7FF', $lt: 'a\uE000' });
    expect(prefixRange('\u7701')).to.deep.equal({ $gte: '\u7701', $lt: '\u7702' }); // 省
  });

  it('reads a page of limit 0 as nothing, as the port does (MongoDB would read it as no limit)', function () {
    expect(pageOf({ limit: 0 })).to.equal(undefined);
    expect(pageOf({ limit: 5 })).to.deep.equal({ skip: 0, limit: 5 });
    expect(pageOf({ limit: 5, skip: 10 })).to.deep.equal({ skip: 10, limit: 5 });
  });

  it('builds filters from the conditions given only', function () {
    const from = new Date(1);
    expect(timeRange()).to.equal(undefined);
    expect(timeRange(from)).to.deep.equal({ $gte: from });
    expect(definedOnly({ a: 1, b: undefined, c: timeRange() })).to.deep.equal({ a: 1 });
  });

  it('strips MongoDB bookkeeping from a stored record', function () {
    expect(fromStored({ _id: 'x', __v: 0, a: 1 })).to.deep.equal({ a: 1 });
  });
});
