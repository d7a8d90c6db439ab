import { expect } from 'chai';
import { GroupCustomer, GroupCustomerTable, loadGroupCustomers, parseGroupCustomers } from './group-customers';
import { NumberSegmentTable } from './number-segments';
import { PROVINCE_CODES } from './provinces';

const group = (over: Partial<GroupCustomer> = {}): GroupCustomer => ({
  groupId: 'G1',
  name: '测试集团',
  collectProvince: '51',
  memberProvinces: ['51', '36'],
  members: [
    { province: '51', serviceNumber: '15651001001' },
    { province: '36', serviceNumber: '15636001001' },
  ],
  ...over,
});

describe('group customer table', () => {
  const table = loadGroupCustomers();

  it('ships a group spanning all 31 provinces, one with a single member province, and several spanning many', () => {
    const sizes = table.all().map((g) => g.memberProvinces.length);
    expect(table.all().some((g) => [...g.memberProvinces].sort().join() === [...PROVINCE_CODES].sort().join())).to.equal(true);
    expect(sizes.filter((n) => n === 1)).to.have.length.at.least(1);
    expect(sizes.filter((n) => n > 5)).to.have.length.at.least(2);
  });

  it('lists member numbers that fall in their own province by the number-segment table', () => {
    expect(() => table.checkAgainst(NumberSegmentTable.fromCsvFile())).not.to.throw();
    const bad = new GroupCustomerTable([
      group({
        members: [
          { province: '51', serviceNumber: '15636001001' },
          { province: '36', serviceNumber: '15636001002' },
        ],
      }),
    ]);
    expect(() => bad.checkAgainst(NumberSegmentTable.fromCsvFile())).to.throw(/segment is 36/);
  });

  it('looks groups up and tells member provinces from others', () => {
    const t = new GroupCustomerTable([group()]);
    expect(t.get('G1')?.collectProvince).to.equal('51');
    expect(t.get('G2')).to.equal(undefined);
    expect(t.isMember('G1', '36')).to.equal(true);
    expect(t.isMember('G1', '11')).to.equal(false);
    expect(t.isMember('G2', '36')).to.equal(false);
    expect(t.membersIn('G1', '36').map((m) => m.serviceNumber)).to.deep.equal(['15636001001']);
    expect(t.groupOfNumber('15651001001')?.groupId).to.equal('G1');
  });

  it('refuses malformed groups', () => {
    expect(() => new GroupCustomerTable([group(), group()])).to.throw(/twice/);
    expect(() => new GroupCustomerTable([group({ groupId: 'G-1' })])).to.throw(/letters and digits/);
    expect(() => new GroupCustomerTable([group({ collectProvince: '99' })])).to.throw(/collecting province/);
    expect(() => new GroupCustomerTable([group({ memberProvinces: ['51', '36', '11'] })])).to.throw(/11 has no member/);
    expect(() => new GroupCustomerTable([group({ memberProvinces: ['51'] })])).to.throw(/not a member province/);
    expect(() => new GroupCustomerTable([group(), group({ groupId: 'G2' })])).to.throw(/already a member of group G1/);
    expect(() => parseGroupCustomers('{"groups": [{"groupId": "G1"}]}')).to.throw(/needs groupId/);
    expect(() => parseGroupCustomers('[')).to.throw(/not JSON/);
  });
});
