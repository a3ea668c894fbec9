// The browser test: examples/web/ (the annual-report form on the `web` build) in Debian's
// Chromium, headless, driven by playwright-core (which never downloads a browser here).
// It types into the form and checks that the Chinese message appears beside the right field
// and goes once the field is fixed; it saves screenshots to bindings-wasm/test-results/.
// Ends with `browser: N passed, M failed`; exits 1 on any failure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const crate = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = path.resolve(crate, '..');
const results = path.join(crate, 'test-results');
fs.mkdirSync(results, { recursive: true });

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' };
const SERVED = ['examples/', 'bindings-wasm/pkg/'];

const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  const file = path.resolve(root, rel.endsWith('/') ? `${rel}index.html` : rel);
  const inside = SERVED.some((p) => (file + path.sep).startsWith(path.join(root, p)) || file.startsWith(path.join(root, p)));
  if (!inside || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-dev-shm-usage'],
});
let passed = 0;
let failed = 0;
const pageErrors = [];
async function check(name, f) {
  try {
    await f();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(e.message || e).split('\n').join('\n  ')}`);
  }
}

try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(`${base}/examples/web/index.html`);
  const ready = page.locator('body[data-ready="true"]');

  await check('the page loads the web build and checks the sample report: complete', async () => {
    await ready.waitFor({ timeout: 20000 });
    const text = await page.locator('#summary').textContent();
    if (!text.includes('材料完整')) throw new Error(`summary: ${text}`);
  });

  const descPath = '/tasks/party_building/activities/0/description';
  const desc = page.locator(`[data-path="${descPath}"]`);
  const descMsg = page.locator(`.msg[data-for="${descPath}"]`);
  await check('typing a short description shows the Chinese message beside that field', async () => {
    await desc.fill('');
    await desc.pressSequentially('开展党课', { delay: 20 });
    await page.waitForFunction((p) => document.querySelector(`.msg[data-for="${p}"]`).textContent.includes('活动情况描述为 4 字，至少需要 20 字'), descPath, { timeout: 5000 });
    // Elsewhere, only the task itself may speak (its one activity no longer counts).
    const others = await page.locator('.msg').evaluateAll((els, p) => els.filter((e) => e.dataset.for !== p && e.textContent && !p.startsWith(`${e.dataset.for}/`)).map((e) => e.dataset.for), descPath);
    if (others.length) throw new Error(`messages beside other fields: ${others}`);
    if (!(await desc.getAttribute('class') || '').includes('field-error')) throw new Error('the field is not marked');
    const summary = await page.locator('#summary').textContent();
    if (!summary.includes('还有')) throw new Error(`summary: ${summary}`);
    await page.screenshot({ path: path.join(results, 'web-form-error.png'), fullPage: false });
  });

  await check('the message disappears once the description is long enough', async () => {
    await desc.pressSequentially('，组织师生赴合作单位开展专题活动，反响良好。', { delay: 10 });
    await page.waitForFunction((p) => document.querySelector(`.msg[data-for="${p}"]`).textContent === '', descPath, { timeout: 5000 });
    const text = await page.locator('#summary').textContent();
    if (!text.includes('材料完整')) throw new Error(`summary: ${text}`);
  });

  const datePath = '/tasks/education_service/activities/0/date';
  const date = page.locator(`[data-path="${datePath}"]`);
  const dateMsg = page.locator(`.msg[data-for="${datePath}"]`);
  await check('a date being typed is malformed input: QgxError shown beside the date field', async () => {
    await date.fill('');
    await date.pressSequentially('2025-03-', { delay: 20 });
    await page.waitForFunction((p) => document.querySelector(`.msg[data-for="${p}"]`).textContent.startsWith('输入格式有误（' + p + '）'), datePath, { timeout: 5000 });
  });

  await check('a date outside the cycle year is a finding in Chinese beside the date field', async () => {
    await date.fill('');
    await date.pressSequentially('2026-03-12', { delay: 20 });
    await page.waitForFunction((p) => document.querySelector(`.msg[data-for="${p}"]`).textContent.includes('不在第1年周期'), datePath, { timeout: 5000 });
    await page.screenshot({ path: path.join(results, 'web-form-date.png') });
  });

  await check('fixing the date clears it; the form is complete again', async () => {
    await date.fill('');
    await date.pressSequentially('2025-03-12', { delay: 20 });
    await page.waitForFunction((p) => document.querySelector(`.msg[data-for="${p}"]`).textContent === '', datePath, { timeout: 5000 });
    const text = await page.locator('#summary').textContent();
    if (!text.includes('材料完整')) throw new Error(`summary: ${text}`);
    if (await descMsg.textContent() !== '' || await dateMsg.textContent() !== '') throw new Error('messages left');
    await page.screenshot({ path: path.join(results, 'web-form.png'), fullPage: true });
  });

  await check('no errors in the page console', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join('\n'));
  });
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots: ${path.relative(process.cwd(), results)}/web-form*.png`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
