// The annual-report form: every keystroke rebuilds the report and checks it with qgx-wasm's
// `web` build; each finding's message (zh) is shown beside the field its JSON Pointer names.
import init, { checkReport, schema, QgxError } from '../../bindings-wasm/pkg/web/qgx_wasm.js';

const TASKS = ['party_building', 'education_service', 'tech_empowerment', 'practice_education'];

const summary = document.getElementById('summary');
const form = document.getElementById('report');
let template; // the loaded sample report: what the form does not show is kept from it

function options(defName, from = 'annual_report') {
  const def = schema(from).$defs[defName];
  return def.oneOf.map((o) => [o.const, o.description]);
}

function row(label, path, control, attrs = '') {
  const id = `f${path.replace(/\//g, '-')}`;
  return `<div class="row"><label for="${id}">${label}</label>${control(id, path, attrs)}<span class="msg" data-for="${path}"></span></div>`;
}
const input = (id, path, attrs) => `<input id="${id}" data-path="${path}" ${attrs}>`;
const area = (id, path, attrs) => `<textarea id="${id}" data-path="${path}" ${attrs}></textarea>`;
const select = (choices) => (id, path, attrs) =>
  `<select id="${id}" data-path="${path}" ${attrs}>${choices.map(([v, l]) => `<option value="${v}">${l}</option>`).join('')}</select>`;

function renderTasks() {
  const forms = options('Form');
  const partners = options('PartnerKind');
  const names = Object.fromEntries(options('Task', 'plan'));
  let html = '';
  for (const task of TASKS) {
    const name = names[task] || task;
    const a = `/tasks/${task}/activities/0`;
    html += `<fieldset data-task="${task}"><legend>${name}</legend><p class="msg task-msg" data-for="/tasks/${task}"></p>`;
    html += row('活动日期', `${a}/date`, input, 'placeholder="YYYY-MM-DD"');
    html += row('开展方式', `${a}/form`, select(forms));
    html += row('合作单位类型', `${a}/partner/kind`, select(partners));
    html += row('合作单位名称', `${a}/partner/name`, input, 'data-optional');
    html += row('参与教师（人）', `${a}/participants/teachers`, input, 'data-type="int"');
    html += row('参与学生（人）', `${a}/participants/students`, input, 'data-type="int"');
    html += row('活动情况描述', `${a}/description`, area);
    html += row('佐证材料（链接，每行一个）', `${a}/evidence`, area, 'data-type="lines"');
    html += '</fieldset>';
  }
  document.getElementById('tasks').innerHTML = html;
}

const tokens = (path) => path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

function getAt(obj, path) {
  return tokens(path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setAt(obj, path, value) {
  const ks = tokens(path);
  let o = obj;
  for (const k of ks.slice(0, -1)) {
    if (o[k] == null) o[k] = /^\d+$/.test(k) ? [] : {};
    o = o[k];
  }
  if (value === undefined) delete o[ks[ks.length - 1]];
  else o[ks[ks.length - 1]] = value;
}

function readField(el) {
  const v = el.value;
  if (el.dataset.type === 'int') return v.trim() === '' ? v : (/^-?\d+$/.test(v.trim()) ? Number(v) : v);
  if (el.dataset.type === 'lines') return v.split('\n').map((s) => s.trim()).filter(Boolean);
  if (el.hasAttribute('data-optional') && v.trim() === '') return undefined;
  return v;
}

function fill(report) {
  for (const el of form.querySelectorAll('[data-path]')) {
    const v = getAt(report, el.dataset.path);
    el.value = Array.isArray(v) ? v.join('\n') : v ?? '';
  }
}

function build() {
  const report = structuredClone(template);
  for (const el of form.querySelectorAll('[data-path]')) setAt(report, el.dataset.path, readField(el));
  return report;
}

/** The message element for a JSON Pointer: its own, or the nearest enclosing one shown. */
function target(path) {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const el = form.querySelector(`.msg[data-for="${CSS.escape(p)}"]`);
    if (el) return el;
    if (!p) return null;
  }
}

function show(path, text, severity) {
  const el = target(path);
  if (!el) return false;
  el.textContent = el.textContent ? `${el.textContent}；${text}` : text;
  if (severity === 'warning') el.classList.add('warning');
  const field = form.querySelector(`[data-path="${CSS.escape(el.dataset.for)}"]`);
  if (field && severity !== 'warning') field.classList.add('field-error');
  return true;
}

function validate() {
  for (const el of form.querySelectorAll('.msg')) { el.textContent = ''; el.classList.remove('warning'); }
  for (const el of form.querySelectorAll('.field-error')) el.classList.remove('field-error');
  const asOf = document.getElementById('f-as_of').value || undefined;
  try {
    const out = checkReport(build(), { asOf, lang: 'zh' });
    const shown = out.findings.filter((f) => f.severity !== 'info');
    for (const f of shown) show(f.path, f.message.zh, f.severity);
    const errors = shown.filter((f) => f.severity === 'error').length;
    summary.className = out.complete ? 'ok' : '';
    summary.textContent = out.complete
      ? `✓ 材料完整（完整度 100%），参考得分 ${out.score.total}。`
      : `还有 ${errors} 处问题：完整度 ${(out.completeness * 100).toFixed(1)}%，参考得分 ${out.score.total}。`;
  } catch (e) {
    if (!(e instanceof QgxError)) throw e;
    // Malformed input (a date being typed, a count that is not a number): beside its field.
    show(e.path, e.message);
    summary.className = '';
    summary.textContent = `输入格式有误：${e.message}`;
  }
  document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
}

await init();
renderTasks();
template = await (await fetch('../report.json')).json();
fill(template);
form.addEventListener('input', validate);
form.addEventListener('change', validate);
validate();
document.body.dataset.ready = 'true';
