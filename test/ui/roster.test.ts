/**
 * The roster of an update as typed or pasted (pure functions of ui/roster.ts), and the export's
 * roles as proposed and confirmed (ui/export-roles.ts), and a role moved between columns of a
 * user's own table (ui/mapping-table.tsx).
 */
import { describe, expect, it } from 'vitest';
import { APP_TEXT } from '../../ui/app-text.js';
import type { TableProposal } from '../../ui/bridge.js';
import { assignExportRole, exportIssues, exportRequestOf, proposedExportRoles } from '../../ui/export-roles.js';
import { assignRole, columnOf } from '../../ui/mapping-table.js';
import { parseRoster, rosterChange, rosterIssues, rosterOf, rosterProblem, rosterText } from '../../ui/roster.js';
import { fill } from '../../ui/text.js';

describe('roster text', () => {
  it('reads rows pasted from a sheet (tabs, CRLF, extra cells, a trailing newline) and typed lines (ASCII or full-width comma)', () => {
    const text = 'Alice Chen\tSales\tQ4\r\nBob Martin\t\r\n\r\n  李明 ，销售部 \n王芳\n Smith, John , Finance\n\u3000\n';
    expect(parseRoster(text)).toEqual([
      { line: 1, name: 'Alice Chen', department: 'Sales' },
      { line: 2, name: 'Bob Martin', department: null },
      { line: 4, name: '李明', department: '销售部' },
      { line: 5, name: '王芳', department: null },
      { line: 6, name: 'Smith', department: 'John , Finance' },
    ]);
  });

  it('flags a name listed again (spaces and case aside) and a line with no name, by line', () => {
    const lines = parseRoster('Alice Chen\tSales\n\talone\nALICE  CHEN\nBob');
    expect(rosterIssues(lines)).toEqual([
      { kind: 'blank', line: 2 },
      { kind: 'duplicate', line: 3, first: 1, name: 'ALICE CHEN' },
    ]);
  });

  it('round-trips the roster through the editor text', () => {
    const roster = [
      { name: 'Alice Chen', department: 'Sales' },
      { name: 'Bob', department: null },
    ];
    expect(rosterOf(parseRoster(rosterText(roster)))).toEqual(roster);
  });

  it('sums up what changes: kept, new department, added, archived', () => {
    const before = [
      { name: 'Alice', department: 'Sales' },
      { name: 'Bob', department: 'Sales' },
      { name: 'Carla', department: 'Support' },
    ];
    const after = [
      { name: 'alice', department: 'Sales' },
      { name: 'Bob', department: 'Marketing' },
      { name: 'Dan', department: null },
    ];
    expect(rosterChange(before, after)).toEqual({ kept: 2, moved: ['Bob'], added: ['Dan'], archived: ['Carla'] });
  });

  it('the host check refuses what the view would not send, in the host language', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = APP_TEXT[lang];
      expect(rosterProblem([{ name: 'A', department: null }], lang)).toBeNull();
      expect(rosterProblem([], lang)).toBe(t.rosterEmpty);
      expect(rosterProblem('x', lang)).toBe(t.rosterEmpty);
      expect(rosterProblem([{ name: 'A', department: null }, { name: ' a ', department: 'x' }], lang)).toBe(fill(t.rosterDuplicate, { line: '2', first: '1', name: 'a' }));
      expect(rosterProblem([{ name: '\u3000', department: null }], lang)).toBe(fill(t.rosterBlank, { line: '1' }));
      expect(rosterProblem([{ name: 'A', department: 5 }], lang)).toBe(fill(t.rosterBlank, { line: '1' }));
    }
  });
});

