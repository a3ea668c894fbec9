// Checks annual reports given as JSON files with qgx-wasm in Node and prints the findings.
//   npm --prefix bindings-wasm run build
//   node examples/node/check-report.mjs examples/report-incomplete.json [--as-of 2025-08-01] [--en]
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { checkReport, QgxError } = require('../../bindings-wasm/pkg');

const args = process.argv.slice(2);
const asOf = args.includes('--as-of') ? args[args.indexOf('--as-of') + 1] : undefined;
const lang = args.includes('--en') ? 'en' : 'zh';
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--as-of');
let status = 0;
for (const file of files) {
  try {
    const out = checkReport(JSON.parse(fs.readFileSync(file, 'utf8')), { asOf, lang });
    console.log(`${file}: ${out.complete ? 'complete' : 'incomplete'}, completeness ${out.completeness}, score ${out.score.total}`);
    for (const f of out.findings) console.log(`  ${f.severity} ${f.rule} ${f.code} ${f.path}: ${f.message[lang]}`);
    // What would change the answer: the fixes that make it complete, and per task the single
    // addition that raises the score most.
    for (const fix of out.fixes) console.log(`  fix ${fix.path}: ${fix.message[lang]}`);
    for (const [task, g] of Object.entries(out.gains)) if (g) console.log(`  +${g.gain} ${task}: ${g.message[lang]}`);
  } catch (e) {
    if (!(e instanceof QgxError)) throw e;
    console.log(`${file}: ${e.message}`);
    status = 2;
  }
}
process.exit(status);
