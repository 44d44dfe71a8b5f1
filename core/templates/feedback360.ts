import type { Locale } from '../types.js';
import { abs, absRange, addr, col, onSheet, range } from './a1.js';
import {
  columnLetters,
  columnsFrom,
  dataRange,
  f,
  helperColumn,
  lastColumnOf,
  perRow,
  placeBelow,
  placeBeside,
  tableRows,
  v,
  type ColumnDef,
  type PlacedTable,
  type SheetBuilder,
  type TableRows,
  type WorkbookBuilder,
} from './builder.js';
import { ERR, numberOr, numberOrBlank } from './formulas.js';
import { hasWildcard, labelFormula, rowsFormula } from './bonus.js';
import { label, type LabelKey } from './labels.js';
import { lists, type Lists } from './lists.js';
import type { NumberInput } from './plan.js';
import { seedOf, seeded } from './random.js';
import { SAMPLE_COMMENTS, sampleName } from './samples.js';
import type { CellSpec, TableLayout } from './types.js';
import { DISPLAY, GROUP_KEYS, type Group360 } from './words.js';

export interface RatingLine {
  readonly ratee: string | null;
  readonly group: string | null;
  readonly rating: NumberInput;
  readonly comment: string | null;
}

export interface Feedback360Data {
  readonly ratees: readonly (string | null)[];
  readonly lines: readonly RatingLine[];
  readonly minRaters: NumberInput;
  /** Weights of self, manager, peer, report, customer. */
  readonly weights: readonly NumberInput[];
}

export interface Feedback360Input {
  readonly period: string;
  readonly ratees: number;
  /** Rating lines on the ratings sheet (at least the data's lines). */
  readonly lines: number;
  readonly data?: Feedback360Data;
}

export interface Feedback360Result {
  readonly ratingsSheet: string;
  readonly summarySheet: string;
  readonly ratings: TableLayout;
  readonly summary: TableLayout;
  readonly groupWeights: TableLayout;
}

/** Default group weights: self 0 (shown, not counted), manager 30%, peers 25%, reports 20%, internal customers 25%. */
export const DEFAULT_GROUP_WEIGHTS: Readonly<Record<Group360, number>> = { self: 0, manager: 0.3, peer: 0.25, report: 0.2, customer: 0.25 };

/**
 * Sample ratings: each ratee rates themself, has a manager, peers, internal customers and for
 * some direct reports (sometimes fewer than the minimum, so that group stays hidden).
 */
export function sampleFeedback(lang: Locale, ratees: number): Feedback360Data {
  const rng = seeded(seedOf('feedback360'));
  const names = Array.from({ length: ratees }, (_, i) => sampleName(lang, i));
  const lines: RatingLine[] = [];
  const g = DISPLAY.group[lang];
  names.forEach((name, i) => {
    const level = 3.2 + 1.3 * rng.next();
    const rate = () => Math.max(1, Math.min(5, Math.round(level + 0.9 * rng.normal())));
    const add = (group: string, count: number) => {
      for (let k = 0; k < count; k++) {
        lines.push({ ratee: name, group, rating: rate(), comment: rng.chance(0.3) ? rng.pick(SAMPLE_COMMENTS[lang]) : null });
      }
    };
    add(g.self, 1);
    add(g.manager, 1);
    add(g.peer, 3 + (i % 2));
    add(g.report, [0, 2, 3, 4][i % 4]!);
    add(g.customer, 3 + (i % 3 === 0 ? 1 : 0));
  });
  return { ratees: names, lines, minRaters: 3, weights: GROUP_KEYS.map((k) => DEFAULT_GROUP_WEIGHTS[k]) };
}

/** Why a rating line is left out: its ratee is not on the summary, its group is unknown or missing, its rating is not from 1 to 5. */
export const RATING_LEFT_OUT = { ratee: 1, group: 2, rating: 3 } as const;

/** Rows 1–3 of both sheets: title, period and note. */
const HEADING_LAST_ROW = 3;
const RATINGS_HEADER_ROW = placeBelow(HEADING_LAST_ROW);
/** On the summary: the message on the lines left out, then the ratee table. */
const MESSAGE_ROW = placeBelow(HEADING_LAST_ROW);
const SUMMARY_HEADER_ROW = placeBelow(MESSAGE_ROW);

