// Never lying: with the server gone, a control that did not save goes back to the stored value
// with a message that says so, an offline notice shows, and it clears by itself when the server
// is back; after a reply the SLA clocks and the triage score on the ticket are the server's.
// Args: attune binary, database, port, a file to list the server's pids in, the server log.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [bin, db, port, pids, logFile] = process.argv.slice(2);
const base = 'http://127.0.0.1:' + port;
let server = null;

async function up() {
  const log = openSync(logFile, 'a');
  server = spawn(bin, ['--db', db, '--listen', '127.0.0.1:' + port, 'serve'], { stdio: ['ignore', log, log] });
  appendFileSync(pids, server.pid + '\n');
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + '/healthz')).ok) return; } catch (_) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not answer /healthz');
}

// The server stops at once, as a crash or a pulled cable would (SIGTERM would first wait
// for the console's open connections).
async function down() {
  const gone = new Promise((r) => server.once('exit', r));
  server.kill('SIGKILL');
  await gone;
  server = null;
}

await up();
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
ctx.setDefaultTimeout(8000);
const page = await ctx.newPage();
watch(page);

await test('a reply brings the SLA clocks and the triage score up to date at once', async () => {
  await signInAt(page, base + '/', 'maya@example.com', 'correct horse battery');
  await page.click('#queue-body a.row:has-text("Invoice missing")');
  await page.waitForSelector('#ticket-sla');
  expect(!(await page.textContent('#ticket-sla')).includes('first response: met'), 'the first response is still due');
  await page.fill('#reply', 'Hi Lena, I am sorry the invoice is missing. I have sent it to you now.');
  await page.click('#send');
  await page.waitForSelector('#ticket-sla:has-text("first response: met")');
  const header = await page.textContent('#triage summary');
  const row = await page.textContent('#queue-body a.row:has-text("Invoice missing") .triage-score');
  expect(header.match(/\d+/)[0] === row.match(/\d+/)[0], 'the header and the queue agree: ' + header + ' / ' + row);
});

await test('with the server gone, a status that did not save goes back and says why', async () => {
  const before = await page.inputValue('#status');
  await down();
  await page.selectOption('#status', 'solved');
  await page.waitForSelector('.toast:has-text("did not change")');
  expect((await page.textContent('.toast')).includes('cannot be reached'), 'the message says why: ' + await page.textContent('.toast'));
  expect(await page.inputValue('#status') === before, 'the control shows the stored value again: ' + await page.inputValue('#status'));
});

await test('an offline notice shows while the server cannot be reached', async () => {
  await page.waitForSelector('#offline', { timeout: 12000 });
  expect((await page.textContent('#offline')).includes('cannot be reached'), 'the notice says what is wrong');
});

await test('the notice clears by itself when the server is back, and changes save again', async () => {
  await up();
  await page.waitForSelector('#offline', { state: 'detached', timeout: 15000 });
  await page.selectOption('#status', 'pending');
  await page.waitForFunction(async () => {
    const t = (await (await fetch('/api/search?q=invoice')).json()).results[0];
    return t && t.status === 'pending';
  });
  // a read that was on its way as the server came back may land first; the newest has the say
  await page.waitForFunction(() => document.querySelector('#status').value === 'pending', null, { timeout: 5000 })
    .catch(() => {});
  expect(await page.inputValue('#status') === 'pending', 'the control shows the saved value');
});

if (server) await down();
await finish(browser);
