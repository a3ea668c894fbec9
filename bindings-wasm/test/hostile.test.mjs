// Hostile input (issue 16): the language-neutral corpus tests/hostile/cases.json through the JSON
// twins of both builds, and the JS values only JS can give — a number, boolean, object, Symbol
// or BigInt where JSON text belongs; NaN, Infinity, functions, symbols inside objects; getters
// and proxies that throw. The rule: malformed input is a QgxError naming where, nothing is
// dropped or coerced, an exception of the caller's own code is thrown again, and no input traps
// the module or leaks its memory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { q, qgxError, readJson, root, web, webWasm } from './helpers.mjs';

const report = readJson('examples/report.json');
const selection = readJson('examples/selection.json');
const application = selection.applications[0];
const builds = [['Node build', q], ['browser build', web]];

// ---- the corpus ----------------------------------------------------------------------------

const corpus = fs.readFileSync(path.join(root, 'tests', 'hostile', 'cases.json'), 'utf8');
const cases = JSON.parse(corpus);
const spans = inputSpans(corpus);

/** Where each case's `input` arguments are in the corpus's text: JSON.parse would read `1.0`
 * as `1`, and the case says `1.0`. For case i, a map from argument name to [start, end). */
function inputSpans(text) {
  let p = 0;
  const ws = () => { while (/\s/.test(text[p])) p++; };
  const value = () => {
    ws();
    const start = p;
    if (text[p] === '{') {
      p++;
      const members = new Map();
      ws();
      if (text[p] === '}') { p++; return { start, end: p, members }; }
      for (;;) {
        ws();
        const k = value();
        const key = JSON.parse(text.slice(k.start, k.end));
        ws(); p++; // ':'
        members.set(key, value());
        ws();
        if (text[p++] === '}') return { start, end: p, members };
      }
    }
    if (text[p] === '[') {
      p++;
      const items = [];
      ws();
      if (text[p] === ']') { p++; return { start, end: p, items }; }
      for (;;) {
        items.push(value());
        ws();
        if (text[p++] === ']') return { start, end: p, items };
      }
    }
    if (text[p] === '"') {
      for (p++; text[p] !== '"'; p++) if (text[p] === '\\') p++;
      p++;
      return { start, end: p };
    }
    while (p < text.length && !/[\s,\]}]/.test(text[p])) p++;
    return { start, end: p };
  };
  return value().items.map((c) => {
    const input = c.members.get('input');
    return new Map(input ? [...input.members].map(([k, v]) => [k, text.slice(v.start, v.end)]) : []);
  });
}

/** A case through the `…Json` twin of its call: each argument as its raw `text`, else as the
 * text of its `input` in the corpus. */
function twin(m, c, raw) {
  const i = c.input || {};
  const arg = (k) => (c.text && k in c.text ? c.text[k] : raw.get(k));
  const o = { ruleset: c.ruleset === undefined ? undefined : JSON.stringify(c.ruleset), asOf: i.as_of };
  switch (c.call) {
    case 'check_application': return m.checkApplicationJson(arg('application'), arg('registry'), o);
    case 'check_plan': return m.checkPlanJson(arg('plan'), o);
    case 'check_report': return m.checkReportJson(arg('report'), o);
    case 'check_reports': return m.checkReportsJson(arg('reports'), o);
    case 'select': return m.selectJson(arg('selection'), o);
    case 'compare': return m.compareJson(arg('base'), arg('variant'), o);
    case 'summarize_cycle': return m.summarizeCycleJson(arg('summary'), o);
    case 'cycle_status': return m.cycleStatusJson(i.as_of, { ruleset: o.ruleset });
    case 'report_status': return m.reportStatusJson(i.year, i.submitted_at, o);
    case 'next_due': return m.nextDueJson(i.as_of, { ruleset: o.ruleset });
  }
  throw new Error(`unknown call ${c.call}`);
}

for (const [build, m] of builds) {
  describe(`hostile corpus, ${build}, via the JSON twins`, () => {
    cases.forEach((c, n) => {
      test(c.name, () => {
        const e = qgxError(() => twin(m, c, spans[n]), m);
        assert.deepEqual({ kind: e.kind, path: e.path }, c.expected.error);
        assert.ok(e.errors.length >= 1);
        const max = c.expected.message_max_chars;
        if (max !== undefined) {
          // As the core checks it: every issue's message is short and printable, however long
          // or strange the value it quotes.
          for (const { message } of e.errors) {
            assert.ok([...message].length <= max, `${[...message].length} characters`);
            assert.doesNotMatch(message, /\p{Cc}/u);
          }
        }
      });
    });
  });
}

test('the hostile corpus is there, read as written', () => {
  assert.ok(cases.length >= 25, `only ${cases.length} cases`);
  cases.forEach((c, n) => {
    for (const [k, v] of Object.entries(c.input || {})) assert.deepEqual(JSON.parse(spans[n].get(k)), v);
  });
});

// ---- JS values where JSON text belongs ------------------------------------------------------

