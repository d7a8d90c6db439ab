import { expect } from 'chai';
import { NumberSegmentTable, parseSegmentsCsv } from './number-segments';
import { PROVINCE_CODES } from './provinces';

describe('number-segment table', () => {
  const table = NumberSegmentTable.fromCsvFile();

  it('finds a mobile number by its 7-digit prefix', () => {
    expect(table.lookup('13051000001')).to.include({ province: '51', city: '广州' });
    expect(table.lookup('18636010001')?.province).to.equal('36');
  });

  it('finds a fixed-line number by the longest matching area code', () => {
    expect(table.lookup('075588888881')?.city).to.equal('深圳');
    expect(table.lookup('02088888881')?.city).to.equal('广州');
    expect(table.lookup('03118888881')?.province).to.equal('18');
  });

  it('knows nothing of numbers outside the table', () => {
    expect(table.lookup('13099990001')).to.equal(undefined);
  });

  it('ships a sample covering all 31 provinces', () => {
    const covered = new Set(table.all().map((s) => s.province));
    expect([...covered].sort()).to.deep.equal([...PROVINCE_CODES].sort());
  });

  it('refuses unknown provinces, duplicate prefixes and malformed lines', () => {
    expect(() => new NumberSegmentTable([{ prefix: '1300000', province: '99', city: 'x' }])).to.throw(/unknown province/);
    expect(
      () =>
        new NumberSegmentTable([
          { prefix: '1300000', province: '51', city: 'x' },
          { prefix: '1300000', province: '36', city: 'y' },
        ]),
    ).to.throw(/twice/);
    expect(() => parseSegmentsCsv('13000,51')).to.throw(/prefix,province,city/);
  });
});
