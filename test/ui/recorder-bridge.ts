/**
 * A Bridge for the pane in the browser that records every call and holds a small workbook: its
 * sheets, the active one, the generated sets (with their rosters) and the tables of its sheets. It
 * refuses what the hosts refuse: an update of a set whose sheet is gone (RenderError sheetGone), a
 * roster with a blank or repeated name (the localized option message), an export on a sheet that
 * is gone or read by columns that cannot be (the localized message), a render failure the test
 * asks for. Tables are read by the hosts' own proposal code (ui/proposal.ts).
 */
import { RenderError, type RenderErrorCode, type RenderOutcome, type RenderProgress } from '../../core/templates/render.js';
import type { Locale } from '../../core/types.js';
import { APP_TEXT } from '../../ui/app-text.js';
import type { Bridge, ExportRequest, HostKind, InsertRequest, PlanChoice, UpdateChoice, UpdateOutcome, UpdateRequest } from '../../ui/bridge.js';
import { OptionError } from '../../ui/messages.js';
import { proposeTable } from '../../ui/proposal.js';
import { nameKey, rosterChange, rosterProblem } from '../../ui/roster.js';

/** What the recorded workbook holds and how it answers. */
export interface RecorderConfig {
  readonly host: HostKind;
  readonly lang: Locale;
  /** Sheets in tab order (default ["Sheet1"]). */
  readonly sheets?: readonly string[];
  readonly active?: string;
  readonly plans?: readonly PlanChoice[];
  /** Generated sets: found from any of their sheets. */
  readonly sets?: readonly UpdateChoice[];
  /** Values of sheets (row arrays from A1), read by readTable; with `display`, the cells as shown (dates as text). */
  readonly tables?: Readonly<Record<string, readonly (readonly unknown[])[] | { readonly values: readonly (readonly unknown[])[]; readonly display: readonly (readonly unknown[])[] }>>;
  /** Steps of an update or insert, and ms between them. */
  readonly steps?: number;
  readonly delay?: number;
  /** Hold the second step until kpiTest.release(). */
  readonly hold?: boolean;
  /** An update or insert fails at its second step with this code. */
  readonly fail?: RenderErrorCode;
  /** Cells an update writes back as formulas. */
  readonly restored?: readonly string[];
  readonly kpisAdded?: number;
  /** False: the host lists no sheets (Bridge.sheets absent). */
  readonly listsSheets?: boolean;
}

export interface RecorderState {
  sheets: string[];
  active: string;
  sets: UpdateChoice[];
  calls: { name: string; args: unknown[] }[];
}

const COLUMN = /^[A-Z]{1,2}$/;

