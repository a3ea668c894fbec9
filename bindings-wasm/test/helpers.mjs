import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const crate = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const root = path.resolve(crate, '..');
const require = createRequire(import.meta.url);
/** The built package (pkg/, the Node entry point: the speed-optimised build). */
export const q = require(path.join(crate, 'pkg'));

/** The browser build (pkg/web/, size-optimised: another compilation of the same crate), loaded
 * here in Node. */
export const web = await import(pathToFileURL(path.join(crate, 'pkg', 'web', 'qgx_wasm.js')).href);
/** The browser build's module exports (its `memory` among them). */
export const webWasm = web.initSync({ module: fs.readFileSync(path.join(crate, 'pkg', 'web', 'qgx_wasm_bg.wasm')) });

export const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

/** JSON values equal, numbers by value and within 1e-12 (the vectors' rule). */
export function same(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return a === b;
}

/** Runs `f`, expecting a QgxError of the package `m` (the Node build by default); returns it. */
export function qgxError(f, m = q) {
  try {
    f();
  } catch (e) {
    if (!(e instanceof m.QgxError)) throw new Error(`expected a QgxError, got ${e && e.constructor && e.constructor.name}: ${e}`);
    return e;
  }
  throw new Error('expected a QgxError, nothing was thrown');
}
