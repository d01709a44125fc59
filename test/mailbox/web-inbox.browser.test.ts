import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page, chromium } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';
import { CHROMIUM, skipWithoutBinary } from '../support/services';
import { message, sendRaw } from './smtp-helpers';

const skip = skipWithoutBinary(CHROMIUM, 'Debian chromium');

/** The web inbox in a real browser (headless Debian chromium driven by playwright-core). */
describe('web inbox in chromium', { skip }, () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await app?.destroy();
  });

  it('shows a message that arrives while the page is open, without a reload', async () => {
    await page.goto(`${app.url}/mailbox`);
    await page.locator('#live.on').waitFor({ timeout: 10_000 });
    // A marker on the window survives only if the page is not reloaded.
    await page.evaluate("window.__marker = 'same page'");
    await sendRaw(
      app,
      { from: 'sender@example.test', to: ['live@example.test'] },
      message('live@example.test', 'arrives live'),
    );
    await page.locator('#messages li', { hasText: 'arrives live' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate('window.__marker'), 'same page');
  });

  it('runs no script from a message: not in the list, the view, or the HTML part', async () => {
    const hostile = [
      'From: Mallory <mallory@example.test>',
      'To: victim@example.test',
      'Subject: <img src=x onerror="document.title=\'pwned-subject\'">',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>hello</p><script>parent.document.title="pwned-script";alert("x")</script>',
      '<img src="x" onerror="parent.document.title=\'pwned-img\'">',
      '',
    ].join('\r\n');
    await page.goto(`${app.url}/mailbox`);
    await page.locator('#live.on').waitFor({ timeout: 10_000 });
    await sendRaw(app, { from: 'mallory@example.test', to: ['victim@example.test'] }, hostile);
    const item = page.locator('#messages li', { hasText: 'onerror' });
    await item.waitFor({ timeout: 10_000 });
    await item.locator('a').click();
    const frame = page.frameLocator('iframe[sandbox]');
    await frame.locator('p', { hasText: 'hello' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.title(), 'mailgate mailbox');
    assert.deepEqual(dialogs, []);
    // The subject shows as text, not as an element.
    assert.equal(await page.locator('article h1 img').count(), 0);
  });

  it('deletes a message with its button', async () => {
    await sendRaw(
      app,
      { from: 'sender@example.test', to: ['gone@example.test'] },
      message('gone@example.test', 'to be deleted'),
    );
    await page.goto(`${app.url}/mailbox?to=gone@example.test`);
    await page.locator('#messages li a', { hasText: 'to be deleted' }).click();
    await page.locator('button[data-delete]:not([data-delete="all"])').click();
    await page.locator('#empty').waitFor({ timeout: 10_000 });
    const res = await fetch(`${app.url}/mailbox/api/messages?to=gone@example.test`);
    assert.deepEqual(((await res.json()) as { messages: unknown[] }).messages, []);
  });
});
