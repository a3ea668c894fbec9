// Builds the npm package qgx-wasm into bindings-wasm/pkg/: the Node build (CommonJS, `main`) at
// the top and the browser build (ES module, `--target web`) in pkg/web/. The browser build is
// optimised for size (profile wasm-release: opt-level z, LTO, panic=abort; wasm-opt -Oz): it is
// what a page downloads. The Node build is the same crate optimised for speed (opt-level 3;
// wasm-opt -O3), about twice as fast and a quarter larger: Node services check reports in bulk
// and load the module once from disk. Steps: install what is missing (scripts/install.mjs), cargo
// (twice), the wasm-bindgen CLI of exactly the version in Cargo.lock, wasm-opt from binaryen,
// then the package files.
// `--out DIR` writes the package elsewhere.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { ensureTools } from './install.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const crate = path.resolve(here, '..');
const root = path.resolve(crate, '..');
const outArg = process.argv.indexOf('--out');
const pkg = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(crate, 'pkg');
const targetBase = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
// Per build: the cargo target directory, its environment and wasm-opt's level.
const builds = {
  web: { targetDir: targetBase, env: process.env, opt: '-Oz' },
  nodejs: {
    targetDir: path.join(targetBase, 'wasm-speed'),
    env: { ...process.env, CARGO_TARGET_DIR: path.join(targetBase, 'wasm-speed'), CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL: '3' },
    opt: '-O3',
  },
};

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

function wasmOpt() {
  const bin = path.join(crate, 'node_modules', 'binaryen', 'bin', 'wasm-opt');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: npm ci in bindings-wasm`);
  return bin;
}

// Whatever this machine lacks (the wasm32 target, the pinned wasm-bindgen CLI, the npm dev
// dependencies) is installed first: the build works on a fresh clone.
const { bindgen } = ensureTools();
fs.rmSync(pkg, { recursive: true, force: true });
const outs = { nodejs: pkg, web: path.join(pkg, 'web') };
const opt = wasmOpt();
// The JSON Schemas build.rs wrote from the core (`$OUT_DIR/schemas/NAME.json`), per build.
const schemaDirs = {};
for (const [target, dir] of Object.entries(outs)) {
  const { targetDir, env } = builds[target];
  const messages = execFileSync('cargo', ['build', '--locked', '-p', 'qgx-wasm', '--target', 'wasm32-unknown-unknown',
    '--profile', 'wasm-release', '--message-format=json-render-diagnostics'],
  { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 << 20 });
  for (const line of messages.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    if (m.reason === 'build-script-executed' && /[#/]qgx-wasm[@#]/.test(m.package_id)) {
      schemaDirs[target] = path.join(m.out_dir, 'schemas');
    }
  }
  if (!schemaDirs[target]) throw new Error(`cargo did not report qgx-wasm's build script (${target} build)`);
  const wasm = path.join(targetDir, 'wasm32-unknown-unknown', 'wasm-release', 'qgx_wasm.wasm');
  run(bindgen, ['--target', target, '--weak-refs', '--out-dir', dir, wasm]);
  // wasm-opt (binaryen 132 from npm; Debian's older one breaks the module).
  const bg = path.join(dir, 'qgx_wasm_bg.wasm');
  run(process.execPath, [opt, builds[target].opt, '--strip-debug', '--strip-producers', bg, '-o', bg]);
}

