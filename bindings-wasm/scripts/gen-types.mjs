// Writes types/qgx-types.d.ts, the TypeScript types of every input and output, from the core's
// JSON Schemas (as the built package's `schema(name)` gives them). The file is compiled into the
// module's .d.ts (`typescript_custom_section` in src/lib.rs), so a change needs a rebuild:
//   npm run build && npm run gen-types && npm run build
// `node scripts/gen-types.mjs --check` fails when the file is stale (test/api.test.mjs runs it).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const crate = path.resolve(here, '..');
const out = path.join(crate, 'types', 'qgx-types.d.ts');

const TOP = {
  application: 'Application', plan: 'Plan', province_config: 'ProvinceConfig', registry: 'Registry',
  selection_input: 'SelectionInput', annual_report: 'AnnualReport', summary_input: 'SummaryInput', ruleset_overrides: 'RulesetOverrides',
  ruleset: 'RulesetDocument', application_check: 'ApplicationCheck', plan_check: 'PlanCheck',
  report_check: 'ReportCheck', selection_result: 'SelectionResult', cycle_summary: 'CycleSummary', comparison: 'Comparison', cycle_status: 'CycleStatus',
  report_status: 'ReportStatus', next_due: 'NextDueOrNull', finding: 'Finding', error: 'QgxErrorData',
};

// $defs whose names are JS globals the types use.
const RESERVED = { Date: 'IsoDate', Error: 'ErrorData' };

const pascal = (s) => s.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase());
const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function comment(text, indent) {
  if (!text) return '';
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  return `${indent}/** ${lines.join(`\n${indent} * `)} */\n`;
}

export function generate(schemas) {
  const names = new Map(); // def name -> content json
  const decls = [];
  const rename = new Map(); // `${schema}:${def}` -> final name

  // Assign a global name to every $def: same name and content share one declaration.
  for (const [schemaName, schema] of schemas) {
    for (const [def, body] of Object.entries(schema.$defs || {})) {
      const key = JSON.stringify(body);
      let name = RESERVED[def] || def;
      if (names.has(name) && names.get(name) !== key) {
        name = `${def}_${pascal(schemaName)}`;
      }
      rename.set(`${schemaName}:${def}`, name);
      if (!names.has(name)) {
        names.set(name, key);
        decls.push([name, body, schemaName]);
      }
    }
  }

  const typeOf = (s, schemaName, indent) => {
    if (s === true || s === undefined) return 'unknown';
    if (s === false) return 'never';
    if (s.$ref) {
      const def = s.$ref.replace('#/$defs/', '');
      return rename.get(`${schemaName}:${def}`) || RESERVED[def] || def;
    }
    if ('const' in s) return JSON.stringify(s.const);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    for (const k of ['oneOf', 'anyOf']) {
      if (s[k]) {
        const parts = [...new Set(s[k].map((x) => typeOf(x, schemaName, indent)))];
        if (parts.length > 1 && s[k].some((x) => x.description)) {
          return parts.map((p, i) => `\n${comment(s[k][i].description, indent + '  ')}${indent}  | ${p}`).join('');
        }
        return parts.join(' | ');
      }
    }
    if (s.allOf) return s.allOf.map((x) => typeOf(x, schemaName, indent)).join(' & ');
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.length > 1) {
      return types.map((t) => typeOf({ ...s, type: t }, schemaName, indent)).join(' | ');
    }
    switch (types[0]) {
      case 'null': return 'null';
      case 'string': return 'string';
      case 'integer': case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'array': return `Array<${typeOf(s.items, schemaName, indent)}>`;
      case 'object': case undefined: {
        if (!s.properties && s.additionalProperties === undefined && types[0] === undefined) return 'unknown';
        const req = new Set(s.required || []);
        let body = '';
        for (const [k, v] of Object.entries(s.properties || {})) {
          const key = ident.test(k) ? k : JSON.stringify(k);
          body += comment(v.description, indent + '  ');
          body += `${indent}  ${key}${req.has(k) ? '' : '?'}: ${typeOf(v, schemaName, indent + '  ')};\n`;
        }
        const extra = s.additionalProperties;
        if (extra && extra !== false) {
          const keyType = s.propertyNames ? typeOf(s.propertyNames, schemaName, indent) : 'string';
          const valueType = typeOf(extra, schemaName, indent + '  ');
          if (!body) return keyType === 'string' ? `{ [key: string]: ${valueType} }` : `Partial<Record<${keyType}, ${valueType}>>`;
          body += `${indent}  [key: string]: ${valueType};\n`;
        }
        if (!body) return extra === false ? 'Record<string, never>' : '{ [key: string]: unknown }';
        return `{\n${body}${indent}}`;
      }
      default: return 'unknown';
    }
  };

  let text = '// Generated by scripts/gen-types.mjs from the JSON Schemas of qgx-core: do not edit.\n';
  text += '// Field names are the wire format of RULES.md §3; inputs accept `null` where it is optional.\n\n';
  for (const [schemaName, schema] of schemas) {
    const name = TOP[schemaName];
    text += comment(schema.description || `The \`${schemaName}\` shape (schema(${JSON.stringify(schemaName)})).`, '');
    text += `export type ${name} = ${typeOf(schema, schemaName, '')};\n\n`;
  }
  for (const [name, body, schemaName] of decls.sort((a, b) => a[0].localeCompare(b[0]))) {
    if (Object.values(TOP).includes(name)) continue;
    text += comment(body.description, '');
    text += `export type ${name} = ${typeOf(body, schemaName, '')};\n\n`;
  }
  return text + HAND_WRITTEN(schemas.map(([n]) => n));
}

