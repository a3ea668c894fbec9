// Issue 15: the documented build command works as a newcomer runs it. `npm --prefix bindings-wasm
// run build` installs what it lacks (scripts/install.mjs: here everything is installed already,
// test.sh saw to it) and builds both packages; run here into a clean directory (`-- --out DIR`:
// the other tests read pkg/ meanwhile), it gives the same package, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { crate, q, readJson, root } from './helpers.mjs';

test('the build finds every tool it needs installed (scripts/install.mjs --check)', () => {
  const out = execFileSync(process.execPath, [path.join(crate, 'scripts', 'install.mjs'), '--check'], { encoding: 'utf8' });
  assert.match(out, /wasm-bindgen 0\.2\.\d+ .*installed/);
});

test('npm --prefix bindings-wasm run build, into a clean directory: the same package', { timeout: 15 * 60_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qgx-wasm-build-'));
  const out = path.join(dir, 'pkg');
  try {
    execFileSync('npm', ['--prefix', 'bindings-wasm', 'run', 'build', '--', '--out', out], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    for (const f of ['package.json', 'qgx_wasm.js', 'qgx_wasm.d.ts', 'qgx_wasm_bg.wasm', 'size.json', 'README.md',
      'web/qgx_wasm.js', 'web/qgx_wasm.d.ts', 'web/qgx_wasm_bg.wasm', 'web/schemas.js', 'schemas/annual_report.json']) {
      assert.ok(fs.existsSync(path.join(out, f)), `${f} is missing`);
    }
    for (const f of ['qgx_wasm_bg.wasm', 'web/qgx_wasm_bg.wasm', 'qgx_wasm.js', 'web/qgx_wasm.js', 'package.json']) {
      assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(crate, 'pkg', f))), `${f} differs from pkg/'s`);
    }
    const built = createRequire(import.meta.url)(out);
    const report = readJson('examples/report-incomplete.json');
    assert.deepEqual(built.checkReport(report, { asOf: '2025-08-01' }), q.checkReport(report, { asOf: '2025-08-01' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