/**
 * The ratings table's columns: what people see, then hidden helpers: the rater group's code, the
 * rating as a number, the ratee's row number on the summary, why the line is left out
 * (RATING_LEFT_OUT, 0 when it is not), 1 when left out, 1 when counted, the rating counted, and the
 * running counts of lines left out for each reason (run1 ratee, run2 group, run3 rating).
 */
const RATING_COLUMNS = columnsFrom(1, [
  'no', 'ratee', 'group', 'rating', 'comment', 'status',
  'code', 'ratingNum', 'rateeNo', 'kind', 'off', 'ok', 'value', 'run1', 'run2', 'run3',
] as const);
/** The running count of lines left out for each reason, in RATING_LEFT_OUT's order. */
const LEFT_OUT_RUNS = [RATING_COLUMNS.run1, RATING_COLUMNS.run2, RATING_COLUMNS.run3] as const;

/** The summary's columns: the ratee, their ratings, one mean per rater group, the score, then the score's hidden parts. */
const SUMMARY_COLUMNS = columnsFrom(1, ['no', 'ratee', 'count', ...GROUP_KEYS, 'score', 'leftOut', 'num', 'den']);

/**
 * Settings right of the summary, after a narrow spacer: label, value as typed, and (hidden) the
 * value as the formulas use it. Under them the group weights, then (hidden) the lines left out.
 */
const SETTINGS_COLUMNS = columnsFrom(placeBeside(lastColumnOf(SUMMARY_COLUMNS), 1), ['label', 'value', 'used'] as const);
const MIN_RATERS_ROW = placeBelow(MESSAGE_ROW);
const WEIGHTS_TITLE_ROW = placeBelow(MIN_RATERS_ROW, 1);
const WEIGHT_ROWS = tableRows(placeBelow(WEIGHTS_TITLE_ROW), GROUP_KEYS.length);
/** Hidden: the count of lines left out for each reason, then the first two such lines of each. */
const LEFT_OUT_COUNTS_ROW = placeBelow(WEIGHT_ROWS, 1);
const LEFT_OUT_LINES_ROW = LEFT_OUT_COUNTS_ROW + LEFT_OUT_RUNS.length;

/** The minimum number of ratings, the group weights and the lines left out, as the formulas use them. */
const MIN_RATERS = abs(SETTINGS_COLUMNS.used, MIN_RATERS_ROW);
/** The minimum is not a whole number from 1 up. */
const BAD_MIN_RATERS = `OR(${MIN_RATERS}<1,${MIN_RATERS}<>INT(${MIN_RATERS}))`;
const weightUsed = (i: number) => abs(SETTINGS_COLUMNS.used, WEIGHT_ROWS.firstRow + i);
const leftOutCount = (reason: number) => abs(SETTINGS_COLUMNS.used, LEFT_OUT_COUNTS_ROW + reason);
/** The cell holding the sheet row of the first (j = 0) or second (j = 1) line left out for a reason. */
const leftOutLine = (reason: number, j: number) => abs(SETTINGS_COLUMNS.used, LEFT_OUT_LINES_ROW + 2 * reason + j);
const LEFT_OUT_TOTAL = `(${leftOutCount(0)}+${leftOutCount(1)}+${leftOutCount(2)})`;

/** The words of each reason a line is left out, for one line and for several. */
const LEFT_OUT_WORDS: readonly [LabelKey, LabelKey][] = [
  ['fb.kind.ratee.one', 'fb.kind.ratee.many'],
  ['fb.kind.group.one', 'fb.kind.group.many'],
  ['fb.kind.rating.one', 'fb.kind.rating.many'],
];

const GROUP_HEADERS: Readonly<Record<Group360, LabelKey>> = {
  self: 'col.groupSelf',
  manager: 'col.groupManager',
  peer: 'col.groupPeer',
  report: 'col.groupReport',
  customer: 'col.groupCustomer',
};

/** What the steps of the two 360 sheets share. */
interface Feedback {
  readonly lang: Locale;
  readonly input: Feedback360Input;
  readonly lists: Lists;
  readonly ratings: SheetBuilder;
  readonly summary: SheetBuilder;
  /** Rows of the rating lines and of the ratees. */
  readonly lines: TableRows;
  readonly ratees: TableRows;
  /** "'Ratings'!$K$5:$K$104": a ratings column's lines, as the summary reads them. */
  readonly ratingsColumn: (x: number) => string;
  readonly L: (key: LabelKey, params?: Record<string, string>) => string;
}

