// Every function of qgx-wasm, its options and its errors (QgxError with the right kind and path),
// and robustness: no input traps the module.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { crate, q, qgxError, readJson, web } from './helpers.mjs';

const report = readJson('examples/report.json');
const incomplete = readJson('examples/report-incomplete.json');
const selection = readJson('examples/selection.json');
const application = selection.applications[0];
const clone = (x) => structuredClone(x);

describe('checkReport', () => {
  test('a complete report: complete, scored, stamped with the ruleset', () => {
    const out = q.checkReport(report, { asOf: '2025-08-01' });
    assert.equal(out.complete, true);
    assert.equal(out.completeness, 1);
    assert.equal(typeof out.score.total, 'number');
    assert.deepEqual(Object.keys(out.tasks).sort(), ['education_service', 'party_building', 'practice_education', 'tech_empowerment']);
    assert.equal(out.ruleset.hash, q.Ruleset.edition2024().hash);
  });
  test('findings carry rule, code, severity, a JSON Pointer path and both languages', () => {
    const out = q.checkReport(incomplete, { asOf: '2025-08-01' });
    assert.equal(out.complete, false);
    // RULES.md §4.13 (revision 2): outputs are not completeness checks. 30 checks (year, summary,
    // 4 coverage, 4 activities × 6); failed: tech_empowerment's and practice_education's coverage,
    // its form, description and evidence, and practice_education's date: 24 / 30.
    assert.equal(out.completeness, 0.8);
    assert.equal(out.score.total, 29.58);
    const f = out.findings.find((x) => x.code === 'form_not_allowed');
    assert.equal(f.path, '/tasks/tech_empowerment/activities/0/form');
    assert.equal(f.rule, 'R-TASK-3');
    assert.equal(f.severity, 'error');
    assert.match(f.message.zh, /不是/);
    assert.match(f.message.en, /not a form/);
  });
  test('a Date as asOf is its local calendar date', () => {
    const a = q.checkReport(incomplete, { asOf: new Date(2025, 7, 1) });
    const b = q.checkReport(incomplete, { asOf: '2025-08-01' });
    assert.deepEqual(a, b);
  });
  test('the JSON twin gives the same bytes parsed', () => {
    const text = q.checkReportJson(JSON.stringify(incomplete), { asOf: '2025-08-01' });
    assert.equal(typeof text, 'string');
    assert.deepEqual(JSON.parse(text), q.checkReport(incomplete, { asOf: '2025-08-01' }));
  });
  test('checkReports over an array, errors prefixed with the index', () => {
    const out = q.checkReports([report, incomplete]);
    assert.equal(out.length, 2);
    assert.deepEqual(out[1], q.checkReport(incomplete));
    const bad = clone(incomplete);
    bad.tasks.party_building.activities[0].form = 'dance';
    const e = qgxError(() => q.checkReports([report, bad]));
    assert.equal(e.path, '/1/tasks/party_building/activities/0/form');
    assert.equal(JSON.parse(q.checkReportsJson(JSON.stringify([report]))).length, 1);
  });
});

