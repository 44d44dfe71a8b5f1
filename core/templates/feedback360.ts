import type { Locale } from '../types.js';
import { abs, absRange, addr, col, range } from './a1.js';
import { f, perRow, v, type ColumnDef, helperColumn, type WorkbookBuilder } from './builder.js';
import { ERR, numberOr, numberOrBlank } from './formulas.js';
import { hasWildcard, labelFormula, rowsFormula } from './bonus.js';
import { label, type LabelKey } from './labels.js';
import { lists } from './lists.js';
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

const RATINGS_HEADER = 4;
const SUMMARY_HEADER = 5;

/** Why a rating line is left out: its ratee is not on the summary, its group is unknown or missing, its rating is not from 1 to 5. */
export const RATING_LEFT_OUT = { ratee: 1, group: 2, rating: 3 } as const;

/**
 * 360 / collaboration feedback: an anonymous long table of ratings, and a summary per ratee with
 * the mean of each rater group (shown only with enough ratings) and the weighted 360 score.
 */
export function feedback360Sheets(wb: WorkbookBuilder, input: Feedback360Input): Feedback360Result {
  const lang = wb.lang;
  const Ls = lists(wb);
  const data = input.data;
  const nRatees = Math.max(1, input.ratees);
  const nLines = Math.max(1, input.lines, data?.lines.length ?? 0);
  const rs = wb.sheet('ratings', label(lang, 'sheet.ratings'));
  const ss = wb.sheet('summary360', label(lang, 'sheet.summary360'));

  // Ratings: one line per rating, no rater names. A line that cannot be counted (a ratee not on
  // the summary, an unknown or missing rater group, a rating that is not a number from 1 to 5)
  // is left out of every mean and score, and its status says why.
  const RT = {
    no: 1, ratee: 2, group: 3, rating: 4, comment: 5, status: 6,
    code: 7, ratingNum: 8, rateeNo: 9, kind: 10, off: 11, ok: 12, value: 13, run1: 14, run2: 15, run3: 16,
  } as const;
  const c = (x: number, row = '{r}') => `${col(x)}${row}`;
  const L = (key: LabelKey, params: Record<string, string> = {}) => labelFormula(lang, key, params);
  rs.title(1, RT.status, 1, label(lang, 'title.ratings'));
  rs.line(1, RT.status, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  rs.line(1, RT.status, 3, label(lang, 'note.ratings'), 'note');
  const line = (i: number): RatingLine | undefined => data?.lines[i];
  const code = perRow(
    `IF(LEN(TRIM(${c(RT.group)}))=0,"",IF(${hasWildcard(c(RT.group))},0,IFERROR(INDEX(${Ls.groupCodes},MATCH(LOWER(TRIM(${c(RT.group)})),${Ls.groupWords},0)),0)))`,
  );
  const ratingNum = perRow(numberOrBlank(c(RT.rating)));
  // Each rating's ratee as the number of their row in the summary (names are matched whole, in any
  // case, and never read as criteria).
  const summaryNames = `'${ss.name.replace(/'/g, "''")}'!${absRange(2, SUMMARY_HEADER + 1, 2, SUMMARY_HEADER + nRatees)}`;
  // MATCH reads * ? ~ as wildcards in LibreOffice: such a ratee or group is unknown, not the first one that fits.
  const rateeNo = perRow(`IF(LEN(TRIM(${c(RT.ratee)}))=0,"",IF(${hasWildcard(c(RT.ratee))},0,IFERROR(MATCH(${c(RT.ratee)},${summaryNames},0),0)))`);
  const blank = (x: number) => `LEN(TRIM(${c(x)}))=0`;
  const K = RATING_LEFT_OUT;
  const kind = perRow(
    `IF(AND(${blank(RT.ratee)},${blank(RT.group)},${blank(RT.rating)}),0,` +
      `IF(IF(ISNUMBER(${c(RT.rateeNo)}),${c(RT.rateeNo)},0)=0,${K.ratee},` +
      `IF(IF(ISNUMBER(${c(RT.code)}),${c(RT.code)},IF(${blank(RT.rating)},1,0))=0,${K.group},` +
      `IF(${blank(RT.rating)},0,IF(ISERROR(${c(RT.ratingNum)}),${K.rating},IF(OR(${c(RT.ratingNum)}<1,${c(RT.ratingNum)}>5),${K.rating},0))))))`,
  );
  const k = c(RT.kind);
  const status = perRow(
    `IF(${k}=0,"",IF(${k}=${K.ratee},IF(${blank(RT.ratee)},${L('fb.row.noRatee')},${L('fb.row.unknownRatee', { x: c(RT.ratee) })}),` +
      `IF(${k}=${K.group},IF(${blank(RT.group)},${L('fb.row.noGroup')},${L('fb.row.unknownGroup', { x: `TRIM(${c(RT.group)})` })}),` +
      `IF(ISERROR(${c(RT.ratingNum)}),${L('fb.row.ratingText', { x: `TRIM(${c(RT.rating)})` })},${L('fb.row.ratingRange', { x: `TRIM(${c(RT.rating)})` })}))))`,
  );
  const off = perRow(`IF(${k}>0,1,0)`);
  const ok = perRow(`IF(${k}=0,IF(ISNUMBER(${c(RT.ratingNum)}),1,0),0)`);
  const value = perRow(`IF(${c(RT.ok)}=1,${c(RT.ratingNum)},0)`);
  const firstLine = RATINGS_HEADER + 1;
  const running = (x: number, kindCode: number) => (r: number): CellSpec =>
    f(r === firstLine ? `IF(${addr(RT.kind, r)}=${kindCode},1,0)` : `${addr(x, r - 1)}+IF(${addr(RT.kind, r)}=${kindCode},1,0)`);
  const hidden = (key: string, make: (r: number) => CellSpec): ColumnDef => helperColumn(key, (_i, r) => make(r));
  const rt = rs.table({
    key: 'ratings',
    at: 1,
    headerRow: RATINGS_HEADER,
    rows: nLines,
    columns: [
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
      hidden('off', off),
      hidden('ok', ok),
      hidden('value', value),
      hidden('run1', running(RT.run1, K.ratee)),
      hidden('run2', running(RT.run2, K.group)),
      hidden('run3', running(RT.run3, K.rating)),
    ],
  });
  rs.conditional(range(RT.status, rt.firstRow, RT.status, rt.lastRow), `${addr(RT.kind, rt.firstRow)}>0`, 'bad');
  rs.freeze(RATINGS_HEADER, RT.ratee);

  // Summary: settings, group weights, then one row per ratee.
  const SM = {
    no: 1, ratee: 2, count: 3, groups: 4, score: 4 + GROUP_KEYS.length, leftOut: 5 + GROUP_KEYS.length, num: 6 + GROUP_KEYS.length, den: 7 + GROUP_KEYS.length,
  } as const;
  ss.title(1, SM.leftOut, 1, label(lang, 'title.summary360'));
  ss.line(1, SM.leftOut, 2, input.period ? label(lang, 'subtitle.period', { period: input.period }) : '', 'subtitle');
  ss.line(1, SM.leftOut, 3, label(lang, 'note.summary360'), 'note');
  // Settings and group weights sit to the right of the table: label, value, hidden value as used.
  const at = SM.den + 2;
  const conv = at + 2;
  ss.width(SM.den + 1, 2);
  ss.width(at, 28);
  ss.width(at + 1, 10);
  ss.width(conv, 8, true);
  ss.line(at, at + 1, SUMMARY_HEADER - 1, label(lang, 'label.settings'), 'subtitle');
  ss.row(at, SUMMARY_HEADER, [v(label(lang, 'label.minRaters')), v(data?.minRaters ?? 3), f(numberOr(addr(at + 1, SUMMARY_HEADER), '3'))]);
  ss.style(addr(at, SUMMARY_HEADER), 'formula');
  ss.style(addr(at + 1, SUMMARY_HEADER), 'input');
  ss.format(addr(at + 1, SUMMARY_HEADER), '0');
  const mr = addr(at + 1, SUMMARY_HEADER);
  ss.validate({
    range: mr,
    type: 'custom',
    formula: `=AND(ISNUMBER(${mr}),${mr}=INT(${mr}),${mr}>=1)`,
    allowBlank: true,
    message: label(lang, 'msg.minRaters'),
  });
  const minRaters = abs(conv, SUMMARY_HEADER);
  ss.cell('minRaters', mr);

  const wHeader = SUMMARY_HEADER + 3;
  ss.line(at, at + 1, wHeader - 1, label(lang, 'label.groupWeights'), 'subtitle');
  ss.row(at, wHeader, [v(label(lang, 'col.group')), v(label(lang, 'col.weight'))]);
  ss.style(range(at, wHeader, at + 1, wHeader), 'header');
  const w0 = wHeader + 1;
  const w1 = w0 + GROUP_KEYS.length - 1;
  ss.put(
    at,
    w0,
    GROUP_KEYS.map((g, i) => [v(DISPLAY.group[lang][g]), v(data?.weights[i] ?? DEFAULT_GROUP_WEIGHTS[g]), f(numberOr(addr(at + 1, w0 + i), '0'))]),
  );
  ss.style(range(at, w0, at, w1), 'formula');
  ss.style(range(at + 1, w0, at + 1, w1), 'input');
  ss.format(range(at + 1, w0, at + 1, w1), '0%');
  ss.validate({ range: range(at + 1, w0, at + 1, w1), type: 'decimal', min: 0, allowBlank: true, message: label(lang, 'msg.weight') });
  const weightOf = (i: number) => abs(conv, w0 + i);
  const groupWeights: TableLayout = { key: 'groupWeights', headerRow: wHeader, firstRow: w0, lastRow: w1, columns: { group: col(at), weight: col(at + 1) } };
  ss.layout(groupWeights);
  ss.cell('groupWeights', range(at, w0, at + 1, w1));

  const ratingsRange = (field: number) => `'${rs.name.replace(/'/g, "''")}'!${absRange(field, rt.firstRow, field, rt.lastRow)}`;
  const ratee = ratingsRange(RT.rateeNo);
  const crit = c(SM.no);
  const count = perRow(`IF(LEN(TRIM(${c(SM.ratee)}))=0,"",SUMIFS(${ratingsRange(RT.ok)},${ratee},${crit}))`);
  // Anonymity: a group's mean shows only when the group has its minimum number of ratings. Every
  // other figure (the score, its hidden parts) reads only the means shown, so nothing on the summary
  // depends on the ratings of a hidden group. A minimum that is not a whole number from 1 up shows
  // no mean of the groups that need it (only the error), never the means of smaller groups.
  const badMin = `OR(${minRaters}<1,${minRaters}<>INT(${minRaters}))`;
  const groupMean = GROUP_KEYS.map((g, i) => {
    const single = g === 'self' || g === 'manager';
    const n = `SUMIFS(${ratingsRange(RT.ok)},${ratee},${crit},${ratingsRange(RT.code)},${i + 1})`;
    const sum = `SUMIFS(${ratingsRange(RT.value)},${ratee},${crit},${ratingsRange(RT.code)},${i + 1})`;
    const shown = `IF(${n}>=${single ? '1' : minRaters},${sum}/${n},"")`;
    return perRow(`IF(${c(SM.count)}="","",${single ? shown : `IF(${badMin},${ERR.num},${shown})`})`);
  });
  const meanRef = (i: number) => c(SM.groups + i);
  const num = perRow(`IF(${c(SM.count)}="","",${GROUP_KEYS.map((_, i) => `IF(${meanRef(i)}="",0,${weightOf(i)}*${meanRef(i)})`).join('+')})`);
  const den = perRow(`IF(${c(SM.count)}="","",${GROUP_KEYS.map((_, i) => `IF(${meanRef(i)}="",0,${weightOf(i)})`).join('+')})`);
  const leftOut = perRow(`IF(${c(SM.count)}="","",SUMIFS(${ratingsRange(RT.off)},${ratee},${crit}))`);
  // As SCORE360: a weight that is text or below 0, then a bad minimum, is an error whichever groups show.
  const weightsRange = absRange(conv, w0, conv, w1);
  const score = perRow(
    `IF(${c(SM.count)}="","",IF(${c(SM.count)}=0,"",IF(MIN(${weightsRange})<0,${ERR.num},` +
      `IF(${badMin},${ERR.num},IF(${c(SM.den)}=0,${ERR.na},${c(SM.num)}/${c(SM.den)})))))`,
  );

  // Above the table: how many rating lines are left out, of each kind, and the first rows of each.
  const h0 = w1 + 2;
  const runs = [RT.run1, RT.run2, RT.run3];
  const countOf = (i: number) => abs(conv, h0 + i);
  const rowOf = (i: number, j: number) => abs(conv, h0 + 3 + 2 * i + j);
  const ratingsCell = (x: number, r: number) => `'${rs.name.replace(/'/g, "''")}'!${abs(x, r)}`;
  ss.put(conv, h0, [
    ...runs.map((x) => [f(ratingsCell(x, rt.lastRow))]),
    ...runs.flatMap((x, i) =>
      [1, 2].map((j) => [f(`IF(${countOf(i)}>=${j},MATCH(${j},${ratingsRange(x)},0)+${rt.firstRow - 1},"")`)]),
    ),
  ]);
  const kinds: readonly [LabelKey, LabelKey][] = [
    ['fb.kind.ratee.one', 'fb.kind.ratee.many'],
    ['fb.kind.group.one', 'fb.kind.group.many'],
    ['fb.kind.rating.one', 'fb.kind.rating.many'],
  ];
  const total = `(${countOf(0)}+${countOf(1)}+${countOf(2)})`;
  const parts = kinds.map(([one, many], i) => {
    const n = countOf(i);
    const rows = rowsFormula(lang, n, rowOf(i, 0), rowOf(i, 1));
    const before = i === 0 ? '' : `IF(${kinds.slice(0, i).map((_, j) => countOf(j)).join('+')}>0,${L('list.sep')},"")&`;
    return `IF(${n}=0,"",${before}IF(${n}=1,${L(one, { n, rows })},${L(many, { n, rows })}))`;
  });
  const list = parts.join('&');
  const message = `IF(${total}=0,${L('fb.allCounted')},IF(${total}=1,${L('fb.leftOut.one', { list })},${L('fb.leftOut.many', { n: total, list })}))`;
  const messageCell = addr(1, SUMMARY_HEADER - 1);
  ss.row(1, SUMMARY_HEADER - 1, [f(message)]);
  ss.merge(range(1, SUMMARY_HEADER - 1, SM.leftOut, SUMMARY_HEADER - 1));
  ss.style(range(1, SUMMARY_HEADER - 1, SM.leftOut, SUMMARY_HEADER - 1), 'total');
  ss.conditional(range(1, SUMMARY_HEADER - 1, SM.leftOut, SUMMARY_HEADER - 1), `${total}>0`, 'bad');
  ss.cell('leftOut', messageCell);
  const groupHeaders: Record<Group360, string> = {
    self: label(lang, 'col.groupSelf'),
    manager: label(lang, 'col.groupManager'),
    peer: label(lang, 'col.groupPeer'),
    report: label(lang, 'col.groupReport'),
    customer: label(lang, 'col.groupCustomer'),
  };
  const st = ss.table({
    key: 'summary',
    at: 1,
    headerRow: SUMMARY_HEADER,
    rows: nRatees,
    columns: [
      { key: 'no', header: label(lang, 'col.no'), width: 6, style: 'formula', cell: (i) => v(i + 1) },
      { key: 'ratee', header: label(lang, 'col.ratee'), width: 22, style: 'input', cell: (i) => v(data?.ratees[i] ?? null) },
      { key: 'count', header: label(lang, 'col.ratings'), width: 12, style: 'formula', cell: (_i, r) => count(r) },
      ...GROUP_KEYS.map(
        (g, i): ColumnDef => ({ key: g, header: groupHeaders[g], width: 11, style: 'formula', numFmt: '0.00', cell: (_j, r) => groupMean[i]!(r) }),
      ),
      { key: 'score', header: label(lang, 'col.score360'), width: 11, style: 'formula', numFmt: '0.00', cell: (_i, r) => score(r) },
      { key: 'leftOut', header: label(lang, 'fb.col.leftOut'), width: 11, style: 'formula', numFmt: '0', cell: (_i, r) => leftOut(r) },
      hidden('num', num),
      hidden('den', den),
    ],
  });
  ss.conditional(range(SM.leftOut, st.firstRow, SM.leftOut, st.lastRow), `AND(ISNUMBER(${addr(SM.leftOut, st.firstRow)}),${addr(SM.leftOut, st.firstRow)}>0)`, 'warn');
  rs.validate({
    range: range(RT.ratee, rt.firstRow, RT.ratee, rt.lastRow),
    type: 'list',
    source: `=${wb.name('KPI_Ratees', ss.name, SM.ratee, st.firstRow, SM.ratee, st.lastRow)}`,
    allowBlank: true,
    message: label(lang, 'msg.ratee'),
  });
  rs.validate({ range: range(RT.group, rt.firstRow, RT.group, rt.lastRow), type: 'list', source: `=${Ls.groupChoices}`, allowBlank: true, message: label(lang, 'msg.group') });
  rs.validate({ range: range(RT.rating, rt.firstRow, RT.rating, rt.lastRow), type: 'decimal', min: 1, max: 5, allowBlank: true, message: label(lang, 'msg.rating') });
  // MATCH reads * ? ~ as wildcards in LibreOffice: names with them would not find their ratings.
  const firstName = addr(SM.ratee, st.firstRow);
  ss.validate({
    range: range(SM.ratee, st.firstRow, SM.ratee, st.lastRow),
    type: 'custom',
    formula: `=AND(ISERROR(FIND("*",${firstName})),ISERROR(FIND("?",${firstName})),ISERROR(FIND("~",${firstName})))`,
    allowBlank: true,
    message: label(lang, 'msg.rateeName'),
  });
  ss.freeze(SUMMARY_HEADER, SM.ratee);
  ss.focus(addr(SM.ratee, st.firstRow));
  return { ratingsSheet: rs.name, summarySheet: ss.name, ratings: rt.layout, summary: st.layout, groupWeights };
}
