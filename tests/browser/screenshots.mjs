// Screenshots of the demo for docs/: node screenshots.mjs BASE_URL OUT_DIR
// (against `make run`, or any server with the demo loaded).
import { chromium } from 'playwright-core';

const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--no-first-run'],
});
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await page.goto(base + '/');
await page.fill('#email', 'maya@demo.attune');
await page.fill('#password', 'attune-demo');
await page.click('button[type=submit]');
await page.waitForSelector('#queue li button');
await page.click('#queue li button >> nth=0');
await page.waitForSelector('#messages .msg');
await page.click('#toggle-evidence');
await page.waitForTimeout(300);
await page.screenshot({ path: out + '/demo-console.png' });
await page.fill('#reply', "As I already said, you should have read the terms. That's not possible.");
await page.waitForSelector('#coach-flags');
await page.locator('#coach').scrollIntoViewIfNeeded();
await page.waitForTimeout(300);
await page.screenshot({ path: out + '/demo-coach.png' });
const portal = await (await browser.newContext({ viewport: { width: 1024, height: 800 } })).newPage();
await portal.goto(base + '/portal');
await portal.fill('#email', 'lena@demo.attune');
await portal.fill('#password', 'attune-demo');
await portal.click('button[type=submit]');
await portal.waitForSelector('text=Your requests');
await portal.screenshot({ path: out + '/demo-portal.png', fullPage: true });
await browser.close();
