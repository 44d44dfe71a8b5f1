/**
 * A review from a user's own KPI table: a helper sheet ("KPI Plan (read)" / "KPI计划（读取）")
 * whose rows refer to the user's cells by formula, one row per plan line, with the values in the
 * form the review reads (numbers, fractions for percent and weights, direction words). The user's
 * sheet is never changed; the review reads the helper sheet through an ordinary PlanMapping.
 *
 * Each cell of the user's table is carried one of four ways:
 * - live: a blank or a number, referred to as it is (weights written in points divided by 100),
 *   so that later edits flow;
 * - pattern: text of one number with fixed words around it (`≥95%`, `不低于90%`, `<2%`, `8天`,
 *   `￥1,200万`, `30` typed as text): a native formula takes the number out of the text while the
 *   words around it stay the same, so an edit of the number flows and any other edit is an error
 *   that the review flags;
 * - static: text the formulas cannot take apart (`90%~99%`): the value read at import, kept while
 *   the cell still holds the text it held then, else the words "changed: re-run the import";
 * - reason: a cell that gives no number (`TBD`): the reason in words, flagged by the review.
 * The check column says ✓, or ✗ with the first cell of the row that needs attention.
 * Pure functions: they never throw on user data.
 */
import type { Locale, Localized } from '../types.js';
import { abs, col, colNumber, onSheet } from './a1.js';
import { f, v, type WorkbookBuilder } from './builder.js';
import { ERR, str } from './formulas.js';
import type { PlanMapping } from './options.js';
import { DIRECTIONS } from '../options.js';
import { readDirection, readMessage, readNumber, readTarget, readWeights, visibleText, type Read, type ReadFailure, type WeightScale } from './read-values.js';
import { DISPLAY } from './words.js';
import type { CellSpec } from './types.js';

/** The columns of a user's table the helper sheet reads. */
export const USER_FIELDS = ['kpi', 'target', 'weight', 'direction', 'baseline', 'threshold', 'maximum', 'unit'] as const;
export type UserField = (typeof USER_FIELDS)[number];

/** Where the plan is in the user's sheet: rows and the column letters of each field (kpi, target and weight required). */
export interface UserPlanMapping {
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly columns: { readonly kpi: string; readonly target: string; readonly weight: string } & { readonly [K in UserField]?: string };
}

export interface UserPlanInput {
  /** The user's sheet name (as it stays in the workbook). */
  readonly sheet: string;
  /** The sheet's values as read, from A1: values[row - 1][column - 1]. */
  readonly values: readonly (readonly unknown[])[];
  readonly mapping: UserPlanMapping;
}

/** A cell of the user's table that gives no value, and why (in both languages). */
export interface CellProblem {
  /** The cell on the user's sheet, e.g. "F7". */
  readonly cell: string;
  readonly row: number;
  readonly field: UserField;
  readonly text: string;
  readonly problem: ReadFailure['problem'] | 'direction';
  readonly message: Localized;
}

/** How one helper cell carries the user's cell. */
export type CarryMode = 'live' | 'pattern' | 'static' | 'reason' | 'fixed';

/** One helper cell: its formula (or value), the value it gives for the sheet as read, and how it carries the cell. */
export interface HelperCell {
  readonly spec: CellSpec;
  /** The value the helper shows for the user's sheet as read: a number, a word, the reason text or null. */
  readonly value: number | string | null;
  readonly mode: CarryMode;
  /** The user's cell it reads, e.g. "F7"; none for values that come from another cell (a direction from the target). */
  readonly source?: string;
}

export interface HelperLine {
  /** The row on the user's sheet. */
  readonly row: number;
  readonly cells: Readonly<Record<UserField, HelperCell>>;
}

export interface UserPlanRead {
  readonly lines: readonly HelperLine[];
  readonly problems: readonly CellProblem[];
  readonly weightScale: WeightScale;
}

export interface UserPlanResult extends UserPlanRead {
  /** The helper sheet's name. */
  readonly sheet: string;
  /** The mapping of the helper sheet: what a review reads as its plan. */
  readonly plan: PlanMapping;
}