describe('export roles', () => {
  const t = APP_TEXT.en;
  const proposal = (columns: TableProposal['columns']): TableProposal => ({ sheet: 'Export', headerRow: 1, headerRows: 1, firstRow: 2, lastRow: 9, columns, problems: [] });

  it('takes the reader’s long reading as it is', () => {
    const p = proposal([
      { letter: 'A', header: 'Name', samples: ['Lee'], role: 'employee' },
      { letter: 'B', header: 'Dept', samples: ['Sales'], role: 'department' },
      { letter: 'C', header: 'KPI', samples: ['Revenue'], role: 'kpi' },
      { letter: 'D', header: 'Value', samples: ['12'], role: 'actual' },
    ]);
    const roles = proposedExportRoles(p);
    expect(roles).toEqual({ A: 'employee', B: '', C: 'kpi', D: 'actual' });
    expect(exportIssues(p, roles, t)).toEqual([]);
    expect(exportRequestOf(p, roles)).toEqual({ sheet: 'Export', mapping: { headerRow: 1, firstRow: 2, lastRow: 9, columns: { employee: 'A', kpi: 'C', actual: 'D' } } });
  });

  it('reads columns of numbers as one KPI each where the reader found no KPI column, named by the KPI the reader matched', () => {
    const p = proposal([
      { letter: 'A', header: 'Name', samples: ['Lee'], role: 'employee' },
      { letter: 'B', header: 'Revenue (¥)', samples: ['1,200'], kpi: 'Revenue' },
      { letter: 'C', header: 'Churn', samples: ['3%'] },
      { letter: 'D', header: 'Remarks', samples: ['late'] },
    ]);
    const roles = proposedExportRoles(p);
    expect(roles).toEqual({ A: 'employee', B: 'wide', C: '', D: '' });
    const more = assignExportRole(roles, 'C', 'wide');
    expect(exportRequestOf(p, more).mapping).toEqual({ headerRow: 1, firstRow: 2, lastRow: 9, columns: { employee: 'A' }, kpiColumns: { Revenue: 'B', Churn: 'C' } });
    // Without the reader's match, numbers under a header are proposed as KPI columns.
    const plain = proposal(p.columns.map((c) => ({ letter: c.letter, header: c.header, samples: c.samples, ...(c.role ? { role: c.role } : {}) })));
    expect(proposedExportRoles(plain)).toEqual({ A: 'employee', B: 'wide', C: 'wide', D: '' });
  });

  it('names what is missing, a mix of both readings, KPI columns without a header or with the same one', () => {
    const p = proposal([
      { letter: 'A', header: 'Name', samples: ['Lee'] },
      { letter: 'B', header: '', samples: ['1'] },
      { letter: 'C', header: 'Sales', samples: ['1'] },
      { letter: 'D', header: 'Sales', samples: ['2'] },
    ]);
    expect(exportIssues(p, { A: '', B: '', C: '', D: '' }, t)).toEqual([fill(t.confirmMissing, { roles: ['Employee', 'KPI', 'Value'].join(t.listSep) })]);
    expect(exportIssues(p, { A: 'employee', B: 'kpi', C: 'wide', D: '' }, t)).toEqual([t.exportBoth]);
    expect(exportIssues(p, { A: 'employee', B: 'wide', C: 'wide', D: 'wide' }, t)).toEqual([fill(t.exportNoHeader, { column: 'B' }), fill(t.exportSameHeader, { columns: 'C, D' })]);
    // A role moves: the column that held it is left unused; KPI columns stay many.
    expect(assignExportRole({ A: 'employee', B: 'wide', C: 'wide' }, 'C', 'employee')).toEqual({ A: '', B: 'wide', C: 'employee' });
  });
});

describe('roles of a user’s own table', () => {
  it('a role held once: given to another column, it leaves the one that held it; "not used" leaves the others as they are', () => {
    const roles = { A: 'kpi', B: 'target', C: 'weight', D: '' } as const;
    expect(assignRole(roles, 'D', 'target')).toEqual({ A: 'kpi', B: '', C: 'weight', D: 'target' });
    expect(assignRole(roles, 'A', '')).toEqual({ A: '', B: 'target', C: 'weight', D: '' });
    expect(assignRole({ A: '', B: '' }, 'B', '')).toEqual({ A: '', B: '' });
    expect(roles).toEqual({ A: 'kpi', B: 'target', C: 'weight', D: '' });
  });

  it('reads the column of a cell address', () => {
    expect(['B3', 'AB12', 'XFD1048576'].map(columnOf)).toEqual(['B', 'AB', 'XFD']);
  });
});