// Every kind of JS value that is not a string; `{length: 2 ** 31}` once made the glue allocate
// that many bytes.
const notText = () => [undefined, null, 123, NaN, true, {}, [], { length: 2 ** 31 }, { length: -1 }, Symbol('s'), 10n, () => '{}', new String('{}')];

describe('a value that is not text where JSON text belongs: QgxError invalid_argument', () => {
  for (const [build, m] of builds) {
    test(`${build}: every string parameter`, () => {
      const asOf = '2025-09-30';
      const sel = JSON.stringify(selection);
      const params = [
        ['checkApplicationJson', (v) => m.checkApplicationJson(v), ''],
        ['checkApplicationJson registry', (v) => m.checkApplicationJson(JSON.stringify(application), v), '/registry'],
        ['checkPlanJson', (v) => m.checkPlanJson(v), ''],
        ['checkReportJson', (v) => m.checkReportJson(v, { asOf }), ''],
        ['checkReportsJson', (v) => m.checkReportsJson(v), ''],
        ['selectJson', (v) => m.selectJson(v), ''],
        ['compareJson base', (v) => m.compareJson(v, sel), '/base'],
        ['compareJson variant', (v) => m.compareJson(sel, v), '/variant'],
        ['summarizeCycleJson', (v) => m.summarizeCycleJson(v, { asOf }), ''],
        ['schema', (v) => m.schema(v), ''],
        ['schemaJson', (v) => m.schemaJson(v), ''],
        ['Ruleset.withOverridesJson', (v) => m.Ruleset.edition2024().withOverridesJson(v), ''],
      ];
      for (const [name, call, at] of params) {
        for (const v of notText()) {
          // An absent registry is no registry.
          if (at === '/registry' && (v === undefined || v === null)) continue;
          const e = qgxError(() => call(v), m);
          assert.deepEqual([e.kind, e.path], ['invalid_argument', at], `${name}(${String(typeof v)})`);
        }
      }
      assert.match(qgxError(() => m.checkReportJson(42, { lang: 'en' }), m).message,
        /^invalid argument at \(document\): expected a string of JSON text, found a number$/);
      assert.match(qgxError(() => m.schema({}), m).message, /found an object$/);
    });
  }
  test('schema({length: N}) does not allocate N bytes', () => {
    const before = webWasm.memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) qgxError(() => web.schema({ length: 2 ** 30 }), web);
    for (let i = 0; i < 20; i++) qgxError(() => web.checkReportJson({ length: 2 ** 30 }), web);
    assert.ok(webWasm.memory.buffer.byteLength - before < 1 << 20, `${webWasm.memory.buffer.byteLength - before} bytes more`);
  });
});

// ---- values JSON cannot hold, inside objects ------------------------------------------------