/**
 * 360 / collaboration feedback: an anonymous long table of ratings, and a summary per ratee with
 * the mean of each rater group (shown only with enough ratings) and the weighted 360 score.
 */
export function feedback360Sheets(wb: WorkbookBuilder, input: Feedback360Input): Feedback360Result {
  const lang = wb.lang;
  const listNames = lists(wb);
  const ratings = wb.sheet('ratings', label(lang, 'sheet.ratings'));
  const summary = wb.sheet('summary360', label(lang, 'sheet.summary360'));
  const lines = tableRows(RATINGS_HEADER_ROW, Math.max(1, input.lines, input.data?.lines.length ?? 0));
  const fb: Feedback = {
    lang, input, ratings, summary, lines,
    lists: listNames,
    ratees: tableRows(SUMMARY_HEADER_ROW, Math.max(1, input.ratees)),
    ratingsColumn: (x) => onSheet(ratings.name, absRange(x, lines.firstRow, x, lines.lastRow)),
    L: (key, params = {}) => labelFormula(lang, key, params),
  };
  const ratingsTable = writeRatings(fb);
  writeHeading(fb, summary, SUMMARY_COLUMNS.leftOut, 'title.summary360', 'note.summary360');
  writeMinRaters(fb);
  const groupWeights = writeGroupWeights(fb);
  writeLeftOutLines(fb);
  writeLeftOutMessage(fb);
  const summaryTable = writeSummary(fb);
  checkRatings(wb, fb);
  checkRateeNames(fb);
  summary.freeze(SUMMARY_HEADER_ROW, SUMMARY_COLUMNS.ratee);
  summary.focus(addr(SUMMARY_COLUMNS.ratee, summaryTable.firstRow));
  return { ratingsSheet: ratings.name, summarySheet: summary.name, ratings: ratingsTable.layout, summary: summaryTable.layout, groupWeights };
}

