// Installs what building qgx-wasm needs and this machine lacks, idempotently:
// - the Rust target wasm32-unknown-unknown (rustup target add);
// - wasm-bindgen-cli of exactly the version in Cargo.lock (the CLI must match the crate), under
//   .tools/wasm-bindgen-VERSION/ (cargo install --locked; without --locked only when this
//   machine's crates index lacks a version the CLI's own lockfile pins): about 3 minutes, once;
// - the npm dev dependencies of package-lock.json (npm ci: binaryen for wasm-opt, playwright-core
//   and typescript for the tests; no browser is downloaded).
// scripts/build.mjs (`npm run build`) and test.sh call it, so the documented build command works
// on a fresh clone. `node scripts/install.mjs` alone installs; `--check` installs nothing and
// exits 1 naming what is missing. WASM_BINDGEN=path uses that wasm-bindgen when its version is right.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const crate = path.resolve(here, '..');
export const root = path.resolve(crate, '..');
const step = (what) => console.error(`--> wasm: ${what}`);
const quiet = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();

export function lockedVersion(name) {
  const lock = fs.readFileSync(path.join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${name} is not in Cargo.lock`);
  return m[1];
}

function hasWasmTarget() {
  const sysroot = quiet('rustc', ['--print', 'sysroot'], { cwd: root });
  return fs.existsSync(path.join(sysroot, 'lib', 'rustlib', 'wasm32-unknown-unknown', 'lib'));
}

/** The wasm-bindgen CLI of exactly `version`, or null. */
export function findWasmBindgen(version) {
  const candidates = [
    process.env.WASM_BINDGEN,
    path.join(root, '.tools', `wasm-bindgen-${version}`, 'bin', 'wasm-bindgen'),
    'wasm-bindgen',
  ].filter(Boolean);
  for (const c of candidates) {
    try {
      if (quiet(c, ['--version']) === `wasm-bindgen ${version}`) return c;
    } catch { /* not there */ }
  }
  return null;
}

function npmDepsFresh() {
  const stamp = path.join(crate, 'node_modules', '.package-lock.json');
  return fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(path.join(crate, 'package-lock.json')).mtimeMs;
}

/** Installs what is missing; returns the wasm-bindgen CLI to use. With `check`, installs
 * nothing and throws naming what is missing. */
export function ensureTools({ check = false } = {}) {
  const version = lockedVersion('wasm-bindgen');
  const missing = [];
  if (!hasWasmTarget()) {
    if (check) missing.push('the Rust target wasm32-unknown-unknown');
    else {
      step('adding the Rust target wasm32-unknown-unknown');
      execFileSync('rustup', ['target', 'add', 'wasm32-unknown-unknown'], { cwd: root, stdio: 'inherit' });
    }
  }
  let bindgen = findWasmBindgen(version);
  if (!bindgen) {
    const dest = path.join(root, '.tools', `wasm-bindgen-${version}`);
    if (check) missing.push(`wasm-bindgen-cli ${version} (in ${path.relative(root, dest)}/)`);
    else {
      step(`installing wasm-bindgen-cli ${version} into ${path.relative(root, dest)}/ (about 3 minutes, once)`);
      const env = { ...process.env };
      delete env.CARGO_TARGET_DIR; // its own build directory, removed after
      const install = (locked) => execFileSync('cargo', ['install', '--quiet', ...(locked ? ['--locked'] : []),
        'wasm-bindgen-cli', '--version', `=${version}`, '--root', dest], { cwd: root, env, stdio: 'inherit' });
      try {
        install(true);
      } catch {
        step('cargo install --locked failed (this crates index lacks a version the CLI pins): again, resolving anew');
        install(false);
      }
      bindgen = findWasmBindgen(version);
      if (!bindgen) throw new Error(`wasm-bindgen ${version} was installed into ${dest} but does not run`);
    }
  }
  if (!npmDepsFresh()) {
    if (check) missing.push('the npm dev dependencies (npm ci in bindings-wasm)');
    else {
      step('npm ci (binaryen for wasm-opt, playwright-core, typescript)');
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: crate, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      });
    }
  }
  if (missing.length) throw new Error(`missing: ${missing.join('; ')}`);
  return { bindgen, version };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const { bindgen, version } = ensureTools({ check: process.argv.includes('--check') });
    console.log(`wasm32-unknown-unknown, wasm-bindgen ${version} (${path.relative(root, bindgen) || bindgen}), npm dev dependencies: installed`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
