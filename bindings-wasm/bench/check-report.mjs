// checkReport throughput in Node next to the native core, on the same reports.
//   npm --prefix bindings-wasm run bench [-- --seconds 3]
// Reports: the demo's 2,000 annual reports (target/demo/reports.json, written by
// `cargo run --release -p qgx-cli -- demo --write target/demo` when missing).
// Native (examples/native_bench.rs, cargo --release): the core's check_report_json (JSON text in
// and out), and check_report on reports parsed beforehand (typed, no JSON at all).
// WASM (the package's Node build in pkg/, speed-optimised, and its browser build in pkg/web/,
// size-optimised, both in Node): checkReportJson (text in, text out), checkReport (objects in and
// out), checkReports (one call for all 2,000). Prints a table; writes bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const crate = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(crate, '..');
const require = createRequire(import.meta.url);
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const seconds = Number(arg('--seconds', '3'));

const reportsFile = path.join(root, 'target', 'demo', 'reports.json');
if (!fs.existsSync(reportsFile)) {
  execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'qgx-cli', '--', 'demo', '--write', 'target/demo'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const reports = JSON.parse(fs.readFileSync(reportsFile, 'utf8'));
const texts = reports.map((r) => JSON.stringify(r));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const native = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '-p', 'qgx-wasm', '--example', 'native_bench', '--', reportsFile, String(seconds)], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop());

function rate(f, per = 1) {
  for (let i = 0; i < 200; i++) f(i % texts.length);
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 100; i++) { f((n + i) % texts.length); }
    n += 100;
  }
  return (n * per) / (Number(process.hrtime.bigint() - start) / 1e9);
}

function measure(q) {
  return {
    checkReportJson: rate((i) => q.checkReportJson(texts[i])),
    checkReport: rate((i) => q.checkReport(reports[i])),
    checkReports: (() => {
      const t0 = process.hrtime.bigint();
      let runs = 0;
      while (runs < 3 || process.hrtime.bigint() - t0 < BigInt(seconds * 1e9)) { q.checkReports(reports); runs += 1; }
      return (runs * reports.length) / (Number(process.hrtime.bigint() - t0) / 1e9);
    })(),
  };
}

// The package's Node build (speed-optimised) and its browser build (size-optimised), both run
// here in Node on the same reports.
const wasmSize = (dir) => fs.statSync(path.join(dir, 'qgx_wasm_bg.wasm')).size;
const webDir = path.join(crate, 'pkg', 'web');
const web = await import(pathToFileURL(path.join(webDir, 'qgx_wasm.js')).href);
web.initSync({ module: fs.readFileSync(path.join(webDir, 'qgx_wasm_bg.wasm')) });
const results = { node: measure(require(path.join(crate, 'pkg'))), web: measure(web) };
const sizes = { node: wasmSize(path.join(crate, 'pkg')), web: wasmSize(webDir) };

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
console.log(`${reports.length} reports, ${(bytes / reports.length / 1024).toFixed(1)} KiB of JSON each on average; ${os.cpus()[0].model}, ${os.cpus().length} CPUs; node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
console.log('reports per second (one thread):');
console.log(`  native check_report_json (JSON text in/out)  ${fmt(native.native_json)}`);
console.log(`  native check_report (typed, no JSON)         ${fmt(native.native_typed)}`);
for (const [build, r] of Object.entries(results)) {
  const label = build === 'node'
    ? `pkg/, the Node build (speed-optimised, ${(sizes.node / 1024).toFixed(0)} KiB)`
    : `pkg/web/, the browser build (size-optimised, ${(sizes.web / 1024).toFixed(0)} KiB)`;
  console.log(`  WASM ${label}:`);
  for (const [k, v] of Object.entries(r)) {
    console.log(`    ${k.padEnd(16)} ${fmt(v)}   ${(v / native.native_json).toFixed(2)}x native JSON`);
  }
}
fs.mkdirSync(path.join(crate, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(crate, 'bench', 'results', 'latest.json'), JSON.stringify({
  date: new Date().toISOString(), cpu: os.cpus()[0].model, cpus: os.cpus().length, node: process.version,
  reports: reports.length, bytes, native, wasm: results, wasm_bytes: sizes,
}, null, 2) + '\n');
