import { describe, expect, it } from 'vitest';
import { fromR1C1, toR1C1 } from '../../core/templates/r1c1.js';
import { generateDemoWorkbook, generateTemplate, TEMPLATE_KINDS } from '../../core/templates/index.js';
import { parseCell } from '../../core/templates/a1.js';

describe('A1 and R1C1', () => {
  it('turns references relative to the cell', () => {
    expect(toR1C1('=B7+$C$2+D$1+$E9', 7, 2)).toBe('=RC+R2C3+R1C[2]+R[2]C5');
    expect(toR1C1("=SUM('KPI Plan'!$J$5:$J$10)*A1", 3, 3)).toBe("=SUM('KPI Plan'!R5C10:R10C10)*R[-2]C[-2]");
    expect(fromR1C1('=RC+R2C3+R1C[2]+R[2]C5', 7, 2)).toBe('=B7+$C$2+D$1+$E9');
  });
  it('leaves strings, sheet names, functions and names alone', () => {
    const f = `=IF(LOG10(A2)>1,"B7 'x' ""C3""",'B2 sheet'!A1&KPI_Directions&Sheet1!B2)`;
    expect(toR1C1(f, 2, 1)).toBe(`=IF(LOG10(RC)>1,"B7 'x' ""C3""",'B2 sheet'!R[-1]C&KPI_Directions&Sheet1!R[0]C[1])`.replace('R[0]C[1]', 'RC[1]'));
    expect(fromR1C1(toR1C1(f, 2, 1), 2, 1)).toBe(f);
    expect(toR1C1('=ROUND(ROUND(x*10^2,6),0)/10^2', 4, 4)).toBe('=ROUND(ROUND(x*10^2,6),0)/10^2');
  });
  it('refuses a reference that would leave the sheet', () => {
    expect(() => fromR1C1('=R[-5]C', 3, 1)).toThrow(RangeError);
  });
  it('round-trips every formula the templates write, and the same formula down a column has one R1C1 text', () => {
    const descs = [generateDemoWorkbook('en'), generateDemoWorkbook('zh-CN'), ...TEMPLATE_KINDS.map((kind) => generateTemplate({ kind, lang: 'zh-CN', period: 'Q', sample: true }))];
    let n = 0;
    for (const d of descs) {
      for (const s of d.sheets) {
        for (const b of s.blocks) {
          const at = parseCell(b.at);
          b.cells.forEach((row, i) =>
            row.forEach((c, j) => {
              if (!('f' in c)) return;
              const r1c1 = toR1C1(c.f, at.row + i, at.col + j);
              expect(fromR1C1(r1c1, at.row + i, at.col + j)).toBe(c.f);
              n++;
            }),
          );
        }
        for (const cf of s.conditionalFormats) {
          const at = parseCell(cf.range.split(':')[0]!);
          expect(fromR1C1(toR1C1(cf.formula, at.row, at.col), at.row, at.col)).toBe(cf.formula);
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});