// QgxError lives in the inline JS snippet; export it from both entry points. For Node, the
// snippet is made CommonJS so that any Node version can require it.
for (const [target, dir] of Object.entries(outs)) {
  const snippetDir = path.join(dir, 'snippets');
  const [crateDir] = fs.readdirSync(snippetDir);
  const rel = `./snippets/${crateDir}/inline0.js`;
  const entry = path.join(dir, 'qgx_wasm.js');
  let js = fs.readFileSync(entry, 'utf8');
  if (target === 'nodejs') {
    const snippet = path.join(dir, rel);
    let src = fs.readFileSync(snippet, 'utf8');
    const names = [...src.matchAll(/^export (?:class|function) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
    src = src.replace(/^export (class|function) /gm, '$1 ');
    if (/^\s*(import|export) /m.test(src)) throw new Error(`cannot make ${snippet} CommonJS`);
    fs.writeFileSync(snippet, `'use strict';\n${src}\nmodule.exports = { ${names.join(', ')} };\n`);
    js += `\nexports.QgxError = require(String.raw\`${rel}\`).QgxError;\n`;
  } else {
    js += `\nexport { QgxError } from '${rel}';\n`;
  }
  fs.writeFileSync(entry, js);
}

// The schemas' text, outside the module: `schemas/NAME.json` beside the Node build, each read on
// its first `schema()` call (js/schemas.js made CommonJS, as the QgxError snippet above); for the
// browser build the same texts as an ES module, `web/schemas.js`, which the snippet imports.
for (const [target, dir] of Object.entries(outs)) {
  const names = fs.readdirSync(schemaDirs[target]).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  const snippet = path.join(dir, 'snippets', fs.readdirSync(path.join(dir, 'snippets'))[0], 'js', 'schemas.js');
  if (!fs.existsSync(snippet)) throw new Error(`${snippet} is missing`);
  if (target === 'nodejs') {
    fs.cpSync(schemaDirs[target], path.join(dir, 'schemas'), { recursive: true });
    const src = fs.readFileSync(snippet, 'utf8')
      .replace("import text from '../../../schemas.js';\n", `const names = new Set(${JSON.stringify(names)});\n`)
      .replace(/^export function schemaText\(name\) \{\n.*\n\}/m, [
        'function schemaText(name) {',
        "  if (!names.has(name)) return undefined;",
        "  return require('fs').readFileSync(require('path').join(__dirname, '..', '..', '..', 'schemas', `${name}.json`), 'utf8');",
        '}',
      ].join('\n'));
    if (src.includes('import ') || src.includes('export ')) throw new Error(`cannot make ${snippet} CommonJS`);
    fs.writeFileSync(snippet, `'use strict';\n${src}\nmodule.exports = { schemaText };\n`);
  } else {
    // Each distinct `$defs` entry once; a schema is `{"$defs":{…}` and the rest of its root (the
    // core writes sorted keys, and `$defs` sorts before every other key of a root).
    // The texts as single-quoted literals: JSON text has few `'` and `\\`, many `"`.
    const { roots, defs } = JSON.parse(fs.readFileSync(path.join(schemaDirs[target], '..', 'schemas-shared.json'), 'utf8'));
    const lit = (t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const rootsJs = Object.entries(roots).map(([n, [root, refs]]) => `  ${n}: [${lit(root)}, ${JSON.stringify(refs.map(([k, i]) => [k, i]))}],`);
    const refsNote = 'refs: [key as JSON text, index into defs]';
    fs.writeFileSync(path.join(dir, 'schemas.js'), `// Written by bindings-wasm/scripts/build.mjs from qgx-core: the text of each JSON Schema of
// schema(name), each shared definition once. roots: name -> [root without "$defs", ${refsNote}].
const roots = {
${rootsJs.join('\n')}
};
const defs = [
${defs.map((d) => `  ${lit(d)},`).join('\n')}
];
export default function schemaText(name) {
  if (!Object.hasOwn(roots, name)) return undefined;
  const [root, refs] = roots[name];
  if (refs.length === 0) return root;
  const head = '{"$defs":{' + refs.map(([key, i]) => key + ':' + defs[i]).join(',') + '}';
  return root === '{}' ? head + '}' : head + ',' + root.slice(1);
}
`);
  }
}

// package.json and README of the npm package.
const cargoVersion = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/\nversion = "([^"]+)"/)[1];
const manifest = {
  name: 'qgx-wasm',
  version: cargoVersion,
  description: 'The rules of the 强国行 special action (qgx) in WebAssembly: check applications, action plans and annual reports in the browser and in Node.',
  license: 'MIT OR Apache-2.0',
  main: 'qgx_wasm.js',
  types: 'qgx_wasm.d.ts',
  // The browser build is its own entry point (`qgx-wasm/web`): it needs `await init()` first.
  exports: {
    '.': { types: './qgx_wasm.d.ts', default: './qgx_wasm.js' },
    './web': { types: './web/qgx_wasm.d.ts', default: './web/qgx_wasm.js' },
    './web/qgx_wasm_bg.wasm': './web/qgx_wasm_bg.wasm',
    './schemas/*': './schemas/*',
    './package.json': './package.json',
  },
  files: ['qgx_wasm.js', 'qgx_wasm.d.ts', 'qgx_wasm_bg.wasm', 'qgx_wasm_bg.wasm.d.ts', 'schemas/', 'snippets/', 'web/', 'README.md'],
  sideEffects: false,
  engines: { node: '>=18' },
};
fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
// The browser build is an ES module: say so, or Node (tests, SSR) parses it twice and warns.
fs.writeFileSync(path.join(pkg, 'web', 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
for (const f of ['.gitignore']) fs.rmSync(path.join(pkg, f), { force: true });
for (const f of ['.gitignore']) fs.rmSync(path.join(pkg, 'web', f), { force: true });
fs.copyFileSync(path.join(crate, 'README.md'), path.join(pkg, 'README.md'));
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'LICENSE']) {
  if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(pkg, f));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = {};
for (const [target, dir] of Object.entries(outs)) {
  const bytes = fs.readFileSync(path.join(dir, 'qgx_wasm_bg.wasm'));
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  sizes[target] = { raw: bytes.length, gzip: gz };
  const what = target === 'web' ? 'browser build, size-optimised' : 'Node build, speed-optimised';
  console.log(`qgx-wasm ${cargoVersion} (${what}): ${path.relative(root, dir)}/qgx_wasm_bg.wasm ${bytes.length} bytes (${kb(bytes.length)}), gzip -9 ${gz} bytes (${kb(gz)})`);
}
fs.writeFileSync(path.join(pkg, 'size.json'), JSON.stringify(sizes) + '\n');
