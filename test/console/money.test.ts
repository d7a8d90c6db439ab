/**
 * The console's money views in a real browser: a month settled (payments through SOAP on
 * November days, the days marked reconciled, the settlement job run) shown as the payable
 * matrix whose nets sum to zero, with its chart; and a group collection cycle (driven by the
 * group simulator) listed with one group opened. Required under CI=true, like console.test.ts.
 */
import { expect } from 'chai';
import { Browser, Page } from 'playwright-core';
import { ContractCatalogue } from '../../src/contract/catalogue';
import { cstTimestamp } from '../../src/domain/cst-time';
import { markReconciled } from '../../src/families/reconciliation/check-days';
import { SETTLE_JOB } from '../../src/families/settlement';
import { checkDatesOf } from '../../src/families/settlement/settlement-month';
import { simulateGroupCycle } from '../../src/simulator/group-cycle';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { RunningSystem, startSystem } from '../support/system';
import { chromiumAvailable, launchChromium, screenshot } from './browser';

const NOVEMBER_10 = Date.parse('2026-11-10T10:00:00+08:00');
const DECEMBER_3 = Date.parse('2026-12-03T09:00:00+08:00');

describe('console: money views in a real browser', function () {
  this.timeout(90000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
  const moveTo = (instant: number) => (clock.offsetMs = instant - Date.now());

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI === 'true') throw new Error('chromium is required under CI (apt-get install chromium)');
      console.warn('      !! SKIPPED console money tests: /usr/bin/chromium not installed (apt-get install chromium)');
      this.skip();
    }
    moveTo(NOVEMBER_10);
    system = await startSystem({ now: clock.now });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows a settled month as the payable matrix, its nets summing to zero', async () => {
    const client = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    const numbers = system.mocks.books
      .get('51')!
      .list()
      .filter((a) => a.userStatus === '0');
    for (const [sender, amount, i] of [
      ['36', 5000, 0],
      ['11', 150, 1],
    ] as const) {
      const number = numbers[i].serviceNumber;
      const head = provinceHead('5.2.1', sender, { type: '01', value: number }, { ProcessTime: cstTimestamp(clock.now()) });
      const paid = await callWithHead(client, 'RemotePay', head, {
        ServiceNumber: number,
        CollectProvince: sender,
        PayAmount: amount,
        PayTime: cstTimestamp(clock.now()),
      });
      expect(paid.head.RspCode).to.equal('0000');
    }
    moveTo(DECEMBER_3);
    for (const date of checkDatesOf('202611')) await markReconciled(system.gateway.store, date, 0, [], new Date(clock.now()));
    expect((await system.gateway.runNow(SETTLE_JOB, { month: '202611' })).outcome).to.equal('ok');

    await page.goto(`${system.gatewayUrl}/console/#/money`);
    await page.fill('#settlement input[name="month"]', '202611');
    await page.click('#settlement button');
    await page.waitForSelector('#settlement-matrix');
    const cell = async (row: string, column: number) => page.locator(`#settlement-matrix tr[data-province="${row}"] td`).nth(column).innerText();
    const columns = await page.locator('#settlement-matrix thead th').allInnerTexts();
    expect(columns).to.have.length(31 + 2);
    expect(await cell('36', columns.indexOf('51') - 1)).to.equal('50.00');
    expect(await cell('11', columns.indexOf('51') - 1)).to.equal('1.50');
    expect(await cell('51', columns.indexOf('36') - 1)).to.equal('');
    // At the default 10 permille: 36 keeps 0.50 of 50.00, 11 keeps 0.02 (0.015 rounded up) of 1.50.
    expect(await page.locator('#settlement-matrix tr[data-province="36"] td.net').innerText()).to.equal('-49.50');
    expect(await page.locator('#settlement-matrix tr[data-province="51"] td.net').innerText()).to.equal('50.98');
    expect(await page.locator('#net-sum').innerText()).to.equal('0.00');
    await page.waitForSelector('#net-chart canvas');
    await screenshot(page, 'money-settlement');
  });

  it('lists the group customers of a cycle and opens one with its provinces', async () => {
    const [report] = await simulateGroupCycle({
      gatewayUrl: system.gatewayUrl,
      mocksUrl: system.mockUrl,
      cycle: '202611',
      outcome: 'PARTIAL',
      contracts: ContractCatalogue.load(),
      groupIds: ['G360000005'],
    });
    await page.goto(`${system.gatewayUrl}/console/#/money`);
    await page.fill('#groups input[name="cycle"]', '202611');
    await page.click('#groups button');
    const row = page.locator('#group-list tr[data-group="G360000005"]');
    await row.waitFor();
    await row.click();
    await page.waitForSelector('#group-detail');
    const detail = await page.locator('#group-detail').innerText();
    expect(detail).to.include('G360000005');
    expect(detail).to.include(`PARTIAL ${(report.collected / 100).toFixed(2)}`);
    await screenshot(page, 'money-groups');
  });
});