const TEXTS = {
  en: {
    sheet: 'KPI Plan (read)',
    title: 'KPI plan read from “{sheet}”',
    note: 'Each row refers to a row of “{sheet}” (rows {a}–{b}); edit the plan there and the review follows. ✗: a cell changed in a way this sheet cannot follow, or gives no value.',
    no: 'No.',
    from: 'Row in plan',
    kpi: 'KPI',
    target: 'Target',
    weight: 'Weight',
    direction: 'Direction',
    baseline: 'Baseline',
    threshold: 'Threshold',
    maximum: 'Maximum',
    unit: 'Unit',
    check: 'Check',
    changed: '{cell} changed: re-run the import',
    unreadable: '{cell}: "{x}" cannot be read as a number',
  },
  'zh-CN': {
    sheet: 'KPI计划（读取）',
    title: '从“{sheet}”读取的 KPI 计划',
    note: '每行引用“{sheet}”的一行（第 {a}–{b} 行）；请在原表修改计划，考核表随之更新。✗：单元格的改动本表无法跟随，或没有可用的数值。',
    no: '序号',
    from: '原表行',
    kpi: '指标',
    target: '目标值',
    weight: '权重',
    direction: '指标方向',
    baseline: '基线值',
    threshold: '门槛值',
    maximum: '挑战值',
    unit: '单位',
    check: '检查',
    changed: '{cell} 已更改：请重新导入',
    unreadable: '{cell}：“{x}”无法读取为数值',
  },
} as const;
type TextKey = keyof (typeof TEXTS)['en'];

