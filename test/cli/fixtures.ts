import type { Io } from '../../cli/kpi.js';
import type { CellSpec, SheetDesc, WorkbookDesc } from '../../core/templates/types.js';

const v = (value: number | string | boolean | null): CellSpec => ({ v: value });
const f = (formula: string): CellSpec => ({ f: formula });

const empty = {
  styles: [],
  formats: [],
  validations: [],
  conditionalFormats: [],
  merges: [],
  protect: false,
  charts: [],
} as const;

/** A sheet description with only what `parts` sets: no styles, formats, checks, merges, protection or charts. */
export function plainSheet(key: string, name: string, parts: Partial<SheetDesc> = {}): SheetDesc {
  return { key, name, columns: [], blocks: [], ...empty, ...parts };
}

/** Runs the kpi command line in `cwd`: its exit code and what it printed to each stream. */
export async function runKpi(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../../cli/kpi.js');
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  const code = await main(args, {}, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A small review-like sheet that uses every feature of the description. */
export function featureWorkbook(): WorkbookDesc {
  const lists: SheetDesc = {
    ...empty,
    key: 'lists',
    name: 'KPI 列表',
    hidden: true,
    columns: [{ width: 14 }],
    blocks: [{ at: 'A1', cells: [[v('direction')], [v('higher')], [v('lower')], [v('越高越好')], [v('越低越好')]] }],
  };
  const review: SheetDesc = {
    key: 'review',
    name: '考核 Review',
    columns: [{ width: 6 }, { width: 22 }, { width: 12 }, { width: 12 }, { width: 14 }, { width: 12 }, { width: 10, hidden: true }],
    frozen: { rows: 3, columns: 2 },
    blocks: [
      { at: 'A1', cells: [[v('Sales review 销售考核')]] },
      { at: 'A2', cells: [[v('Period: 2026 Q4')]] },
      {
        at: 'A3',
        cells: [
          [v('No.'), v('KPI'), v('Target'), v('Actual'), v('Direction'), v('Score'), v('helper')],
          [v(1), v('=SUM(1)'), v(100), v(120), v('higher'), f('=IF(LEN(D4)=0,"",D4/C4)'), f('=D4*1')],
          [v(2), v('+1 call'), v(50), v(40), v('越低越好'), f('=IF(LEN(D5)=0,"",2-D5/C5)'), f('=D5*1')],
          [v(3), v('-minus'), v(10), v(null), v('lower'), f('=IF(LEN(D6)=0,"",2-D6/C6)'), f('=D6*1')],
          [v(4), v('@mention'), v(8), v(8), v('higher'), f('IF(LEN(D7)=0,"",D7/C7)'), f('=D7*1')],
        ],
      },
      { at: 'B8', cells: [[v('Total'), f('=SUM(C4:C7)'), f('=SUM(D4:D7)'), v(null), f('=ROUND(SUM(F4:F7),4)')]] },
      { at: 'A10', cells: [[v('Scores below 80% are red, at or above 120% green.')]] },
      { at: 'A11', cells: [[v(true)]] },
    ],
    styles: [
      { range: 'A1', style: 'title' },
      { range: 'A2', style: 'subtitle' },
      { range: 'A3:G3', style: 'header' },
      { range: 'A4:A7', style: 'formula' },
      { range: 'B4:E7', style: 'input' },
      { range: 'F4:G7', style: 'formula' },
      { range: 'B8:F8', style: 'total' },
      { range: 'A10', style: 'note' },
    ],
    formats: [
      { range: 'C4:D8', numFmt: '#,##0.00' },
      { range: 'F4:F8', numFmt: '0.0%' },
    ],
    validations: [
      { range: 'E4:E7', type: 'list', source: '=KPI_Directions', allowBlank: true, message: 'Pick a direction 请选择方向' },
      { range: 'C4:D7', type: 'decimal', min: 0, allowBlank: true, message: 'Type a number of 0 or more' },
      { range: 'A11', type: 'list', source: ['yes', 'no', '是', '否'], allowBlank: false, message: 'yes or no' },
      { range: 'B4:B7', type: 'custom', formula: '=LEN(B4)<=40', allowBlank: true, message: 'At most 40 characters' },
    ],
    conditionalFormats: [
      { range: 'F4:F7', formula: '=AND(ISNUMBER(F4),ROUND(F4,10)<0.8)', style: 'bad' },
      { range: 'F4:F7', formula: '=AND(ISNUMBER(F4),ROUND(F4,10)>=1.2)', style: 'good' },
      { range: 'C8', formula: '=C8<>SUM(C4:C7)', style: 'warn' },
    ],
    merges: ['A1:F1', 'A2:F2'],
    protect: true,
    charts: [{ type: 'bar', title: 'Scores', categories: 'B4:B7', series: [{ name: 'Score', values: 'F4:F7' }], anchor: 'I3' }],
  };
  return {
    sheets: [review, lists],
    names: [{ name: 'KPI_Directions', ref: "'KPI 列表'!$A$2:$A$5" }],
  };
}

/** Known formulas and their values in Excel, LibreOffice and HyperFormula alike. */
export function formulaWorkbook(): { desc: WorkbookDesc; expected: Record<string, number | string | boolean | { error: string }> } {
  const sheet: SheetDesc = {
    ...empty,
    key: 'calc',
    name: 'Calc',
    columns: [{ width: 12 }, { width: 12 }, { width: 12 }],
    blocks: [
      {
        at: 'A1',
        cells: [
          [v(1.5), v('b'), f('=SUM(A1:A4)')],
          [v(2.25), v('a'), f('=ROUND(ROUND(1.005*10^2,6),0)/10^2')],
          [v(3), v('c'), f('=MATCH("c",B1:B4,0)')],
          [v(4), v('d'), f('=1/0')],
          [v('=SUM(1)'), v(null), f('="x"*1')],
          [v(null), v(null), f('=NA()')],
          [v(null), v(null), f('=10^308*10')],
          [v(null), v(null), f('=IF(LEN(B6)=0,"",1)')],
          [v(null), v(null), f('=INT(ROUND(2.3-0.3,6))')],
          [v(null), v(null), f('=SUMPRODUCT((A1:A4>2)*A1:A4)')],
          [v(null), v(null), f('=Other!A1*2')],
          [v(null), v(null), f('=SUM(Rates)')],
          [v(null), v(null), f('=A1-A1')],
          [v(null), v(null), f('=A1>100')],
        ],
      },
    ],
  };
  const other: SheetDesc = {
    ...empty,
    key: 'other',
    name: 'Other',
    hidden: true,
    columns: [{ width: 10 }],
    blocks: [{ at: 'A1', cells: [[v(21)], [v(0.5)], [v(0.25)]] }],
  };
  return {
    desc: { sheets: [sheet, other], names: [{ name: 'Rates', ref: 'Other!$A$2:$A$3' }] },
    expected: {
      C1: 10.75,
      C2: 1.01,
      C3: 3,
      C4: { error: '#DIV/0!' },
      C5: { error: '#VALUE!' },
      C6: { error: '#N/A' },
      C7: { error: '#NUM!' },
      C8: '',
      C9: 2,
      C10: 9.25,
      C11: 42,
      C12: 0.75,
      C13: 0,
      C14: false,
      A5: '=SUM(1)',
    },
  };
}