describe('other checks', () => {
  test('checkApplication with and without a registry', () => {
    const out = q.checkApplication(application);
    assert.ok(Array.isArray(out.findings));
    assert.ok('outcome' in out && 'candidate' in out);
    const withRegistry = q.checkApplication(application, { national_studios: [] });
    assert.ok(Array.isArray(withRegistry.findings));
    assert.deepEqual(JSON.parse(q.checkApplicationJson(JSON.stringify(application))), out);
    const e = qgxError(() => q.checkApplication(application, { national_studios: [{ person_id: 'P', batch: 1 }] }));
    assert.equal(e.path, '/registry/national_studios/0/status');
  });
  test('checkPlan: findings point into the plan', () => {
    const out = q.checkPlan({ objectives: {}, activities: [], outputs: [], milestones: {} });
    assert.ok(out.findings.some((f) => f.code === 'objective_missing' && f.path.startsWith('/objectives')));
    assert.equal(q.checkPlan(application.plan).score, 63.33);
    assert.deepEqual(JSON.parse(q.checkPlanJson(JSON.stringify(application.plan))), q.checkPlan(application.plan));
  });
  test('select: the whole selection, its own ruleset merged over the option', () => {
    const out = q.select(selection);
    // RULES.md §4.5 and §4.9 (revision 2): R-DUP keeps P-0002's latest submission (A-0008, 99);
    // no office decision yet, so the recommended stay `recommended` (not national team); the
    // exempt A-0003 is recommended too; A-0004 is first out and takes a provincial place.
    const outcomes = Object.fromEntries(out.applications.map((a) => [a.id, a.outcome]));
    assert.deepEqual(outcomes, {
      'A-0001': 'recommended', 'A-0002': 'duplicate', 'A-0003': 'recommended', 'A-0004': 'provincial_team',
      'A-0005': 'ineligible', 'A-0006': 'recommended', 'A-0007': 'misrouted', 'A-0008': 'recommended', 'A-0009': 'not_endorsed',
    });
    assert.deepEqual(out.applications.filter((a) => a.recommended).map((a) => a.id), ['A-0001', 'A-0003', 'A-0006', 'A-0008']);
    assert.deepEqual(out.provinces[0].cut_line, { last_in: { id: 'A-0008', merit: 99 }, first_out: { id: 'A-0004', merit: 90 } });
    const counts = (p) => [p.candidates, p.places_used, p.exempt, p.recommended, p.pending_review, p.rejected, p.national_team, p.provincial_team, p.provincial_candidates, p.not_selected];
    assert.deepEqual(counts(out.provinces[0]), [4, 2, 1, 3, 3, 0, 0, 1, 0, 0]);
    assert.deepEqual(counts(out.provinces[1]), [1, 1, 0, 1, 1, 0, 0, 0, 0, 0]);
    // Reviews pending with a provincial quota set: the provincial team is provisional (info).
    assert.deepEqual(out.provinces[0].findings.map((f) => [f.rule, f.code, f.severity, f.path]), [['R-PROVINCIAL', 'provincial_provisional', 'info', '/provincial_quota']]);
    assert.deepEqual(out.provinces[1].findings.map((f) => f.code), ['late_list']);
    // R-MANDATORY (§4.10): P-0003's pending recommendation is taking part; P-0099 has no
    // application. Compliance findings point at the list, naming the person.
    assert.deepEqual(out.compliance.map((f) => [f.rule, f.code, f.severity, f.path, f.person_id, f.application_id, f.province]),
      [['R-MANDATORY', 'mandatory_missing', 'warning', '/registry/national_studios', 'P-0099', null, '31']]);
    // An office decision: approved is national team, rejected keeps its place used (§4.9 step 5).
    const decided = q.select({ ...selection, office_decisions: { 'A-0001': 'approved', 'A-0008': 'rejected' } });
    const byId = Object.fromEntries(decided.applications.map((a) => [a.id, a]));
    assert.equal(byId['A-0001'].outcome, 'national_team');
    assert.equal(byId['A-0008'].recommended, true);
    assert.equal(byId['A-0008'].outcome, 'provincial_team');
    assert.deepEqual(counts(decided.provinces[0]), [4, 2, 1, 3, 1, 1, 1, 2, 0, 0]);
    assert.deepEqual(JSON.parse(q.selectJson(JSON.stringify(selection))), out);
    const e = qgxError(() => q.select({ ...selection, ruleset: { priority_mode: 'x' } }));
    assert.equal(e.kind, 'invalid_ruleset');
    assert.equal(e.path, '/ruleset/priority_mode');
  });
  test('cycleStatus, reportStatus, nextDue', () => {
    const c = q.cycleStatus('2025-03-01');
    assert.equal(c.as_of, '2025-03-01');
    assert.equal(c.position.year, 1);
    assert.deepEqual(q.nextDue('2025-03-01'), { year: 1, window_opens: '2025-07-03', due: '2025-08-31', days_left: 183 });
    assert.deepEqual(q.nextDue(new Date(2025, 2, 1)), q.nextDue('2025-03-01'));
    assert.equal(q.nextDue('2040-01-01'), null);
    assert.equal(q.nextDueJson('2040-01-01'), 'null');
    const s = q.reportStatus(1, '2025-08-20T10:00:00+08:00', { asOf: '2025-09-01' });
    assert.equal(s.status, 'submitted_on_time');
    const late = q.reportStatus(1, null, { asOf: '2025-09-10' });
    assert.equal(typeof late.status, 'string');
    assert.deepEqual(JSON.parse(q.reportStatusJson(1, '2025-08-20T10:00:00+08:00', { asOf: '2025-09-01' })), s);
    assert.deepEqual(JSON.parse(q.cycleStatusJson('2025-03-01')), c);
    assert.deepEqual(q.cycleStatus(undefined, { asOf: '2025-03-01' }), c);
  });
  test('schema, schemaNames, catalog, engineVersion', () => {
    const names = q.schemaNames();
    assert.ok(names.includes('annual_report') && names.includes('report_check'));
    for (const n of names) assert.equal(typeof q.schema(n), 'object');
    assert.equal(q.schema('annual_report').additionalProperties, false);
    assert.deepEqual(JSON.parse(q.schemaJson('plan')), q.schema('plan'));
    const e = qgxError(() => q.schema('nope'));
    assert.equal(e.kind, 'unknown_schema');
    const cat = q.catalog();
    assert.ok(cat.length > 20 && cat.every((c) => c.code && c.zh && c.en));
    assert.match(q.engineVersion(), /^\d+\.\d+\.\d+/);
  });
});

