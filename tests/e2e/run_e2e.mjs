// Browser tests of the web page: real server, real Chromium (Debian's),
// driven by playwright-core.  Prints TAP.
//
//   node tests/e2e/run_e2e.mjs PATH/TO/rebound WEB_DIR
//
// Flows: a wrong password shows an error; the owner logs in, sees the
// practice and its clients, adds a client; searches the exercise library
// and opens an exercise; logs out; a client logs in and sees only her own
// record, with no staff forms; the owner sees the compliance report.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [bin, web] = process.argv.slice(2);
const PASSWORD = 'rebound-demo-2026';
const tmp = mkdtempSync(join(tmpdir(), 'rebound-e2e-'));
const db = join(tmp, 'r.db');
const chrome = ['/usr/lib/chromium/chromium', '/usr/bin/chromium']
  .find((p) => existsSync(p));
let n = 0, failed = 0, server, browser;

function report(ok, desc, diag) {
  n++;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${desc}`);
  if (!ok && diag) for (const l of String(diag).split('\n')) console.log(`# ${l}`);
}

async function step(desc, fn) {
  try { await fn(); report(true, desc); }
  catch (e) { report(false, desc, e && e.stack ? e.stack : e); }
}

function check(cond, msg) { if (!cond) throw new Error(msg); }

async function login(page, email, password = PASSWORD) {
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

try {
  const init = spawnSync(bin, ['init', '--db', db, '--demo'], { encoding: 'utf8' });
  check(init.status === 0, `init failed: ${init.stderr}`);
  server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', web, '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    server.stdout.once('data', (d) => {
      const m = /127\.0\.0\.1:(\d+)\//.exec(String(d));
      m ? resolve(m[1]) : reject(new Error(`no port in ${d}`));
    });
    setTimeout(() => reject(new Error('server did not start')), 30000);
  });
  const base = `http://127.0.0.1:${port}/`;
  check(chrome, 'no chromium found (apt-get install chromium)');
  browser = await chromium.launch({
    executablePath: chrome, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(15000);
  await page.goto(base);

  await step('a wrong password shows the server\'s message', async () => {
    await login(page, 'owner@riverside.example', 'not-the-password');
    await page.waitForSelector('#login-error:has-text("wrong e-mail or password")');
  });

  await step('the owner logs in and sees the practice and its clients', async () => {
    await login(page, 'owner@riverside.example');
    await page.waitForSelector('#whoami:has-text("Riverside Sports Medicine")');
    await page.waitForSelector('#clients-body tr:has-text("Torres")');
    const rows = await page.locator('#clients-body tr').count();
    check(rows === 5, `expected 5 demo clients, saw ${rows}`);
  });

  await step('the owner adds a client and sees it in the list', async () => {
    await page.fill('#client-first', 'Ines');
    await page.fill('#client-last', 'Brandt');
    await page.fill('#client-birth', '1990-04-12');
    await page.selectOption('#client-sex', 'female');
    await page.click('#client-submit');
    await page.waitForSelector('#clients-body tr:has-text("Brandt")');
  });

  await step('the library finds an exercise and shows its cues and dose', async () => {
    await page.click('#nav-library');
    await page.fill('#lib-q', 'split squat');
    await page.click('#lib-submit');
    await page.waitForSelector('#lib-count:has-text("match")');
    await page.locator('#lib-results button').first().click();
    await page.waitForSelector('#lib-detail-title:has-text("Split squat")');
    const text = await page.textContent('#lib-detail-body');
    check(/sets/.test(text), 'no dose in the detail');
  });

  await step('the owner sees the compliance report of the staff', async () => {
    await page.click('#nav-practice');
    await page.waitForSelector('#compliance:has-text("Sam Okafor")');
    await page.waitForSelector('#compliance:has-text("Lena Park")');
  });

  await step('log out returns to the login form', async () => {
    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });
  });

  await step('a client sees only her own record and no staff forms', async () => {
    await login(page, 'maya@riverside.example');
    await page.waitForSelector('#clients-body tr:has-text("Torres")');
    const rows = await page.locator('#clients-body tr').count();
    check(rows === 1, `client saw ${rows} records`);
    check(!(await page.isVisible('#client-form')), 'client sees the add form');
  });

  await step('no script errors on the page', async () => {
    check(errors.length === 0, errors.join('\n'));
  });
} catch (e) {
  report(false, 'set up the server and the browser', e && e.stack ? e.stack : e);
} finally {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
  console.log(`1..${n}`);
  process.exitCode = failed ? 1 : 0;
}