describe('NaN, Infinity, functions, symbols and BigInts inside objects: errors at their path', () => {
  const nonJson = () => [NaN, Infinity, -Infinity, new Number(NaN), () => 1, Symbol('s'), 1n, { toJSON: () => NaN }];
  for (const [build, m] of builds) {
    test(`${build}: in an application, a plan, a report, a selection, a summary`, () => {
      for (const v of nonJson()) {
        const what = typeof v === 'symbol' ? 'symbol' : String(v);
        let e = qgxError(() => m.checkApplication({ ...application, merit_score: v }), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/merit_score'], what);
        e = qgxError(() => m.checkPlan({ ...application.plan, objectives: { ...application.plan.objectives, party_building: v } }), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/objectives/party_building'], what);
        const r = structuredClone(report);
        r.tasks.party_building.activities[0].participants.students = 0;
        r.tasks.party_building.activities[0].participants.students = v;
        e = qgxError(() => m.checkReport(r), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/tasks/party_building/activities/0/participants/students'], what);
        e = qgxError(() => m.checkReports([report, { ...report, cycle_year: v }]), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/1/cycle_year'], what);
        const s = structuredClone(selection);
        s.provinces[0].university_quotas['4111010001'] = v;
        e = qgxError(() => m.select(s), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/provinces/0/university_quotas/4111010001'], what);
        e = qgxError(() => m.compare(selection, s), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/variant/provinces/0/university_quotas/4111010001'], what);
        e = qgxError(() => m.summarizeCycle({ reports: [report], participants: [{ application_id: 'A-0001', province: '11', person_id: v }] }, { asOf: '2026-09-30' }), m);
        assert.deepEqual([e.kind, e.path], ['invalid_input', '/participants/0/person_id'], what);
      }
    });
    test(`${build}: merit_score: NaN is not the plan score, a NaN weight is not the unchanged edition`, () => {
      // Once NaN became null, and a missing merit score was read as the plan score.
      assert.equal(qgxError(() => m.checkApplication({ ...application, merit_score: NaN }), m).path, '/merit_score');
      const edition = m.Ruleset.edition2024().hash;
      for (const v of nonJson()) {
        const what = typeof v === 'symbol' ? 'symbol' : String(v);
        for (const f of [
          () => new m.Ruleset({ score: { reach: v } }),
          () => m.Ruleset.edition2024().withOverrides({ score: { reach: v } }),
          () => m.Ruleset.fromDocument({ ...m.Ruleset.edition2024().toJSON(), score: { ...m.Ruleset.edition2024().toJSON().score, reach: v } }),
          () => m.checkReport(report, { ruleset: { score: { reach: v } } }),
        ]) {
          const e = qgxError(f, m);
          assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/score/reach'], what);
        }
        // Inside an input's own ruleset, the ruleset's error, as the core and Python say.
        const own = { ...selection, ruleset: { score: { reach: v } } };
        let e = qgxError(() => m.select(own), m);
        assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/ruleset/score/reach'], what);
        e = qgxError(() => m.compare(selection, own), m);
        assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/variant/ruleset/score/reach'], what);
        e = qgxError(() => m.summarizeCycle({ reports: [report], ruleset: { score: { reach: v } } }, { asOf: '2026-09-30' }), m);
        assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/ruleset/score/reach'], what);
      }
      assert.notEqual(new m.Ruleset({ score: { reach: 4 } }).hash, edition);
    });
    test(`${build}: undefined is an absent member, and an error in an array; holes too`, () => {
      assert.deepEqual(m.checkReport({ ...report, extra: undefined }), m.checkReport(report));
      let e = qgxError(() => m.checkReports([report, undefined]), m);
      assert.deepEqual([e.kind, e.path], ['invalid_input', '/1']);
      e = qgxError(() => m.checkReports([report, , report]), m);
      assert.deepEqual([e.kind, e.path], ['invalid_input', '/1']);
      const r = structuredClone(report);
      r.tasks.party_building.activities[0].evidence = ['https://example.edu.cn/1', undefined];
      e = qgxError(() => m.checkReport(r), m);
      assert.equal(e.path, '/tasks/party_building/activities/0/evidence/1');
    });
    test(`${build}: JSON Pointer escapes in the path of a bad value`, () => {
      const e = qgxError(() => m.checkReport({ ...report, 'a/b~c': NaN }), m);
      assert.deepEqual([e.kind, e.path], ['invalid_input', '/a~1b~0c']);
    });
  }
});

// ---- exceptions of the caller's own code ----------------------------------------------------

describe('getters and proxies that throw', () => {
  for (const [build, m] of builds) {
    test(`${build}: a throwing option getter propagates, not swallowed`, () => {
      const boom = new Error('boom');
      const throwing = (key) => Object.defineProperty({}, key, { enumerable: true, get() { throw boom; } });
      for (const key of ['asOf', 'lang', 'ruleset']) {
        for (const f of [() => m.checkReport(report, throwing(key)), () => m.checkReportJson(JSON.stringify(report), throwing(key)),
          () => m.summarizeCycle({ reports: [] }, throwing(key)), () => m.nextDue('2025-03-01', throwing(key))]) {
          assert.throws(f, (e) => e === boom, key);
        }
      }
      const keysThrow = new Proxy({}, { ownKeys() { throw boom; } });
      assert.throws(() => m.checkReport(report, keysThrow), (e) => e === boom);
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      assert.throws(() => m.checkReport(report, proxy), TypeError);
      // A Date's own methods may be replaced: its time is read with Date.prototype's.
      class Odd extends Date { getTime() { throw boom; } getFullYear() { return 1; } }
      assert.deepEqual(m.checkReport(report, { asOf: new Odd(2025, 7, 1) }), m.checkReport(report, { asOf: '2025-08-01' }));
      // Not a Date, though it claims to be one.
      assert.throws(() => m.nextDue(Object.create(Date.prototype)), TypeError);
    });
    test(`${build}: inputs that throw while read are QgxErrors`, () => {
      const bad = Object.defineProperty({ ...report }, 'summary', { enumerable: true, get() { throw new Error('boom'); } });
      let e = qgxError(() => m.checkReport(bad), m);
      assert.equal(e.kind, 'invalid_input');
      assert.match(e.message, /boom/);
      e = qgxError(() => m.checkReport(new Proxy(report, { get() { throw new Error('trap'); } })), m);
      assert.match(e.message, /trap/);
      e = qgxError(() => m.checkReport({ ...report, summary: { toJSON() { throw new Error('toJSON'); } } }), m);
      assert.match(e.message, /toJSON/);
    });
  }
});

// ---- and then it still works ----------------------------------------------------------------

test('after all of that, both builds check 2,000 reports in one call', () => {
  for (let i = 0; i < 50; i++) {
    qgxError(() => web.schema({ length: 2 ** 31 - 1 }), web);
    qgxError(() => q.schema({ length: 2 ** 31 - 1 }));
  }
  const reports = Array.from({ length: 2000 }, (_, i) => ({ ...report, application_id: `A-${i}` }));
  for (const m of [q, web]) {
    const out = m.checkReports(reports);
    assert.equal(out.length, 2000);
    assert.ok(out.every((r) => r.complete));
    assert.equal(JSON.parse(m.checkReportsJson(JSON.stringify(reports))).length, 2000);
  }
});
