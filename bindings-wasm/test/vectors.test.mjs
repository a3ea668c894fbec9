// The whole conformance corpus of tests/vectors/, through the object API and the JSON twins of
// both builds (the Node build in pkg/ and the browser build in pkg/web/): output equal to
// `expected` as JSON values (floats within 1e-12), or {"error": {kind, path}}.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { q, root, same, web } from './helpers.mjs';

const dir = path.join(root, 'tests', 'vectors');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function call(q, v, twins) {
  const i = v.input;
  const opts = { ruleset: v.ruleset, asOf: i.as_of };
  const J = (x) => (x === undefined ? undefined : JSON.stringify(x));
  if (!twins) {
    switch (v.call) {
      case 'check_application': return q.checkApplication(i.application, i.registry, opts);
      case 'check_plan': return q.checkPlan(i.plan, opts);
      case 'check_report': return q.checkReport(i.report, opts);
      case 'check_reports': return q.checkReports(i.reports, opts);
      case 'select': return q.select(i.selection, opts);
      case 'compare': return q.compare(i.base, i.variant, opts);
      case 'summarize_cycle': return q.summarizeCycle(i.summary, opts);
      case 'cycle_status': return q.cycleStatus(i.as_of, { ruleset: v.ruleset });
      case 'report_status': return q.reportStatus(i.year, i.submitted_at, opts);
      case 'next_due': return q.nextDue(i.as_of, { ruleset: v.ruleset });
    }
  } else {
    const o = { ...opts, ruleset: J(v.ruleset) };
    let out;
    switch (v.call) {
      case 'check_application': out = q.checkApplicationJson(J(i.application), J(i.registry), o); break;
      case 'check_plan': out = q.checkPlanJson(J(i.plan), o); break;
      case 'check_report': out = q.checkReportJson(J(i.report), o); break;
      case 'check_reports': out = q.checkReportsJson(J(i.reports), o); break;
      case 'select': out = q.selectJson(J(i.selection), o); break;
      case 'compare': out = q.compareJson(J(i.base), J(i.variant), o); break;
      case 'summarize_cycle': out = q.summarizeCycleJson(J(i.summary), o); break;
      case 'cycle_status': out = q.cycleStatusJson(i.as_of, { ruleset: o.ruleset }); break;
      case 'report_status': out = q.reportStatusJson(i.year, i.submitted_at, o); break;
      case 'next_due': out = q.nextDueJson(i.as_of, { ruleset: o.ruleset }); break;
    }
    assert.equal(typeof out, 'string');
    return JSON.parse(out);
  }
  throw new Error(`unknown call ${v.call}`);
}

function run(q, v, twins) {
  try {
    return call(q, v, twins);
  } catch (e) {
    if (!(e instanceof q.QgxError)) throw e;
    return { error: { kind: e.kind, path: e.path } };
  }
}

let total = 0;
for (const file of files) {
  const vectors = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  total += vectors.length;
  for (const [build, m] of [['Node build', q], ['browser build', web]]) {
    for (const [label, twins] of [['objects', false], ['JSON twins', true]]) {
      describe(`vectors ${file}, ${build}, via ${label}`, () => {
        for (const v of vectors) {
          test(v.name, () => {
            const actual = run(m, v, twins);
            assert.ok(same(actual, v.expected),
              `expected: ${JSON.stringify(v.expected)}\n  actual:   ${JSON.stringify(actual)}`);
          });
        }
      });
    }
  }
}

test('the corpus is all there, every call of the core among them', () => {
  assert.ok(total >= 250, `only ${total} vectors`);
  const called = new Set(files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).map((v) => v.call)));
  // schema and catalog take no input: api.test.mjs checks them.
  for (const c of q.calls().filter((c) => !['schema', 'catalog'].includes(c))) assert.ok(called.has(c), `no vector calls ${c}`);
});