const HAND_WRITTEN = (schemaNames) => `// ---- Written by hand in scripts/gen-types.mjs ----

/** A date: \`"YYYY-MM-DD"\` text, or a JS \`Date\` (its local calendar date; for \`submittedAt\`, its instant). */
export type DateLike = string | Date;

/** The options every function takes as its last argument. */
export interface Options {
  /** The day the check is made (a report not yet submitted is late after its due date). */
  asOf?: DateLike | null;
  /** The language of \`QgxError.message\`: \`"zh"\` (default) or \`"en"\`. Findings always carry both. */
  lang?: 'zh' | 'en' | null;
  /** A \`Ruleset\`, a plain object of overrides of the 2024 edition, or JSON text of either. */
  ruleset?: Ruleset | RulesetOverrides | string | null;
}

/** The options of \`summarizeCycle\`: \`asOf\`, the day of the summary, is required. */
export interface SummaryOptions extends Options {
  asOf: DateLike;
}

/** The names \`schema()\` knows. */
export type SchemaName = ${schemaNames.map((n) => JSON.stringify(n)).join(' | ')};

/** Per task, the single addition that raises a report's score most (\`ReportCheck['gains']\`). */
export type TaskGains = ReportCheck['gains'];

/** A JSON Schema (draft 2020-12). */
export type JsonSchema = { [key: string]: unknown };

/** One entry of \`catalog()\`: a finding code with its severity and message templates. */
export interface CatalogEntry {
  code: Code;
  severity: Severity;
  zh: string;
  en: string;
}

/** Thrown for malformed input or a bad argument; findings are data, never errors. */
export class QgxError extends Error {
  readonly name: 'QgxError';
  /** \`syntax\`, \`invalid_input\`, \`invalid_ruleset\`, \`invalid_argument\` or \`unknown_schema\`. */
  readonly kind: ErrorKind;
  /** The JSON Pointer of the first problem (\`""\` is the whole document). */
  readonly path: string;
  /** Every problem found (at least one). */
  readonly errors: Issue[];
  /** 1-based line and column of the first problem, for JSON text input only. */
  readonly line?: number;
  readonly column?: number;
}
`;

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const require = createRequire(import.meta.url);
  const q = require(path.join(crate, 'pkg'));
  const text = generate(q.schemaNames().map((n) => [n, q.schema(n)]));
  if (process.argv.includes('--check')) {
    const old = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (old !== text) {
      console.error(`${path.relative(process.cwd(), out)} is stale: npm run gen-types, then npm run build`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(out, text);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
}
