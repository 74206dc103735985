// What every browser test shares: test() and expect(), Debian's Chromium driven by
// playwright-core, the watch on the pages' consoles, signing in, and the summary line
// "N passed, N failed" with the exit status.
// Environment: CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';

const results = [];

export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log('ok   ' + name + '  (' + (Date.now() - t0) + ' ms)');
  } catch (e) {
    results.push([name, false]);
    console.log('FAIL ' + name + '\n     ' + String(e.stack || e).split('\n').slice(0, 5).join('\n     '));
  }
}

export function expect(cond, msg) { if (!cond) throw new Error(msg); }

// playwright starts Chromium with a fresh, temporary profile (user data dir) of its own
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

// Errors in the pages watched; the last test wants none.
const errors = [];
export function watch(p) {
  p.on('pageerror', (e) => errors.push(String(e)));
  // answers like 401 before sign-in are expected; script errors and CSP refusals are not
  p.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
}

// Throws unless `headers` (a response's) carry the app's strict Content-Security-Policy:
// present, scripts and everything else from the app itself only, nothing inline.
export function expectStrictCsp(headers, where) {
  const csp = headers['content-security-policy'];
  expect(typeof csp === 'string', where + ': no Content-Security-Policy header');
  expect(csp.includes("default-src 'self'") && csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'),
    where + ' strict CSP: ' + csp);
}

// Opens url and signs in on its form.
export async function signInAt(page, url, email, password) {
  await page.goto(url);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
}

// The last test (no errors in any watched page), then the summary; exits 0 when all passed.
export async function finish(browser) {
  await test('no errors in the browser console', async () => {
    expect(errors.length === 0, errors.join('\n'));
  });
  await browser.close();
  const passed = results.filter((r) => r[1]).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}