describe('compare', () => {
  const variant = { ...selection, provinces: selection.provinces.map((p) => (p.province === '11' ? { ...p, national_quota: p.national_quota + 1 } : p)) };
  test('two selections: who and what one more national place moves', () => {
    const out = q.compare(selection, variant);
    assert.equal(out.base.hash, q.Ruleset.edition2024().hash);
    assert.equal(out.variant.hash, out.base.hash);
    // RULES.md §4.9: with a third place in 11, A-0004 (first out, 90) is recommended.
    assert.deepEqual(out.newly_recommended, ['A-0004']);
    assert.deepEqual(out.no_longer_recommended, []);
    const a = out.applications.find((x) => x.id === 'A-0004');
    assert.deepEqual([a.base.outcome, a.base.recommended, a.variant.outcome, a.variant.recommended], ['provincial_team', false, 'recommended', true]);
    assert.deepEqual(out.provinces.map((p) => [p.province, p.base.national_quota, p.variant.national_quota]), [['11', 2, 3]]);
    assert.deepEqual(q.compare(selection, selection).applications, []);
  });
  test('the JSON twin, the browser build, rulesets of each side and of the option', () => {
    const out = q.compare(selection, variant);
    const text = q.compareJson(JSON.stringify(selection), JSON.stringify(variant));
    assert.equal(typeof text, 'string');
    assert.deepEqual(JSON.parse(text), out);
    assert.deepEqual(web.compare(selection, variant), out);
    assert.equal(web.compareJson(JSON.stringify(selection), JSON.stringify(variant)), text);
    // The variant's own ruleset merges over the option's; the base keeps the option's.
    const strict = q.compare(selection, { ...selection, ruleset: { late_list_policy: 'exclude' } }, { ruleset: { priority_mode: 'tie_break' } });
    assert.equal(strict.base.hash, new q.Ruleset({ priority_mode: 'tie_break' }).hash);
    assert.equal(strict.variant.hash, new q.Ruleset({ priority_mode: 'tie_break', late_list_policy: 'exclude' }).hash);
    assert.ok(strict.no_longer_recommended.length > 0);
  });
  test('errors name /base or /variant', () => {
    let e = qgxError(() => q.compare(selection, { ...variant, extra: 1 }));
    assert.deepEqual([e.kind, e.path], ['invalid_input', '/variant/extra']);
    e = qgxError(() => q.compare({ ...selection, ruleset: { priority_mode: 'x' } }, variant));
    assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/base/ruleset/priority_mode']);
    e = qgxError(() => q.compare(selection, undefined));
    assert.deepEqual([e.kind, e.path], ['invalid_input', '/variant']);
    e = qgxError(() => q.compareJson('{', JSON.stringify(variant), { lang: 'en' }));
    assert.deepEqual([e.kind, e.path, e.line], ['syntax', '/base', 1]);
    e = qgxError(() => q.compareJson(JSON.stringify(selection), '[]'));
    assert.deepEqual([e.kind, e.path], ['invalid_input', '/variant']);
  });
});

describe('every call of the core', () => {
  test('calls() is qgx_core::args::CALLS, each exported under its camelCase name, with its JSON twin', () => {
    const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    for (const m of [q, web]) {
      const calls = m.calls();
      assert.ok(calls.length >= 12 && calls.includes('compare') && calls.includes('summarize_cycle'), calls.join());
      for (const c of calls) {
        assert.equal(typeof m[camel(c)], 'function', `${c}: no ${camel(c)}`);
        // catalog() takes nothing and has no text to give: it has no twin.
        if (c !== 'catalog') assert.equal(typeof m[`${camel(c)}Json`], 'function', `${c}: no ${camel(c)}Json`);
      }
    }
  });
});

