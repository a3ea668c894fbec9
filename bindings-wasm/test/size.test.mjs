// The size budget for what a page downloads: the browser build's .wasm at most 400 KB,
// and 150 KB gzipped (decimal kilobytes, gzip -9), measured on the file itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { crate } from './helpers.mjs';

test('the browser .wasm is within 400 KB, and 150 KB gzipped', () => {
  const bytes = fs.readFileSync(path.join(crate, 'pkg', 'web', 'qgx_wasm_bg.wasm'));
  const gzipped = zlib.gzipSync(bytes, { level: 9 }).length;
  assert.ok(bytes.length <= 400_000, `${bytes.length} bytes`);
  assert.ok(gzipped <= 150_000, `${gzipped} bytes gzipped`);
  // build.mjs records the same figures for the README.
  const recorded = JSON.parse(fs.readFileSync(path.join(crate, 'pkg', 'size.json'), 'utf8'));
  assert.deepEqual(recorded.web, { raw: bytes.length, gzip: gzipped });
});
