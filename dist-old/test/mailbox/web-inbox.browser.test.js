"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const playwright_core_1 = require("playwright-core");
const app_1 = require("../support/app");
const services_1 = require("../support/services");
const smtp_helpers_1 = require("./smtp-helpers");
const skip = (0, services_1.skipWithoutBinary)(services_1.CHROMIUM, 'Debian chromium');
/** The web inbox in a real browser (headless Debian chromium driven by playwright-core). */
(0, node_test_1.describe)('web inbox in chromium', { skip }, () => {
    let app;
    let browser;
    let page;
    const dialogs = [];
    (0, node_test_1.before)(async () => {
        app = await (0, app_1.startTestApp)();
        browser = await playwright_core_1.chromium.launch({
            executablePath: services_1.CHROMIUM,
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
    (0, node_test_1.after)(async () => {
        await browser?.close();
        await app?.destroy();
    });
    (0, node_test_1.it)('shows a message that arrives while the page is open, without a reload', async () => {
        await page.goto(`${app.url}/mailbox`);
        await page.locator('#live.on').waitFor({ timeout: 10_000 });
        // A marker on the window survives only if the page is not reloaded.
        await page.evaluate("window.__marker = 'same page'");
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: ['live@example.test'] }, (0, smtp_helpers_1.message)('live@example.test', 'arrives live'));
        await page.locator('#messages li', { hasText: 'arrives live' }).waitFor({ timeout: 10_000 });
        strict_1.default.equal(await page.evaluate('window.__marker'), 'same page');
    });
    (0, node_test_1.it)('runs no script from a message: not in the list, the view, or the HTML part', async () => {
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
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'mallory@example.test', to: ['victim@example.test'] }, hostile);
        const item = page.locator('#messages li', { hasText: 'onerror' });
        await item.waitFor({ timeout: 10_000 });
        await item.locator('a').click();
        const frame = page.frameLocator('iframe[sandbox]');
        await frame.locator('p', { hasText: 'hello' }).waitFor({ timeout: 10_000 });
        strict_1.default.equal(await page.title(), 'mailgate mailbox');
        strict_1.default.deepEqual(dialogs, []);
        // The subject shows as text, not as an element.
        strict_1.default.equal(await page.locator('article h1 img').count(), 0);
    });
    (0, node_test_1.it)('deletes a message with its button', async () => {
        await (0, smtp_helpers_1.sendRaw)(app, { from: 'sender@example.test', to: ['gone@example.test'] }, (0, smtp_helpers_1.message)('gone@example.test', 'to be deleted'));
        await page.goto(`${app.url}/mailbox?to=gone@example.test`);
        await page.locator('#messages li a', { hasText: 'to be deleted' }).click();
        await page.locator('button[data-delete]:not([data-delete="all"])').click();
        await page.locator('#empty').waitFor({ timeout: 10_000 });
        const res = await fetch(`${app.url}/mailbox/api/messages?to=gone@example.test`);
        strict_1.default.deepEqual((await res.json()).messages, []);
    });
});
//# sourceMappingURL=web-inbox.browser.test.js.map