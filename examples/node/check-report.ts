// A typed use of qgx-wasm from TypeScript (checked by `tsc --noEmit`; bindings-wasm/test.sh runs
// it). Run the JavaScript twin with `node examples/node/check-report.mjs examples/report.json`.
import {
  checkReport,
  checkReportJson,
  compare,
  nextDue,
  QgxError,
  Ruleset,
  summarizeCycle,
  type AnnualReport,
  type Comparison,
  type CycleSummary,
  type Finding,
  type NextDue,
  type Options,
  type ReportCheck,
  type SelectionInput,
  type SummaryInput,
  type TaskGains,
  type WhyKind,
} from '../../bindings-wasm/pkg/qgx_wasm.js';

const report: AnnualReport = {
  application_id: 'A-0001',
  cycle_year: 1,
  submitted_at: '2025-08-20T10:00:00+08:00',
  summary: '本年度围绕四项任务扎实开展强国行专项行动。',
  tasks: {
    party_building: {
      activities: [
        {
          date: '2025-03-12',
          form: 'party_lecture',
          partner: { kind: 'local_party_government', name: '合作单位' },
          participants: { teachers: 5, students: 20 },
          rural_revitalization: false,
          description: '组织师生赴合作单位开展专题活动，反响良好，形成长效机制。',
          evidence: ['https://example.edu.cn/news/1'],
        },
      ],
      outputs: [{ kind: 'quality_party_lesson', title: '成果', evidence: [] }],
    },
    education_service: { activities: [], outputs: [] },
    tech_empowerment: { activities: [], outputs: [] },
    practice_education: { activities: [], outputs: [] },
  },
};

const ruleset: Ruleset = Ruleset.edition2024().withOverrides({ min_description_chars: 10 });
const options: Options = { asOf: new Date(2025, 7, 1), lang: 'en', ruleset };
const out: ReportCheck = checkReport(report, options);
const errors: Finding[] = out.findings.filter((f) => f.severity === 'error');
const total: number = out.score.total;
const complete: boolean = out.complete;
for (const f of errors) {
  const where: string = f.path;
  const zh: string = f.message.zh;
  console.log(f.rule, f.code, where, zh);
}
console.log({ complete, completeness: out.completeness, total, hash: out.ruleset.hash });
// What would change the answer: the fixes that make the report complete, and per task the
// single addition that raises the score most.
for (const fix of out.fixes) console.log(fix.path, fix.codes.join(','), fix.message.en);
const gains: TaskGains = out.gains;
const lift: number = gains.tech_empowerment?.gain ?? 0;
console.log(`adding to tech_empowerment raises the score by ${lift}`);

// Two settings compared: who one more national place in Beijing moves.
const base: SelectionInput = { applications: [], provinces: [{ province: '11', national_quota: 1 }] };
const changes: Comparison = compare(base, { ...base, provinces: [{ province: '11', national_quota: 2 }] }, { lang: 'en' });
for (const a of changes.applications) console.log(a.id, a.base?.outcome ?? '-', '->', a.variant?.outcome ?? '-');
console.log(changes.newly_recommended, changes.no_longer_recommended);
const kind: WhyKind = 'needs_merit';
void kind;

const due: NextDue | null = nextDue('2025-03-01');
if (due !== null) console.log(`report ${due.year} due ${due.due} (${due.days_left} days)`);

const text: string = checkReportJson(JSON.stringify(report), { asOf: '2025-08-01' });
console.log(text.length);

// The cycle summary (R-SUMMARY): `asOf` is required here.
const input: SummaryInput = { reports: [report], participants: [{ application_id: 'A-0001', province: '11' }] };
const summary: CycleSummary = summarizeCycle(input, { asOf: '2026-09-30', ruleset: { case_min_score: 50 } });
for (const p of summary.participants) {
  const score: number | null | undefined = p.cycle_score;
  console.log(p.application_id, p.years.map((y) => y.status).join(' '), score, p.case_candidate);
}
// @ts-expect-error: summarizeCycle needs its options, with asOf
summarizeCycle(input);

try {
  checkReport({ ...report, cycle_year: 0.5 });
} catch (e) {
  if (e instanceof QgxError) {
    const path: string = e.path;
    console.log(e.kind, path, e.errors.length, e.message);
  } else {
    throw e;
  }
}

// @ts-expect-error: an unknown task form is not a Form
const bad: AnnualReport['tasks']['party_building']['activities'][number]['form'] = 'dance';
void bad;