/** Rows 1–3: the title, the period and a note, across the visible columns. */
function writeHeading(fb: Feedback, s: SheetBuilder, lastColumn: number, title: LabelKey, note: LabelKey): void {
  const { lang, input } = fb;
  s.title(1, lastColumn, 1, label(lang, title));
  s.line(1, lastColumn, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  s.line(1, lastColumn, HEADING_LAST_ROW, label(lang, note), 'note');
}

/**
 * Ratings: one line per rating, no rater names. A line that cannot be counted (a ratee not on the
 * summary, an unknown or missing rater group, a rating that is not a number from 1 to 5) is left
 * out of every mean and score, and its status says why.
 */
function writeRatings(fb: Feedback): PlacedTable {
  const s = fb.ratings;
  const cols = RATING_COLUMNS;
  writeHeading(fb, s, cols.status, 'title.ratings', 'note.ratings');
  const t = s.table({ key: 'ratings', at: cols.no, headerRow: RATINGS_HEADER_ROW, rows: fb.lines.lastRow - RATINGS_HEADER_ROW, columns: ratingColumns(fb) });
  s.conditional(dataRange(fb.lines, cols.status), `${addr(cols.kind, fb.lines.firstRow)}>0`, 'bad');
  s.freeze(RATINGS_HEADER_ROW, cols.ratee);
  return t;
}

/** A ratings column's cell in the row "{r}". */
const atRating = (x: number) => `${col(x)}{r}`;

/** The ratings table: the typed line and its status, then the hidden helpers. */
function ratingColumns(fb: Feedback): ColumnDef[] {
  const { lang } = fb;
  const line = (i: number): RatingLine | undefined => fb.input.data?.lines[i];
  const { code, ratingNum, rateeNo, kind } = lineCheckFormulas(fb);
  const status = statusFormula(fb);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const kindCode = atRating(RATING_COLUMNS.kind);
  const counted = atRating(RATING_COLUMNS.ok);
  return [
    { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
    { key: 'ratee', header: label(lang, 'col.ratee'), width: 16, style: 'input', cell: (i) => v(line(i)?.ratee ?? null) },
    { key: 'group', header: label(lang, 'col.group'), width: 14, style: 'input', cell: (i) => v(line(i)?.group ?? null) },
    { key: 'rating', header: label(lang, 'col.rating'), width: 12, style: 'input', numFmt: '0.0', cell: (i) => v(line(i)?.rating ?? null) },
    { key: 'comment', header: label(lang, 'col.comment'), width: 36, style: 'input', cell: (i) => v(line(i)?.comment ?? null) },
    { key: 'status', header: label(lang, 'fb.col.status'), width: 34, style: 'formula', cell: (_i, r) => status(r) },
    hidden('code', code),
    hidden('ratingNum', ratingNum),
    hidden('rateeNo', rateeNo),
    hidden('kind', kind),
    hidden('off', perRow(`IF(${kindCode}>0,1,0)`)),
    hidden('ok', perRow(`IF(${kindCode}=0,IF(ISNUMBER(${atRating(RATING_COLUMNS.ratingNum)}),1,0),0)`)),
    hidden('value', perRow(`IF(${counted}=1,${atRating(RATING_COLUMNS.ratingNum)},0)`)),
    hidden('run1', runningCount(fb, RATING_COLUMNS.run1, RATING_LEFT_OUT.ratee)),
    hidden('run2', runningCount(fb, RATING_COLUMNS.run2, RATING_LEFT_OUT.group)),
    hidden('run3', runningCount(fb, RATING_COLUMNS.run3, RATING_LEFT_OUT.rating)),
  ];
}

/** A line's rater group code, rating as a number, ratee's row on the summary, and why it is left out (RATING_LEFT_OUT). */
function lineCheckFormulas(fb: Feedback): Record<'code' | 'ratingNum' | 'rateeNo' | 'kind', (r: number) => CellSpec> {
  const cols = RATING_COLUMNS;
  const { groupCodes, groupWords } = fb.lists;
  const [ratee, group, rating] = [atRating(cols.ratee), atRating(cols.group), atRating(cols.rating)];
  const [groupCode, ratingNum, rateeNo] = [atRating(cols.code), atRating(cols.ratingNum), atRating(cols.rateeNo)];
  const blank = (x: string) => `LEN(TRIM(${x}))=0`;
  const K = RATING_LEFT_OUT;
  // Each rating's ratee as the number of their row in the summary (names are matched whole, in any
  // case, and never read as criteria).
  const summaryNames = onSheet(fb.summary.name, absRange(SUMMARY_COLUMNS.ratee, fb.ratees.firstRow, SUMMARY_COLUMNS.ratee, fb.ratees.lastRow));
  // MATCH reads * ? ~ as wildcards in LibreOffice: such a ratee or group is unknown, not the first one that fits.
  return {
    code: perRow(`IF(${blank(group)},"",IF(${hasWildcard(group)},0,IFERROR(INDEX(${groupCodes},MATCH(LOWER(TRIM(${group})),${groupWords},0)),0)))`),
    ratingNum: perRow(numberOrBlank(rating)),
    rateeNo: perRow(`IF(${blank(ratee)},"",IF(${hasWildcard(ratee)},0,IFERROR(MATCH(${ratee},${summaryNames},0),0)))`),
    kind: perRow(
      `IF(AND(${blank(ratee)},${blank(group)},${blank(rating)}),0,` +
        `IF(IF(ISNUMBER(${rateeNo}),${rateeNo},0)=0,${K.ratee},` +
        `IF(IF(ISNUMBER(${groupCode}),${groupCode},IF(${blank(rating)},1,0))=0,${K.group},` +
        `IF(${blank(rating)},0,IF(ISERROR(${ratingNum}),${K.rating},IF(OR(${ratingNum}<1,${ratingNum}>5),${K.rating},0))))))`,
    ),
  };
}

/** A line's status: blank when counted, else why it is left out, quoting what was typed. */
function statusFormula(fb: Feedback): (r: number) => CellSpec {
  const { L } = fb;
  const cols = RATING_COLUMNS;
  const K = RATING_LEFT_OUT;
  const [ratee, group, rating] = [atRating(cols.ratee), atRating(cols.group), atRating(cols.rating)];
  const kind = atRating(cols.kind);
  const blank = (x: string) => `LEN(TRIM(${x}))=0`;
  return perRow(
    `IF(${kind}=0,"",IF(${kind}=${K.ratee},IF(${blank(ratee)},${L('fb.row.noRatee')},${L('fb.row.unknownRatee', { x: ratee })}),` +
      `IF(${kind}=${K.group},IF(${blank(group)},${L('fb.row.noGroup')},${L('fb.row.unknownGroup', { x: `TRIM(${group})` })}),` +
      `IF(ISERROR(${atRating(cols.ratingNum)}),${L('fb.row.ratingText', { x: `TRIM(${rating})` })},${L('fb.row.ratingRange', { x: `TRIM(${rating})` })}))))`,
  );
}

/** How many lines so far (in column `run`) are left out for `reason`. */
function runningCount(fb: Feedback, run: number, reason: number): (r: number) => CellSpec {
  const kind = RATING_COLUMNS.kind;
  return (r) => f(r === fb.lines.firstRow ? `IF(${addr(kind, r)}=${reason},1,0)` : `${addr(run, r - 1)}+IF(${addr(kind, r)}=${reason},1,0)`);
}

/** The settings' heading and the minimum number of ratings a group needs to show its mean. */
function writeMinRaters(fb: Feedback): void {
  const { summary: s, lang } = fb;
  const { label: labels, value, used } = SETTINGS_COLUMNS;
  s.width(placeBeside(lastColumnOf(SUMMARY_COLUMNS)), 2);
  s.width(labels, 28);
  s.width(value, 10);
  s.width(used, 8, true);
  s.line(labels, value, MESSAGE_ROW, label(lang, 'label.settings'), 'subtitle');
  const typed = addr(value, MIN_RATERS_ROW);
  s.row(labels, MIN_RATERS_ROW, [v(label(lang, 'label.minRaters')), v(fb.input.data?.minRaters ?? 3), f(numberOr(typed, '3'))]);
  s.style(addr(labels, MIN_RATERS_ROW), 'formula');
  s.style(typed, 'input');
  s.format(typed, '0');
  s.validate({
    range: typed,
    type: 'custom',
    formula: `=AND(ISNUMBER(${typed}),${typed}=INT(${typed}),${typed}>=1)`,
    allowBlank: true,
    message: label(lang, 'msg.minRaters'),
  });
  s.cell('minRaters', typed);
}

/** The weight of each rater group, below the minimum. */
function writeGroupWeights(fb: Feedback): TableLayout {
  const { summary: s, lang } = fb;
  const { label: labels, value } = SETTINGS_COLUMNS;
  const rows = WEIGHT_ROWS;
  const weights = fb.input.data?.weights;
  s.line(labels, value, WEIGHTS_TITLE_ROW, label(lang, 'label.groupWeights'), 'subtitle');
  s.row(labels, rows.headerRow, [v(label(lang, 'col.group')), v(label(lang, 'col.weight'))]);
  s.style(range(labels, rows.headerRow, value, rows.headerRow), 'header');
  s.put(
    labels,
    rows.firstRow,
    GROUP_KEYS.map((g, i) => [v(DISPLAY.group[lang][g]), v(weights?.[i] ?? DEFAULT_GROUP_WEIGHTS[g]), f(numberOr(addr(value, rows.firstRow + i), '0'))]),
  );
  s.style(dataRange(rows, labels), 'formula');
  s.style(dataRange(rows, value), 'input');
  s.format(dataRange(rows, value), '0%');
  s.validate({ range: dataRange(rows, value), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.weight') });
  const { headerRow, firstRow, lastRow } = rows;
  const layout: TableLayout = { key: 'groupWeights', headerRow, firstRow, lastRow, columns: columnLetters({ group: labels, weight: value }) };
  s.layout(layout);
  s.cell('groupWeights', dataRange(rows, labels, value));
  return layout;
}

/** Hidden, below the weights: how many lines are left out for each reason, and the first two such lines of each. */
function writeLeftOutLines(fb: Feedback): void {
  const firstLine = fb.lines.firstRow;
  fb.summary.put(SETTINGS_COLUMNS.used, LEFT_OUT_COUNTS_ROW, [
    ...LEFT_OUT_RUNS.map((run) => [f(onSheet(fb.ratings.name, abs(run, fb.lines.lastRow)))]),
    ...LEFT_OUT_RUNS.flatMap((run, reason) =>
      [1, 2].map((nth) => [f(`IF(${leftOutCount(reason)}>=${nth},MATCH(${nth},${fb.ratingsColumn(run)},0)+${firstLine - 1},"")`)]),
    ),
  ]);
}

/** Above the table: all lines counted, or how many are left out, for which reasons, and their first rows. */
function writeLeftOutMessage(fb: Feedback): void {
  const { summary: s, lang, L } = fb;
  const parts = LEFT_OUT_WORDS.map(([one, many], reason) => {
    const n = leftOutCount(reason);
    const rows = rowsFormula(lang, n, leftOutLine(reason, 0), leftOutLine(reason, 1));
    const countsBefore = LEFT_OUT_WORDS.slice(0, reason).map((_, j) => leftOutCount(j));
    const separator = reason === 0 ? '' : `IF(${countsBefore.join('+')}>0,${L('list.sep')},"")&`;
    return `IF(${n}=0,"",${separator}IF(${n}=1,${L(one, { n, rows })},${L(many, { n, rows })}))`;
  });
  const list = parts.join('&');
  const total = LEFT_OUT_TOTAL;
  const message = `IF(${total}=0,${L('fb.allCounted')},IF(${total}=1,${L('fb.leftOut.one', { list })},${L('fb.leftOut.many', { n: total, list })}))`;
  const messageLine = range(1, MESSAGE_ROW, SUMMARY_COLUMNS.leftOut, MESSAGE_ROW);
  s.row(1, MESSAGE_ROW, [f(message)]);
  s.merge(messageLine);
  s.style(messageLine, 'total');
  s.conditional(messageLine, `${total}>0`, 'bad');
  s.cell('leftOut', addr(1, MESSAGE_ROW));
}

/** One row per ratee: their ratings counted, the mean of each group, the 360 score and the lines left out. */
function writeSummary(fb: Feedback): PlacedTable {
  const { summary: s, lang } = fb;
  const cols = SUMMARY_COLUMNS;
  const data = fb.input.data;
  const x = summaryFormulas(fb);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const t = s.table({
    key: 'summary',
    at: cols.no,
    headerRow: SUMMARY_HEADER_ROW,
    rows: fb.ratees.lastRow - SUMMARY_HEADER_ROW,
    columns: [
      { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
      { key: 'ratee', header: label(lang, 'col.ratee'), width: 22, style: 'input', cell: (i) => v(data?.ratees[i] ?? null) },
      { key: 'count', header: label(lang, 'col.ratings'), width: 12, style: 'formula', cell: (_i, r) => x.count(r) },
      ...GROUP_KEYS.map(
        (g, i): ColumnDef => ({ key: g, header: label(lang, GROUP_HEADERS[g]), width: 11, style: 'formula', numFmt: '0.00', cell: (_j, r) => x.groupMeans[i]!(r) }),
      ),
      { key: 'score', header: label(lang, 'col.score360'), width: 11, style: 'formula', numFmt: '0.00', cell: (_i, r) => x.score(r) },
      { key: 'leftOut', header: label(lang, 'fb.col.leftOut'), width: 11, style: 'formula', numFmt: '0', cell: (_i, r) => x.leftOut(r) },
      hidden('num', x.weighted),
      hidden('den', x.weightsShown),
    ],
  });
  const firstLeftOut = addr(cols.leftOut, t.firstRow);
  s.conditional(dataRange(fb.ratees, cols.leftOut), `AND(ISNUMBER(${firstLeftOut}),${firstLeftOut}>0)`, 'warn');
  return t;
}

type RowFormula = (r: number) => CellSpec;

/** A summary column's cell in the row "{r}". */
const atSummary = (x: number) => `${col(x)}{r}`;

/**
 * A ratee's ratings counted and lines left out; the weighted sum of the means shown and the sum of
 * their weights; the 360 score. As SCORE360: a weight that is text or below 0, then a bad minimum,
 * is an error whichever groups show.
 */
function summaryFormulas(fb: Feedback): { count: RowFormula; groupMeans: RowFormula[]; weighted: RowFormula; weightsShown: RowFormula; leftOut: RowFormula; score: RowFormula } {
  const cols = SUMMARY_COLUMNS;
  const [ratee, count] = [atSummary(cols.ratee), atSummary(cols.count)];
  const rateeRows = fb.ratingsColumn(RATING_COLUMNS.rateeNo);
  const ofRatee = `${rateeRows},${atSummary(cols.no)}`;
  const mean = (i: number) => atSummary(cols[GROUP_KEYS[i]!]);
  const shownSum = (term: (i: number) => string) => GROUP_KEYS.map((_, i) => `IF(${mean(i)}="",0,${term(i)})`).join('+');
  const weightsUsed = absRange(SETTINGS_COLUMNS.used, WEIGHT_ROWS.firstRow, SETTINGS_COLUMNS.used, WEIGHT_ROWS.lastRow);
  const [weighted, weightsShown] = [atSummary(cols.num), atSummary(cols.den)];
  return {
    count: perRow(`IF(LEN(TRIM(${ratee}))=0,"",SUMIFS(${fb.ratingsColumn(RATING_COLUMNS.ok)},${ofRatee}))`),
    groupMeans: groupMeanFormulas(fb, ofRatee, count),
    weighted: perRow(`IF(${count}="","",${shownSum((i) => `${weightUsed(i)}*${mean(i)}`)})`),
    weightsShown: perRow(`IF(${count}="","",${shownSum(weightUsed)})`),
    leftOut: perRow(`IF(${count}="","",SUMIFS(${fb.ratingsColumn(RATING_COLUMNS.off)},${ofRatee}))`),
    score: perRow(
      `IF(${count}="","",IF(${count}=0,"",IF(MIN(${weightsUsed})<0,${ERR.num},` +
        `IF(${BAD_MIN_RATERS},${ERR.num},IF(${weightsShown}=0,${ERR.na},${weighted}/${weightsShown})))))`,
    ),
  };
}

/**
 * Anonymity: a group's mean shows only when the group has its minimum number of ratings (self and
 * manager: one). Every other figure (the score, its hidden parts) reads only the means shown, so
 * nothing on the summary depends on the ratings of a hidden group. A minimum that is not a whole
 * number from 1 up shows no mean of the groups that need it (only the error), never the means of
 * smaller groups.
 */
function groupMeanFormulas(fb: Feedback, ofRatee: string, count: string): RowFormula[] {
  const groupCodes = fb.ratingsColumn(RATING_COLUMNS.code);
  return GROUP_KEYS.map((g, i) => {
    const single = g === 'self' || g === 'manager';
    const n = `SUMIFS(${fb.ratingsColumn(RATING_COLUMNS.ok)},${ofRatee},${groupCodes},${i + 1})`;
    const sum = `SUMIFS(${fb.ratingsColumn(RATING_COLUMNS.value)},${ofRatee},${groupCodes},${i + 1})`;
    const shown = `IF(${n}>=${single ? '1' : MIN_RATERS},${sum}/${n},"")`;
    return perRow(`IF(${count}="","",${single ? shown : `IF(${BAD_MIN_RATERS},${ERR.num},${shown})`})`);
  });
}

/** Dropdowns of the ratings: ratees from the summary, rater groups, ratings from 1 to 5. */
function checkRatings(wb: WorkbookBuilder, fb: Feedback): void {
  const { ratings: s, lang, lines } = fb;
  const cols = RATING_COLUMNS;
  const ratees = wb.name('KPI_Ratees', fb.summary.name, SUMMARY_COLUMNS.ratee, fb.ratees.firstRow, SUMMARY_COLUMNS.ratee, fb.ratees.lastRow);
  s.validate({ range: dataRange(lines, cols.ratee), type: 'list', source: `=${ratees}`, allowBlank: true, message: label(lang, 'msg.ratee') });
  s.validate({ range: dataRange(lines, cols.group), type: 'list', source: `=${fb.lists.groupChoices}`, allowBlank: true, message: label(lang, 'msg.group') });
  s.validate({ range: dataRange(lines, cols.rating), type: 'decimal', min: 1, max: 5, allowBlank: true, message: label(lang, 'msg.rating') });
}

/** MATCH reads * ? ~ as wildcards in LibreOffice: names with them would not find their ratings. */
function checkRateeNames(fb: Feedback): void {
  const column = SUMMARY_COLUMNS.ratee;
  const firstName = addr(column, fb.ratees.firstRow);
  fb.summary.validate({
    range: dataRange(fb.ratees, column),
    type: 'custom',
    formula: `=AND(ISERROR(FIND("*",${firstName})),ISERROR(FIND("?",${firstName})),ISERROR(FIND("~",${firstName})))`,
    allowBlank: true,
    message: label(fb.lang, 'msg.rateeName'),
  });
}