describe('summarizeCycle', () => {
  // Two participants: A-0001 reported year 1 on time and complete, A-0004 (not among
  // `participants`: province null) late and incomplete.
  const summary = { reports: [report, incomplete], participants: [{ application_id: 'A-0001', province: '11', person_id: 'P-0001' }] };
  test('per participant and province, stamped, as of the day given', () => {
    const out = q.summarizeCycle(summary, { asOf: '2025-09-30' });
    assert.equal(out.as_of, '2025-09-30');
    assert.equal(out.ruleset.hash, q.Ruleset.edition2024().hash);
    assert.deepEqual(out.participants.map((p) => [p.application_id, p.province, p.person_id, p.due, p.on_time_complete, p.overdue]),
      [['A-0001', '11', 'P-0001', 1, 1, 0], ['A-0004', null, null, 1, 0, 0]]);
    const [a] = out.participants;
    assert.deepEqual(a.years.map((y) => [y.year, y.status, y.complete]),
      [[1, 'submitted_on_time', true], [2, 'not_due', null], [3, 'not_due', null]]);
    assert.equal(a.cycle_score, a.years[0].score);
    assert.deepEqual(Object.keys(a.totals).sort(), ['education_service', 'party_building', 'practice_education', 'tech_empowerment']);
    assert.deepEqual(out.provinces.map((p) => [p.province, p.name, p.participants]), [['11', '北京市', 1], [null, null, 1]]);
    assert.ok(Array.isArray(out.case_shortlist));
  });
  test('the JSON twin, a Date as asOf, the input ruleset over the option', () => {
    const out = q.summarizeCycle(summary, { asOf: '2025-09-30' });
    const text = q.summarizeCycleJson(JSON.stringify(summary), { asOf: '2025-09-30' });
    assert.equal(typeof text, 'string');
    assert.deepEqual(JSON.parse(text), out);
    assert.deepEqual(q.summarizeCycle(summary, { asOf: new Date(2025, 8, 30) }), out);
    const low = q.summarizeCycle({ ...summary, ruleset: { case_min_score: 0 } }, { asOf: '2025-09-30', ruleset: { case_shortlist_size: 1 } });
    assert.deepEqual(low.case_shortlist.map((c) => c.application_id), ['A-0001']);
    assert.equal(low.participants[0].case_candidate, true);
    assert.notEqual(low.ruleset.hash, out.ruleset.hash);
    assert.deepEqual(q.summarizeCycle({ reports: [] }, { asOf: '2025-09-30' }).participants, []);
  });
  test('asOf is required: invalid_argument at /as_of, whatever the input', () => {
    for (const options of [undefined, null, {}, { asOf: null }, { asOf: undefined }, { lang: 'en' }, { ruleset: { case_min_score: 1 } }]) {
      for (const f of [() => q.summarizeCycle(summary, options), () => q.summarizeCycleJson(JSON.stringify(summary), options), () => q.summarizeCycle(undefined, options), () => q.summarizeCycleJson('{', options)]) {
        const e = qgxError(f);
        assert.deepEqual([e.kind, e.path], ['invalid_argument', '/as_of'], JSON.stringify(options));
      }
    }
    assert.match(qgxError(() => q.summarizeCycle(summary, { lang: 'en' })).message, /^invalid argument at \/as_of: expected `asOf`/);
    assert.match(qgxError(() => q.summarizeCycle(summary)).message, /^参数有误（\/as_of）：/);
  });
  test('a bad asOf or option: invalid_argument at its path', () => {
    for (const asOf of ['2025-13-01', '2025-09-30T00:00:00Z', '', new Date(NaN), 20250930, NaN, true, ['2025-09-30'], {}]) {
      for (const f of [() => q.summarizeCycle(summary, { asOf }), () => q.summarizeCycleJson(JSON.stringify(summary), { asOf })]) {
        const e = qgxError(f);
        assert.deepEqual([e.kind, e.path], ['invalid_argument', '/as_of'], String(asOf));
      }
    }
    let e = qgxError(() => q.summarizeCycle(summary, { asOf: '2025-09-30', lang: 'fr' }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/lang']);
    e = qgxError(() => q.summarizeCycle(summary, { as_of: '2025-09-30' }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/as_of']);
    assert.match(e.message, /unknown option `as_of`/);
    e = qgxError(() => q.summarizeCycle(summary, '2025-09-30'));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '']);
    e = qgxError(() => q.summarizeCycle(summary, { asOf: '2025-09-30', ruleset: { case_min_score: 101 } }));
    assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/case_min_score']);
  });
  test('malformed input: QgxError with kind and path, in objects and JSON text', () => {
    const asOf = '2025-09-30';
    const r = (o) => ({ ...report, ...o });
    const cases = [
      [{ ...summary, reports: [r({ cycle_year: '1' })] }, 'invalid_input', '/reports/0/cycle_year'],
      [{ ...summary, reports: [report, r({ cycle_year: NaN })] }, 'invalid_input', '/reports/1/cycle_year'],
      [{ ...summary, reports: [r({ cycle_year: Infinity })] }, 'invalid_input', '/reports/0/cycle_year'],
      [{ ...summary, participants: [{ application_id: 'A-0001', province: '99' }] }, 'invalid_input', '/participants/0/province'],
      [{ ...summary, participants: [...summary.participants, { application_id: 'A-0001', province: '12' }] }, 'invalid_input', '/participants/1/application_id'],
      [{ reports: [r({ submitted_at: undefined }), r({ submitted_at: null })] }, 'invalid_input', '/reports/1'],
      [{ reports: [report, report] }, 'invalid_input', '/reports/1/submitted_at'],
      [{ ...summary, ruleset: { case_min_score: 'high' } }, 'invalid_ruleset', '/ruleset/case_min_score'],
      [{ ...summary, extra: 1 }, 'invalid_input', '/extra'],
      [{ participants: [] }, 'invalid_input', '/reports'],
      [[summary], 'invalid_input', ''],
    ];
    for (const [input, kind, path] of cases) {
      const a = qgxError(() => q.summarizeCycle(input, { asOf }));
      assert.deepEqual([a.kind, a.path], [kind, path], JSON.stringify(input).slice(0, 200));
      assert.equal(a.line, undefined);
      const b = qgxError(() => q.summarizeCycleJson(JSON.stringify(input), { asOf }));
      assert.deepEqual([b.kind, b.path], [kind, path]);
      // Errors of reading carry the line and column; those found after (duplicates) do not.
      const found = ['/participants/1/application_id', '/reports/1', '/reports/1/submitted_at'].includes(path);
      assert.equal(typeof b.line, found ? 'undefined' : 'number', path);
    }
    const e = qgxError(() => q.summarizeCycleJson('{"reports": [\n  {"application_id": 1}]}', { asOf, lang: 'en' }));
    assert.deepEqual([e.kind, e.path, e.line], ['invalid_input', '/reports/0/application_id', 2]);
    assert.match(e.message, /^invalid input at \/reports\/0\/application_id: .*\(line 2, column \d+\)$/);
    assert.equal(qgxError(() => q.summarizeCycleJson('{"reports": [', { asOf })).kind, 'syntax');
  });
  test('values JSON cannot hold are errors, not crashes', () => {
    const cyclic = { reports: [] };
    cyclic.reports.push(cyclic);
    for (const input of [undefined, null, 1n, () => 1, Symbol('s'), cyclic, 'text', 42, { reports: [1n] }]) {
      const e = qgxError(() => q.summarizeCycle(input, { asOf: '2025-09-30' }));
      assert.ok(['invalid_input', 'syntax'].includes(e.kind), e.kind);
      assert.equal(typeof e.path, 'string');
    }
  });
});

describe('schemas, shipped beside the module', () => {
  test('schema(name) of both builds is the core\'s schema, from the package\'s files', () => {
    const names = q.schemaNames();
    assert.deepEqual(fs.readdirSync(path.join(crate, 'pkg', 'schemas')).sort(), names.map((n) => `${n}.json`).sort());
    for (const name of names) {
      // The module checks each text against the SHA-256 of the core's text (build.rs): a schema
      // comes back only when the file holds exactly the core's.
      const text = fs.readFileSync(path.join(crate, 'pkg', 'schemas', `${name}.json`), 'utf8');
      assert.equal(q.schemaJson(name), text);
      assert.deepEqual(q.schema(name), JSON.parse(text));
      assert.equal(web.schemaJson(name), text);
      assert.deepEqual(web.schema(name), JSON.parse(text));
    }
    assert.deepEqual(web.schemaNames(), names);
    assert.throws(() => web.schema('nope'), (e) => e instanceof web.QgxError && e.kind === 'unknown_schema' && e.path === '');
    assert.deepEqual([qgxError(() => q.schemaJson('nope')).kind, qgxError(() => q.schema('__proto__')).kind], ['unknown_schema', 'unknown_schema']);
  });
  test('a schema file that is not the core\'s is an Error, not a wrong schema', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qgx-wasm-'));
    try {
      fs.cpSync(path.join(crate, 'pkg'), dir, { recursive: true });
      const file = path.join(dir, 'schemas', 'plan.json');
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), description: 'edited' }));
      fs.rmSync(path.join(dir, 'schemas', 'finding.json'));
      const copy = createRequire(import.meta.url)(dir);
      assert.deepEqual(copy.schema('annual_report'), q.schema('annual_report'));
      assert.throws(() => copy.schema('plan'), (x) => !(x instanceof copy.QgxError) && /^the schema `plan` shipped with the package is not qgx-core .*'s: reinstall/.test(x.message));
      assert.throws(() => copy.schemaJson('finding'), (x) => !(x instanceof copy.QgxError) && x.code === 'ENOENT');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Ruleset', () => {
  test('edition 2024, overrides, hash, document', () => {
    const base = q.Ruleset.edition2024();
    assert.equal(base.edition, '2024');
    assert.match(base.hash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(new q.Ruleset().hash, base.hash);
    const rs = base.withOverrides({ min_description_chars: 30 });
    assert.notEqual(rs.hash, base.hash);
    assert.equal(rs.toJSON().min_description_chars, 30);
    assert.equal(rs.toJSON().edition, '2024');
    assert.equal(base.withOverridesJson('{"min_description_chars": 30}').hash, rs.hash);
    assert.equal(q.Ruleset.fromDocument(rs.toJSON()).hash, rs.hash);
    assert.equal(q.Ruleset.fromDocument(JSON.stringify(rs)).hash, rs.hash);
    assert.equal(JSON.parse(rs.canonicalJson()).min_description_chars, 30);
  });
  test('as options.ruleset: a Ruleset, plain overrides or JSON text give the same result', () => {
    const rs = new q.Ruleset({ min_description_chars: 30 });
    const a = q.checkReport(report, { ruleset: rs });
    const b = q.checkReport(report, { ruleset: { min_description_chars: 30 } });
    const c = q.checkReport(report, { ruleset: '{"min_description_chars": 30}' });
    assert.equal(a.ruleset.hash, rs.hash);
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
    assert.notEqual(a.ruleset.hash, q.checkReport(report).ruleset.hash);
  });
  test('a freed Ruleset still works through its document or fails cleanly', () => {
    const rs = new q.Ruleset({ min_description_chars: 31 });
    const hash = rs.hash;
    rs.free();
    const e = (() => { try { return q.checkReport(report, { ruleset: rs }); } catch (x) { return x; } })();
    assert.ok(e instanceof q.QgxError || e.ruleset.hash === hash || e instanceof Error);
  });
  test('bad overrides: invalid_ruleset naming the parameter', () => {
    let e = qgxError(() => new q.Ruleset({ priority_mode: 'x' }));
    assert.equal(e.kind, 'invalid_ruleset');
    assert.equal(e.path, '/priority_mode');
    e = qgxError(() => q.checkReport(report, { ruleset: { cycle_years: 'three' } }));
    assert.equal(e.kind, 'invalid_ruleset');
    assert.equal(e.path, '/cycle_years');
    e = qgxError(() => q.checkReport(report, { ruleset: { no_such: 1 } }));
    assert.equal(e.path, '/no_such');
    e = qgxError(() => q.Ruleset.edition2024().withOverridesJson('{'));
    assert.equal(e.kind, 'syntax');
    // A plain object is overrides, even with a `hash` that names a live Ruleset.
    const live = new q.Ruleset({ min_description_chars: 30 });
    e = qgxError(() => q.checkReport(report, { ruleset: { hash: live.hash } }));
    assert.deepEqual([e.kind, e.path], ['invalid_ruleset', '/hash']);
  });
});

describe('options and errors', () => {
  test('malformed input: QgxError with kind, path, errors; message in zh by default', () => {
    const bad = { ...report, cycle_year: '1' };
    const e = qgxError(() => q.checkReport(bad));
    assert.equal(e.name, 'QgxError');
    assert.ok(e instanceof Error);
    assert.equal(e.kind, 'invalid_input');
    assert.equal(e.path, '/cycle_year');
    assert.equal(e.errors.length, 1);
    assert.equal(e.errors[0].path, '/cycle_year');
    assert.match(e.message, /^输入格式有误（\/cycle_year）：/);
    assert.equal(e.line, undefined);
  });
  test('lang: "en" gives the message in English', () => {
    const e = qgxError(() => q.checkReport({ ...report, cycle_year: '1' }, { lang: 'en' }));
    assert.match(e.message, /^invalid input at \/cycle_year: /);
  });
  test('paths of nested, unknown and missing fields', () => {
    const cases = [
      [(r) => { r.tasks.party_building.activities[0].form = 'dance'; }, '/tasks/party_building/activities/0/form'],
      [(r) => { r.tasks.party_building.activities[0].participants.students = -1; }, '/tasks/party_building/activities/0/participants/students'],
      [(r) => { r.tasks.party_building.activities[0].date = '2025-02-30'; }, '/tasks/party_building/activities/0/date'],
      [(r) => { r.tasks.sports = r.tasks.party_building; }, '/tasks/sports'],
      [(r) => { delete r.summary; }, '/summary'],
      [(r) => { r.tasks.party_building.outputs.push({ kind: 'quality_party_lesson', url: 'x' }); }, `/tasks/party_building/outputs/${report.tasks.party_building.outputs.length}/url`],
    ];
    for (const [mutate, path] of cases) {
      const r = clone(report);
      mutate(r);
      assert.equal(qgxError(() => q.checkReport(r)).path, path);
      assert.equal(qgxError(() => q.checkReportJson(JSON.stringify(r))).path, path);
    }
  });
  test('JSON text: syntax errors with line and column', () => {
    const e = qgxError(() => q.checkReportJson('{"application_id": \n "A", '));
    assert.equal(e.kind, 'syntax');
    assert.equal(e.line, 2);
    assert.equal(typeof e.column, 'number');
    assert.match(e.message, /第 2 行/);
    const f = qgxError(() => q.checkReportJson('{"cycle_year": "1"}', { lang: 'en' }));
    assert.equal(f.kind, 'invalid_input');
  });
  test('bad arguments: invalid_argument at /as_of, /year, /submitted_at, /lang and unknown options', () => {
    let e = qgxError(() => q.checkReport(report, { asOf: '2025-13-01' }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/as_of']);
    e = qgxError(() => q.checkReport(report, { asOf: new Date(NaN) }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/as_of']);
    e = qgxError(() => q.checkReport(report, { asOf: 20250801 }));
    assert.equal(e.path, '/as_of');
    e = qgxError(() => q.cycleStatus(undefined));
    assert.equal(e.path, '/as_of');
    e = qgxError(() => q.reportStatus(7, null, { asOf: '2025-01-01' }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/year']);
    e = qgxError(() => q.reportStatus(1.5, null, { asOf: '2025-01-01' }));
    assert.equal(e.path, '/year');
    e = qgxError(() => q.reportStatus('1', null, { asOf: '2025-01-01' }));
    assert.equal(e.path, '/year');
    e = qgxError(() => q.reportStatus(1, 'yesterday', { asOf: '2025-01-01' }));
    assert.equal(e.path, '/submitted_at');
    e = qgxError(() => q.reportStatus(1, null));
    assert.equal(e.path, '/as_of');
    e = qgxError(() => q.checkReport(report, { lang: 'fr' }));
    assert.deepEqual([e.kind, e.path], ['invalid_argument', '/lang']);
    e = qgxError(() => q.checkReport(report, { as_of: '2025-08-01', lang: 'en' }));
    assert.equal(e.path, '/as_of');
    assert.match(e.message, /unknown option `as_of`/);
    e = qgxError(() => q.checkReport(report, 'en'));
    assert.equal(e.kind, 'invalid_argument');
  });
  test('values JSON cannot hold: undefined, BigInt, cycles, functions, deep nesting', () => {
    const cyclic = clone(report);
    cyclic.tasks.party_building.self = cyclic;
    const deep = clone(report);
    let x = deep;
    for (let i = 0; i < 100000; i++) { x.summary = {}; x = x.summary; }
    const inputs = [undefined, null, 1n, () => 1, Symbol('s'), cyclic, deep, 'text', 42, [], { ...report, cycle_year: 1n }];
    for (const input of inputs) {
      const e = qgxError(() => q.checkReport(input));
      assert.equal(typeof e.path, 'string');
      assert.ok(['invalid_input', 'syntax'].includes(e.kind), e.kind);
    }
    let nested = '[]';
    for (let i = 0; i < 5000; i++) nested = `[${nested}]`;
    assert.equal(qgxError(() => q.checkReportJson(`{"summary": ${nested}}`)).path, '/summary');
    // An array where an object belongs is the wrong type at once, however deep it goes.
    const deepRuleset = qgxError(() => q.checkReport(report, { ruleset: nested }));
    assert.deepEqual([deepRuleset.kind, deepRuleset.path], ['invalid_ruleset', '']);
    const deepRegistry = qgxError(() => q.selectJson(`{"applications": [], "provinces": [], "registry": ${nested}}`));
    assert.deepEqual([deepRegistry.kind, deepRegistry.path], ['invalid_input', '/registry']);
  });
  test('no input traps the module: random mutations of every input, then it still works', () => {
    let seed = 42;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const junk = [null, true, -1, 1e308, 2 ** 53 + 1, 0.5, '', 'x'.repeat(1000), '\u0000\ud800', [], {}, [1, [2, [3]]], { a: { b: {} } }, NaN, Infinity, '2024-02-29', '2025-08-31T24:00:00+08:00'];
    const pointers = (v, p = []) => (v && typeof v === 'object'
      ? [p, ...Object.keys(v).flatMap((k) => pointers(v[k], [...p, k]))] : [p]);
    const mutate = (base) => {
      const ps = pointers(base).filter((p) => p.length);
      const p = ps[rand(ps.length)];
      let parent = base;
      for (const k of p.slice(0, -1)) parent = parent[k];
      const last = p[p.length - 1];
      if (rand(4) === 0) delete parent[last]; else parent[last] = junk[rand(junk.length)];
      return base;
    };
    const calls = [
      [3000, () => mutate(clone(rand(2) ? report : incomplete)), (x) => { q.checkReport(x, { asOf: '2025-08-01' }); q.checkReportJson(JSON.stringify(x)); }],
      [500, () => mutate(clone(application)), (x) => { q.checkApplication(x); q.checkApplicationJson(JSON.stringify(x)); }],
      [500, () => mutate(clone(application.plan)), (x) => q.checkPlan(x)],
      [300, () => mutate(clone(selection)), (x) => { q.select(x); q.selectJson(JSON.stringify(x)); }],
      [300, () => mutate(clone({ reports: [report, incomplete], participants: [{ application_id: 'A-0001', province: '11', person_id: 'P-0001' }] })),
        (x) => { q.summarizeCycle(x, { asOf: '2026-09-30' }); q.summarizeCycleJson(JSON.stringify(x), { asOf: '2026-09-30' }); }],
      [300, () => mutate(q.Ruleset.edition2024().toJSON()), (x) => q.Ruleset.fromDocument(x)],
    ];
    let errors = 0;
    let runs = 0;
    for (const [n, make, run] of calls) {
      for (let i = 0; i < n; i++) {
        runs += 1;
        try {
          run(make());
        } catch (e) {
          if (!(e instanceof q.QgxError)) throw e;
          errors += 1;
        }
      }
    }
    assert.ok(errors > 500, `${errors} errors in ${runs} runs`);
    assert.equal(q.checkReport(report).complete, true);
    assert.deepEqual(q.select(selection), q.select(selection));
  });
});

describe('TypeScript types', () => {
  test('types/qgx-types.d.ts is what the schemas give (npm run gen-types)', () => {
    execFileSync(process.execPath, [path.join(crate, 'scripts', 'gen-types.mjs'), '--check'], { stdio: 'pipe' });
  });
});

describe('TypeScript example', () => {
  test('examples/node/check-report.ts type-checks (tsc --noEmit, strict)', () => {
    const tsc = path.join(crate, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(crate, '..', 'examples', 'node', 'tsconfig.json')], { stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc --noEmit failed:\n${e.stdout}${e.stderr}`);
    }
  });
});