/** A helper sheet word in a language, with {places} filled. */
export function userPlanText(lang: Locale, key: TextKey, params: Readonly<Record<string, string | number>> = {}): string {
  const t: string = (TEXTS[lang] ?? TEXTS.en)[key];
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The longest text kept whole inside a formula (Excel's limit for a text constant is 255). */
const MAX_LITERAL = 200;

/**
 * A text constant of any content: line breaks, tabs and double quotes as CHAR() (HyperFormula reads
 * no doubled quotes inside text), long text cut by the caller.
 */
function lit(text: string): string {
  const parts = text.split(/(\r\n|\r|\n|\t|")/);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '') continue;
    if (p === '\t') out.push('CHAR(9)');
    else if (p === '"') out.push('CHAR(34)');
    else if (p === '\n' || p === '\r\n' || p === '\r') out.push('CHAR(10)');
    else out.push(str(p));
  }
  return out.length === 0 ? '""' : out.join('&');
}

/** Words for a formula: cut to a length any engine keeps in a text constant. */
function words(text: string): string {
  const t = text.length > 240 ? `${text.slice(0, 239)}…` : text;
  return lit(t.replace(/[\u0000-\u001f]/g, ' '));
}

/** True when the reference still holds the text it held at import. */
function sameText(ref: string, text: string): string {
  if (text.length <= MAX_LITERAL) return `IFERROR(${ref}=${lit(text)},1=0)`;
  return `IFERROR(AND(LEN(${ref})=${text.length},LEFT(${ref},${MAX_LITERAL})=${lit(text.slice(0, MAX_LITERAL))}),1=0)`;
}

/** A cell value as plain text for comparison: strings as they are, rich text joined. */
function cellString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return undefined;
}

const isBlank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.replace(/[\s\u3000]+/g, '') === '');

/** Spreadsheet TRIM: spaces (only U+0020) cut at both ends and runs of them squeezed to one. */
function sheetTrim(s: string): string {
  return s.replace(/^ +| +$/g, '').replace(/ {2,}/g, ' ');
}

/** 10^n as a factor written in a formula: "/100" or "*10000" ("" for 1). */
function scaleText(n: number): string {
  if (n === 0) return '';
  return n < 0 ? `/${10 ** -n}` : `*${10 ** n}`;
}

/**
 * The text part of a pattern formula: the number between fixed words, scaled by 10^n, or an error
 * when the words around it changed. Undefined when the text is not one number between words or the
 * formula would not give `value` exactly.
 */
function patternFormula(text: string, value: number, ref: string): string | undefined {
  if (/[^\x20-\x7e\u00a0-\uffff]/.test(text) || /[\ud800-\udfff\u00a0\u3000\t]/.test(text)) return undefined;
  const t = sheetTrim(text);
  const m = /^(\D*?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\D*)$/.exec(t);
  if (!m) return undefined;
  const [, prefix = '', number = '', suffix = ''] = m;
  if (/[-+−.,]$/.test(prefix) || /^[.,]/.test(suffix) || /\d/.test((prefix + suffix).normalize('NFKC'))) return undefined;
  if (/[eE]$/.test(prefix) || /^[eE]/.test(suffix)) return undefined;
  const plain = Number(number.replace(/,/g, ''));
  if (!Number.isFinite(plain) || plain === 0) return undefined;
  const n = Math.round(Math.log10(value / plain));
  if (!Number.isFinite(n) || n < -6 || n > 9) return undefined;
  const computed = n < 0 ? plain / 10 ** -n : plain * 10 ** n;
  if (computed !== value) return undefined;
  const tr = `TRIM(${ref})`;
  const guards: string[] = [];
  if (prefix !== '') guards.push(`LEFT(${tr},${prefix.length})=${lit(prefix)}`);
  if (suffix !== '') guards.push(`RIGHT(${tr},${suffix.length})=${lit(suffix)}`);
  guards.push(`LEN(${tr})>${prefix.length + suffix.length}`);
  const middle = prefix === '' && suffix === '' ? tr : `MID(${tr},${prefix.length + 1},LEN(${tr})-${prefix.length + suffix.length})`;
  const num = `SUBSTITUTE(${middle},",","")*1`;
  return `IF(AND(${guards.join(',')}),${num}${scaleText(n)},${ERR.value})`;
}

/** The words the review's direction lookup understands (both languages, lower case). */
const DIRECTION_WORDS = new Set(Object.values(DIRECTIONS).flatMap((ws) => ws.map((w) => String(w).toLowerCase())));

function problemOf(cell: string, row: number, field: UserField, text: string, failure: ReadFailure): CellProblem {
  return { cell, row, field, text, problem: failure.problem, message: { en: readMessage(failure, 'en'), 'zh-CN': readMessage(failure, 'zh-CN') } };
}

const DIRECTION_MESSAGES: Readonly<Record<Locale, (x: string) => string>> = {
  en: (x) => `"${visibleText(x)}" is not a direction KPI Kit can read: write higher, lower, 越高越好, 越低越好, ↑ or ↓.`,
  'zh-CN': (x) => `“${visibleText(x)}”不是可读取的指标方向：请填写 越高越好、越低越好、higher、lower、↑ 或 ↓。`,
};

/**
 * Reads a user's plan rows into helper cells (formulas on the user's cells), with the cells that
 * give no value listed. `lang` is the helper sheet's language (reasons and words shown in it).
 */
export function readUserPlan(input: UserPlanInput, lang: Locale): UserPlanRead {
  const { sheet, mapping } = input;
  const values = Array.isArray(input.values) ? input.values : [];
  const at = (row: number, letters: string | undefined): unknown => {
    if (letters === undefined) return undefined;
    const r = values[row - 1];
    return Array.isArray(r) ? r[colNumber(letters) - 1] : undefined;
  };
  const ref = (row: number, letters: string) => onSheet(sheet, abs(colNumber(letters), row));
  const cellName = (row: number, letters: string) => `${letters}${row}`;
  const problems: CellProblem[] = [];
  const changed = (cell: string) => words(userPlanText(lang, 'changed', { cell }));

  const rows: number[] = [];
  for (let r = mapping.firstRow; r <= mapping.lastRow; r++) rows.push(r);
  const weightCol = mapping.columns.weight;
  const weights = readWeights(rows.map((r) => at(r, weightCol) ?? null));
  const points = weights.scale === 'points';

  const lines: HelperLine[] = rows.map((row, i) => {
    const kpiRaw = at(row, mapping.columns.kpi);
    const rowUsed = !isBlank(kpiRaw) || !isBlank(at(row, mapping.columns.target)) || !isBlank(at(row, weightCol));

    /** A number field: live, pattern, static or reason. */
    const numeric = (field: UserField, read: Read, k: 0 | -2, required: boolean): HelperCell => {
      const letters = mapping.columns[field];
      if (letters === undefined) return { spec: v(null), value: null, mode: 'fixed' };
      const x = ref(row, letters);
      const name = cellName(row, letters);
      const raw = at(row, letters);
      const live = (textBranch: string) => `IF(LEN(TRIM(${x}))=0,"",IF(ISNUMBER(${x}),${x}${scaleText(k)},${textBranch}))`;
      if (isBlank(raw) || typeof raw === 'number') {
        const value = typeof raw === 'number' && Number.isFinite(raw) ? (read.ok ? read.value : raw) : null;
        if (!read.ok && (typeof raw === 'number' || (required && rowUsed))) problems.push(problemOf(name, row, field, typeof raw === 'number' ? String(raw) : '', read));
        return { spec: f(live(x)), value, mode: 'live', source: name };
      }
      const text = cellString(raw);
      if (read.ok) {
        if (text !== undefined && read.band === undefined) {
          const p = patternFormula(text, read.value, x);
          if (p !== undefined) return { spec: f(live(p)), value: read.value, mode: 'pattern', source: name };
        }
        if (text !== undefined) return { spec: f(`IF(${sameText(x, text)},${read.value},${changed(name)})`), value: read.value, mode: 'static', source: name };
        return { spec: f(live(changed(name))), value: read.value, mode: 'static', source: name };
      }
      problems.push(problemOf(name, row, field, text ?? String(raw), read));
      const reason = readMessage(read, lang);
      // An error value (#N/A) stays the reason while the cell shows an error; a number typed later flows.
      if (read.problem === 'error') {
        return { spec: f(`IF(ISERROR(${x}),${words(reason)},IF(ISNUMBER(${x}),${x}${scaleText(k)},${changed(name)}))`), value: reason, mode: 'reason', source: name };
      }
      if (text !== undefined) return { spec: f(`IF(${sameText(x, text)},${words(reason)},${changed(name)})`), value: reason, mode: 'reason', source: name };
      return { spec: f(`IFERROR(IF(ISNUMBER(${x}),${x}${scaleText(k)},${words(reason)}),${words(reason)})`), value: reason, mode: 'reason', source: name };
    };

    const targetRaw = at(row, mapping.columns.target);
    const targetRead = readTarget(targetRaw ?? null);
    const target = numeric('target', targetRead, 0, true);
    const weightRead = weights.reads[i] ?? readNumber(null);
    const weight = numeric('weight', weightRead, points ? -2 : 0, true);
    const baseline = numeric('baseline', readNumber(at(row, mapping.columns.baseline) ?? null), 0, false);
    let threshold = numeric('threshold', readNumber(at(row, mapping.columns.threshold) ?? null), 0, false);
    const maximum = numeric('maximum', readNumber(at(row, mapping.columns.maximum) ?? null), 0, false);
    // A band target (90%~99%) gives the threshold where the plan has none.
    if (targetRead.ok && targetRead.band !== undefined && (threshold.value === null || threshold.mode === 'fixed')) {
      const tl = mapping.columns.target;
      const text = cellString(targetRaw);
      const value = targetRead.band.threshold;
      const spec = text !== undefined ? f(`IF(${sameText(ref(row, tl), text)},${value},${changed(cellName(row, tl))})`) : v(value);
      threshold = { spec, value, mode: 'static', source: cellName(row, tl) };
    }

    // Direction: the direction column, else what the target text states (≥ higher, ≤ lower), else blank (higher).
    const fromTarget = targetRead.ok && targetRead.direction !== undefined ? DISPLAY.direction[lang][targetRead.direction] : '';
    let direction: HelperCell;
    const dl = mapping.columns.direction;
    const dRaw = at(row, dl);
    if (dl === undefined || isBlank(dRaw)) {
      if (dl === undefined) direction = { spec: v(fromTarget === '' ? null : fromTarget), value: fromTarget === '' ? null : fromTarget, mode: 'fixed' };
      else {
        const x = ref(row, dl);
        direction = { spec: f(`IF(LEN(TRIM(${x}))=0,${str(fromTarget)},${x})`), value: fromTarget === '' ? null : fromTarget, mode: 'live', source: cellName(row, dl) };
      }
    } else {
      const x = ref(row, dl);
      const name = cellName(row, dl);
      const d = readDirection(dRaw);
      const text = typeof dRaw === 'number' ? String(dRaw) : cellString(dRaw);
      if (d.ok && text !== undefined && DIRECTION_WORDS.has(text.trim().toLowerCase())) {
        direction = { spec: f(`IF(LEN(TRIM(${x}))=0,${str(fromTarget)},${x})`), value: text, mode: 'live', source: name };
      } else if (d.ok) {
        const word = DISPLAY.direction[lang][d.direction];
        direction = { spec: text !== undefined ? f(`IF(${sameText(x, text)},${str(word)},${changed(name)})`) : v(word), value: word, mode: 'static', source: name };
      } else {
        const t = text ?? String(dRaw);
        const message = { en: DIRECTION_MESSAGES.en(t), 'zh-CN': DIRECTION_MESSAGES['zh-CN'](t) };
        problems.push({ cell: name, row, field: 'direction', text: t, problem: 'direction', message });
        const reason = message[lang];
        direction = {
          spec: text !== undefined ? f(`IF(${sameText(x, text)},${words(reason)},${changed(name)})`) : v(reason),
          value: reason,
          mode: 'reason',
          source: name,
        };
      }
    }

    // Unit: the unit column, else the unit the target is written in (%, 天, ¥).
    const valueUnit = targetRead.ok ? (targetRead.percent && targetRead.unit !== 'pp' ? '%' : (targetRead.unit ?? targetRead.currency ?? '')) : '';
    const ul = mapping.columns.unit;
    let unit: HelperCell;
    if (ul === undefined) unit = { spec: v(valueUnit === '' ? null : valueUnit), value: valueUnit === '' ? null : valueUnit, mode: 'fixed' };
    else {
      const x = ref(row, ul);
      const uRaw = at(row, ul);
      unit = {
        spec: f(`IF(LEN(TRIM(${x}))=0,${lit(valueUnit)},${x}&"")`),
        value: isBlank(uRaw) ? (valueUnit === '' ? null : valueUnit) : String(uRaw),
        mode: 'live',
        source: cellName(row, ul),
      };
    }

    const kl = mapping.columns.kpi;
    const kx = ref(row, kl);
    const kpi: HelperCell = {
      spec: f(`IF(LEN(${kx})=0,"",${kx}&"")`),
      value: isBlank(kpiRaw) ? null : String(kpiRaw),
      mode: 'live',
      source: cellName(row, kl),
    };
    return { row, cells: { kpi, target, weight, direction, baseline, threshold, maximum, unit } };
  });
  return { lines, problems, weightScale: weights.scale };
}

/** The helper sheet's columns, in order from A. */
const HELPER_COLUMNS = ['no', 'from', ...USER_FIELDS, 'check'] as const;
const HEADER_ROW = 4;

/**
 * Adds the helper sheet that reads a user's plan to a workbook being generated; returns the
 * mapping a review reads it by, and the cells that give no value.
 */
export function userPlanSheet(wb: WorkbookBuilder, input: UserPlanInput): UserPlanResult {
  const lang = wb.lang;
  const read = readUserPlan(input, lang);
  const s = wb.sheet('userPlan', userPlanText(lang, 'sheet'));
  const C = Object.fromEntries(HELPER_COLUMNS.map((k, i) => [k, i + 1])) as Record<(typeof HELPER_COLUMNS)[number], number>;
  const last = C.check;
  const { firstRow, lastRow } = input.mapping;
  s.title(1, last, 1, userPlanText(lang, 'title', { sheet: input.sheet }));
  s.line(1, last, 2, userPlanText(lang, 'note', { sheet: input.sheet, a: firstRow, b: lastRow }), 'note');
  s.row(1, HEADER_ROW, HELPER_COLUMNS.map((k) => v(userPlanText(lang, k))));
  s.style(`A${HEADER_ROW}:${col(last)}${HEADER_ROW}`, 'header');
  const widths: Record<(typeof HELPER_COLUMNS)[number], number> = {
    no: 6, from: 10, kpi: 28, target: 12, weight: 9, direction: 12, baseline: 11, threshold: 11, maximum: 11, unit: 8, check: 40,
  };
  for (const k of HELPER_COLUMNS) s.width(C[k], widths[k]);
  const first = HEADER_ROW + 1;
  const cells: CellSpec[][] = read.lines.map((line, i) => {
    const r = first + i;
    const here = (field: UserField) => `${col(C[field])}${r}`;
    // The first cell of the row that needs attention: a changed cell, a cell that gives no value, a value that cannot be read.
    const tests: string[] = [];
    const outcomes: string[] = [];
    for (const field of USER_FIELDS) {
      const cell = line.cells[field];
      if (cell.source === undefined || field === 'kpi' || field === 'unit') continue;
      const h = here(field);
      const srcRef = onSheet(input.sheet, abs(colNumber(cell.source.replace(/\d+$/, '')), Number(/\d+$/.exec(cell.source)![0])));
      const isNumberField = field !== 'direction';
      if (cell.mode === 'static' || cell.mode === 'reason') {
        const shown = h;
        const changedWords = userPlanText(lang, 'changed', { cell: cell.source });
        // The helper cell itself says "changed" when the source changed; a reason stays a reason.
        tests.push(`${shown}=${words(changedWords)}`);
        outcomes.push(words(`✗ ${changedWords}`));
        if (cell.mode === 'reason') {
          tests.push('1=1');
          outcomes.push(`"✗ "&${lit(`${cell.source}: `)}&${h}`);
        }
      } else if (isNumberField) {
        tests.push(`AND(NOT(ISNUMBER(${h})),LEN(IFERROR(${h}&"","x"))>0)`);
        const [before, after = ''] = userPlanText(lang, 'unreadable', { cell: cell.source, x: '\u0000' }).split('\u0000');
        outcomes.push(`"✗ "&${lit(before!)}&IFERROR(${srcRef}&"","")&${lit(after)}`);
      }
    }
    let check = '"✓"';
    for (let j = tests.length - 1; j >= 0; j--) check = `IF(${tests[j]},${outcomes[j]},${check})`;
    return [v(i + 1), v(line.row), ...USER_FIELDS.map((field) => line.cells[field].spec), f(check)];
  });
  if (cells.length > 0) {
    s.put(1, first, cells);
    const lastData = first + cells.length - 1;
    s.style(`A${first}:${col(last)}${lastData}`, 'formula');
    s.format(`${col(C.weight)}${first}:${col(C.weight)}${lastData}`, '0.0%');
    read.lines.forEach((line, i) => {
      if (line.cells.unit.value !== '%') return;
      const r = first + i;
      for (const field of ['target', 'baseline', 'threshold', 'maximum'] as const) s.format(`${col(C[field])}${r}`, '0.0%');
    });
    s.conditional(`${col(C.check)}${first}:${col(C.check)}${lastData}`, `LEFT(${col(C.check)}${first},1)="✗"`, 'bad');
  }
  s.freeze(HEADER_ROW, C.kpi);
  const plan: PlanMapping = {
    sheet: s.name,
    headerRow: HEADER_ROW,
    firstRow: first,
    lastRow: first + Math.max(read.lines.length, 1) - 1,
    columns: {
      kpi: col(C.kpi), target: col(C.target), weight: col(C.weight), direction: col(C.direction), baseline: col(C.baseline),
      threshold: col(C.threshold), maximum: col(C.maximum), unit: col(C.unit),
    },
  };
  s.cell('firstLine', `${col(C.kpi)}${first}`);
  s.layout({ key: 'lines', headerRow: HEADER_ROW, firstRow: first, lastRow: plan.lastRow, columns: Object.fromEntries(HELPER_COLUMNS.map((k) => [k, col(C[k])])) });
  return { ...read, sheet: s.name, plan };
}
