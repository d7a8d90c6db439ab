/**
 * The console in a real browser (headless Chromium): it loads from the gateway, shows a
 * payment made through SOAP as it happens, opens it with both messages and its flow,
 * switches language, shows the operations view and runs a job from it. Required under
 * CI=true (.ci/run installs chromium); skipped with one loud line elsewhere.
 */
import { expect } from 'chai';
import { Browser, Page } from 'playwright-core';
import { cstTimestamp } from '../../src/domain/cst-time';
import { provinceHead } from '../support/heads';
import { callWithHead, soapClient } from '../support/soap-client';
import { RunningSystem, startSystem } from '../support/system';
import { chromiumAvailable, launchChromium, screenshot } from './browser';

describe('console in a real browser', function () {
  this.timeout(60000);
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI === 'true') throw new Error('chromium is required under CI (apt-get install chromium)');
      console.warn('      !! SKIPPED console browser tests: /usr/bin/chromium not installed (apt-get install chromium)');
      this.skip();
    }
    system = await startSystem();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });
  afterEach(() => expect(problems, problems.join('\n')).to.deep.equal([]));

  const pay = async () => {
    const a = system.mocks.books.get('51')!.list()[0];
    const head = provinceHead('5.2.1', '36', { type: '01', value: a.serviceNumber });
    const client = await soapClient(`${system.gatewayUrl}/ucrm/5.2.1?wsdl`);
    const paid = await callWithHead(client, 'RemotePay', head, {
      ServiceNumber: a.serviceNumber,
      CollectProvince: '36',
      PayAmount: 1234,
      PayTime: cstTimestamp(),
    });
    expect(paid.head.RspCode).to.equal('0000');
    return head;
  };

  it('shows a payment made through SOAP as it happens, with its province leg', async () => {
    await page.goto(`${system.gatewayUrl}/console/`);
    await page.waitForSelector('#journal');
    const head = await pay();
    const rows = page.locator(`#journal tr[data-trans-id-o="${head.TransIDO}"]`);
    // The 5.2.1 from the province and HQ's 5.2.2 to the home province, both live.
    await rows.nth(1).waitFor();
    expect(await rows.count()).to.equal(2);
    expect(await rows.allInnerTexts()).to.satisfy((texts: string[]) => texts.some((t) => t.includes('5.2.1')) && texts.some((t) => t.includes('5.2.2')));
    await screenshot(page, 'journal');
  });

  it('filters the journal by TransIDO', async () => {
    const other = await pay();
    await page.locator(`#journal tr[data-trans-id-o="${other.TransIDO}"]`).first().waitFor();
    await page.fill('input[name="transIdO"]', other.TransIDO);
    const shown = await page.locator('#journal tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trans-id-o')));
    expect(shown).to.have.length(2);
    expect(new Set(shown)).to.deep.equal(new Set([other.TransIDO]));
    await page.fill('input[name="transIdO"]', '');
  });

  it('opens an exchange: both messages pretty-printed, and the rest of its flow', async () => {
    const head = await pay();
    const row = page.locator(`#journal tr[data-trans-id-o="${head.TransIDO}"]`).last();
    await row.waitFor();
    await row.click();
    await page.waitForSelector('#exchange-title');
    const xml = await page.locator('pre.xml').first().innerText();
    expect(xml).to.include(head.TransIDO);
    expect(xml.split('\n').length).to.be.greaterThan(10); // one element per line, not the wire's one line
    expect(await page.locator('pre.xml .tag').count()).to.be.greaterThan(10);
    expect(await page.locator('#related tr').count()).to.equal(2);
    await screenshot(page, 'exchange');
  });

  it('switches to Chinese and back, interface names included', async () => {
    await page.goto(`${system.gatewayUrl}/console/#/operations`);
    await page.waitForSelector('#services table');
    await page.click('#language');
    await page.locator('nav a[data-view="journal"]', { hasText: '交易日志' }).waitFor();
    expect(await page.locator('#services').innerText()).to.include('省分计费帐务系统-总部CRM客户异地缴费接口');
    await screenshot(page, 'operations-zh');
    await page.click('#language');
    await page.locator('nav a[data-view="journal"]', { hasText: 'Journal' }).waitFor();
    expect(await page.locator('#services').innerText()).to.include('Remote payment (province → HQ)');
  });

  it('shows readiness and runs a job now from the operations view', async () => {
    const asked: string[] = [];
    const jobs = system.gateway.jobs;
    const runNow = jobs.runNow.bind(jobs);
    jobs.runNow = (name, params) => (asked.push(name), runNow(name, params));
    await page.goto(`${system.gatewayUrl}/console/#/operations`);
    const job = page.locator('#jobs tr[data-job="deliveries.retry"]');
    await job.waitFor();
    expect(await page.locator('#ready').innerText()).to.match(/ready/);
    await job.locator('button').click();
    // The console's CSP allows no eval, so the wait is a locator, not a page function.
    await job.locator('td:last-child', { hasText: /\bok\b/ }).waitFor();
    jobs.runNow = runNow;
    expect(asked).to.deep.equal(['deliveries.retry']);
    await screenshot(page, 'operations');
  });
});