export function recorderBridge(c: RecorderConfig, gate: Promise<unknown>): { bridge: Bridge; state: RecorderState } {
  const t = APP_TEXT[c.lang];
  const state: RecorderState = {
    sheets: [...(c.sheets ?? ['Sheet1'])],
    active: c.active ?? c.sheets?.[0] ?? 'Sheet1',
    sets: (c.sets ?? []).map((s) => JSON.parse(JSON.stringify(s)) as UpdateChoice),
    calls: [],
  };
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const delay = c.delay ?? 40;
  const record = (name: string, ...args: unknown[]) => state.calls.push({ name, args: JSON.parse(JSON.stringify(args ?? null)) as unknown[] });

  /** Steps with progress; fails or holds at the second where asked. */
  async function steps(onProgress: (p: RenderProgress) => void): Promise<void> {
    const total = c.steps ?? 3;
    for (let n = 0; n <= total; n++) {
      await wait(delay);
      if (n === 2 && c.fail) throw new RenderError(c.fail, c.fail === 'hostError' ? 'InvalidArgument' : '');
      if (n === 2 && c.hold) await gate;
      onProgress({ done: n, total });
    }
  }

  function freeName(base: string): string {
    let name = base;
    for (let i = 2; state.sheets.includes(name); i++) name = `${base} (${i})`;
    return name;
  }

  /** What an export host checks of the request before it writes anything. */
  function checkExport(a: ExportRequest): void {
    if (!state.sheets.includes(a.sheet)) throw new RenderError('sheetGone', a.sheet);
    const m = a.mapping;
    const cols = Object.values(m.columns ?? {});
    const wide = Object.entries(m.kpiColumns ?? {});
    const letters = [...cols, ...wide.map(([, l]) => l)];
    const ok =
      Number.isSafeInteger(m.headerRow) &&
      m.firstRow > m.headerRow &&
      m.lastRow >= m.firstRow &&
      letters.every((l) => typeof l === 'string' && COLUMN.test(l)) &&
      new Set(letters).size === letters.length &&
      m.columns.employee !== undefined &&
      (wide.length > 0 ? m.columns.kpi === undefined && m.columns.actual === undefined : m.columns.kpi !== undefined && m.columns.actual !== undefined) &&
      wide.every(([k]) => k.trim() !== '');
    if (!ok) throw new OptionError(t.exportInvalid);
  }

  const bridge: Bridge = {
    async info() {
      record('info');
      return { host: c.host, locale: c.lang, templates: true };
    },
    async plans() {
      record('plans');
      await wait(delay);
      return [...(c.plans ?? [])];
    },
    async readTable(sheet) {
      record('readTable', sheet ?? null);
      await wait(delay);
      const name = sheet ?? state.active;
      if (!state.sheets.includes(name)) throw new OptionError(t.confirmNoSheet.replace('{sheet}', name));
      const table = c.tables?.[name] ?? [];
      return Array.isArray(table) ? proposeTable(name, table, c.lang) : proposeTable(name, (table as unknown as { values: unknown[][] }).values, c.lang, (table as unknown as { display: unknown[][] }).display);
    },
    ...(c.listsSheets === false
      ? {}
      : {
          async sheets() {
            record('sheets');
            await wait(delay);
            return [...state.sheets];
          },
        }),
    async insertTemplate(request: InsertRequest, onProgress) {
      record('insertTemplate', request);
      await wait(delay);
      if (request.actuals) checkExport(request.actuals);
      await steps(onProgress);
      const name = freeName(request.lang === 'zh-CN' ? '绩效考核表' : 'KPI Review');
      state.sheets.push(name);
      const outcome: RenderOutcome = { sheets: [{ key: request.kind, name, rows: request.rows ?? 10, hidden: false }], names: [], activeSheet: name, activeCell: 'C5' };
      return outcome;
    },
    async updateChoice() {
      record('updateChoice');
      await wait(delay);
      const set = state.sets.find((s) => s.sheets.includes(state.active));
      return set ? (JSON.parse(JSON.stringify(set)) as UpdateChoice) : null;
    },
    async update(request: UpdateRequest, onProgress): Promise<UpdateOutcome> {
      record('update', request);
      await wait(delay);
      const set = state.sets.find((s) => s.sheet === request.sheet);
      if (!set || set.sheets.some((s) => !state.sheets.includes(s))) throw new RenderError('sheetGone', request.sheet);
      const problem = rosterProblem(request.roster, c.lang);
      if (problem !== null) throw new OptionError(problem);
      await steps(onProgress);
      const change = rosterChange(set.roster, request.roster);
      const archived = set.roster.filter((e) => !request.roster.some((r) => nameKey(r.name) === nameKey(e.name))).map((e) => e.name);
      const archiveSheet = archived.length > 0 ? (set.sheets.find((s) => /archive|归档/i.test(s)) ?? freeName(c.lang === 'zh-CN' ? '考核归档' : 'Review archive')) : undefined;
      if (archiveSheet && !state.sheets.includes(archiveSheet)) state.sheets.push(archiveSheet);
      const next: UpdateChoice = {
        ...set,
        roster: request.roster.map((e) => ({ ...e })),
        sheets: archiveSheet && !set.sheets.includes(archiveSheet) ? [...set.sheets, archiveSheet] : set.sheets,
      };
      state.sets = state.sets.map((s) => (s === set ? next : s));
      return {
        report: {
          kept: change.kept,
          added: change.added,
          archived,
          kpisAdded: c.kpisAdded ?? 0,
          restored: [...(c.restored ?? [])],
          ...(archiveSheet ? { archiveSheet } : {}),
        },
        outcome: { sheets: set.sheets.map((s) => ({ key: s, name: s, rows: request.roster.length, hidden: false })), names: [], activeSheet: set.sheet, activeCell: 'C5' },
      };
    },
    async insertFormula(formula) {
      record('insertFormula', formula);
      return { status: 'inserted', address: 'B7' };
    },
  };
  return { bridge, state };
}
