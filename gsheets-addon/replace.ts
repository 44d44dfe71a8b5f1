/**
 * Replacing sheets of the spreadsheet with new ones (an update of a generated sheet set), in the
 * Sheets add-on. The new sheets are written under passing names beside the old ones (as copies of
 * them where they can be, see morph.ts), which stay untouched; only the last step swaps them,
 * under the document lock:
 *
 *   1. `verify` reads the old sheets again (the caller compares what was typed with what the new
 *      sheets were made from: a difference is RenderError 'edited');
 *   2. workbook names pointing into the old sheets: the description's are pointed at the new
 *      sheets (those it lacks are added there), the others removed;
 *   3. each old sheet takes a holding name, each new sheet its final name (Sheets rewrites the
 *      formulas that name a renamed sheet), each new workbook name under a passing name (after a
 *      name clash, see passingNames) its final name;
 *   4. the old sheets are deleted.
 *
 * A failure anywhere up to and including the first deletion undoes the swap (and the caller the
 * render): the spreadsheet is as it was. When a later deletion fails the new sheets are in place
 * and the old sheets left are named in the failure (`SwapLeftovers`).
 */
import { freeName, freeSheetName } from '../core/templates/index.js';
import { RenderError } from '../core/templates/render.js';
import { mapNameRefs, mapSheetRefs } from '../core/templates/formula-refs.js';
import type { Block, CellSpec, ConditionalFormat, SheetDesc, Validation, WorkbookDesc } from '../core/templates/types.js';
import { parseRange, rangeAddress } from '../core/templates/a1.js';
import type { LiveNames, RenderState, StepCache } from './render.js';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** What a replacing job carries between calls (plain JSON): the names it chose at its start. */
export interface ReplaceNames {
  /** Existing sheets the new ones replace, by final name: the new sheet's passing name. */
  readonly sheets: Readonly<Record<string, string>>;
  /** The name each old sheet holds during the swap, by final name. */
  readonly hold: Readonly<Record<string, string>>;
  /** Existing workbook names the new ones take over, by final name: the new name's passing name. */
  readonly names: Readonly<Record<string, string>>;
}

/**
 * Passing names for the sheets of `desc` that replace `replace` (sheets of the spreadsheet now),
 * and for its workbook names that exist now; holding names for the old sheets. All are free in
 * `live` and among themselves.
 */
export function passingNames(desc: WorkbookDesc, replace: readonly string[], live: LiveNames): ReplaceNames {
  const takenSheets = new Set([...live.sheets, ...desc.sheets.map((s) => s.name)].map((n) => n.toLowerCase()));
  const takenNames = new Set([...live.names, ...desc.names.map((n) => n.name)].map((n) => n.toLowerCase()));
  const existing = new Set(live.sheets.map((n) => n.toLowerCase()));
  const replacing = new Set(replace.map((n) => n.toLowerCase()));
  const sheets: Record<string, string> = {};
  const hold: Record<string, string> = {};
  for (const s of desc.sheets) {
    const k = s.name.toLowerCase();
    if (!replacing.has(k) || !existing.has(k)) continue;
    const passing = freeSheetName(`~${s.name}`, takenSheets);
    takenSheets.add(passing.toLowerCase());
    const held = freeSheetName(`~~${s.name}`, takenSheets);
    takenSheets.add(held.toLowerCase());
    sheets[s.name] = passing;
    hold[s.name] = held;
  }
  const liveNames = new Set(live.names.map((n) => n.toLowerCase()));
  const names: Record<string, string> = {};
  for (const n of desc.names) {
    if (!liveNames.has(n.name.toLowerCase())) continue;
    const passing = freeName(`${n.name}_new`, takenNames);
    takenNames.add(passing.toLowerCase());
    names[n.name] = passing;
  }
  return { sheets, hold, names };
}

const lowerMap = (m: Readonly<Record<string, string>>) => new Map(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * A formula with its sheet references renamed (`'Old'!A1` or `Old!A1` → `'New'!A1`), text in
 * double quotes left alone. Sheet names are matched case-insensitively.
 */
export function renameSheetRefs(formula: string, sheets: ReadonlyMap<string, string>): string {
  if (sheets.size === 0) return formula;
  return mapSheetRefs(formula, (sheet) => sheets.get(sheet.toLowerCase()));
}

/** A formula with workbook names renamed where they stand as names (not text, not sheet or function names). */
export function renameNameRefs(formula: string, names: ReadonlyMap<string, string>): string {
  return mapNameRefs(formula, names);
}

/**
 * The description as the render writes it beside the old sheets: replacing sheets under their
 * passing names, every formula naming them renamed too; workbook names that exist now under
 * their passing names, with the rules that use them (a list's source, a rule's formula). Cell
 * formulas keep the final workbook names: those resolve by name, to the new ranges after the swap.
 */
export function passingDesc(desc: WorkbookDesc, names: ReplaceNames, deferred: readonly SwapName[] = []): WorkbookDesc {
  const sheets = lowerMap(names.sheets);
  const wbNames = lowerMap(names.names);
  if (sheets.size === 0 && wbNames.size === 0) return desc;
  const f = (x: string) => renameSheetRefs(x, sheets);
  const rule = (x: string) => renameNameRefs(renameSheetRefs(x, sheets), wbNames);
  const cell = (c: CellSpec): CellSpec => ('f' in c ? { f: f(c.f) } : c);
  const block = (b: Block): Block => ({ at: b.at, cells: b.cells.map((row) => row.map(cell)) });
  // A list whose source is a name set at the swap reads the new sheet's range itself.
  const later = new Map(deferred.map((d) => [d.name.toLowerCase(), d]));
  const listSource = (source: string): string => {
    const d = later.get(source.trim().replace(/^=/, '').toLowerCase());
    return d ? `=${f(d.ref)}` : rule(source);
  };
  const validation = (v: Validation): Validation => {
    if (v.type === 'custom') return { ...v, formula: rule(v.formula) };
    if (v.type === 'list' && typeof v.source === 'string') return { ...v, source: listSource(v.source) };
    return v;
  };
  const cf = (c: ConditionalFormat): ConditionalFormat => ({ ...c, formula: rule(c.formula) });
  const sheet = (s: SheetDesc): SheetDesc => ({
    ...s,
    name: sheets.get(s.name.toLowerCase()) ?? s.name,
    blocks: s.blocks.map(block),
    validations: s.validations.map(validation),
    conditionalFormats: s.conditionalFormats.map(cf),
  });
  return {
    ...desc,
    sheets: desc.sheets.map(sheet),
    names: desc.names.filter((n) => !later.has(n.name.toLowerCase())).map((n) => ({ name: wbNames.get(n.name.toLowerCase()) ?? n.name, ref: f(n.ref) })),
  };
}

/** A workbook name the swap points at a new sheet (or adds there): its final name and reference. */
export interface SwapName {
  readonly name: string;
  readonly ref: string;
}

/**
 * The description's workbook names on the sheets it replaces that were not given passing names:
 * those the swap points at the new sheets itself (an existing name keeps its identity and only its
 * range changes), without the render writing them.
 */
export function namesAtSwap(desc: WorkbookDesc, replace: readonly string[], names: ReplaceNames): SwapName[] {
  const replaced = new Set(replace.map((n) => n.toLowerCase()));
  const passing = new Set(Object.keys(names.names).map((n) => n.toLowerCase()));
  return desc.names.filter((n) => replaced.has(homeOf(n.ref).toLowerCase()) && !passing.has(n.name.toLowerCase())).map((n) => ({ name: n.name, ref: n.ref }));
}

/** The sheet an absolute reference points into. */
function homeOf(ref: string): string {
  const sheet = ref.slice(0, ref.lastIndexOf('!'));
  return sheet.startsWith("'") && sheet.endsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
}

/** What the swap reads and undoes. */
export interface SwapInput {
  /** The description under final names. */
  readonly desc: WorkbookDesc;
  /** Sheets of the spreadsheet the new ones replace (final names). */
  readonly replace: readonly string[];
  readonly names: ReplaceNames;
  /** Names pointed at the new sheets by the swap itself (see namesAtSwap). */
  readonly later?: readonly SwapName[];
  /**
   * Reads the old sheets again and throws RenderError('edited') when what was typed changed since
   * the new sheets were made. Sheets it looks up go into `sheets` (by final name).
   */
  readonly verify: (ss: Spreadsheet, sheets: Map<string, Sheet>) => void;
}

/**
 * The last step of a replacing render (see the top of this file). On a failure up to the first
 * deletion the swap is undone and the error thrown (the caller then removes the new sheets);
 * after it, `SwapLeftovers` naming the old sheets left, and `state` holds nothing to remove.
 */
export function swapSheets(ss: Spreadsheet, input: SwapInput, state: RenderState, known?: StepCache): void {
  const handles = new Map<string, Sheet>();
  for (const name of input.replace) {
    const sheet = known?.get(name);
    if (sheet) handles.set(name, sheet);
  }
  input.verify(ss, handles);
  const sheetOf = (name: string): Sheet => {
    let s = handles.get(name);
    if (!s) {
      const found = ss.getSheetByName(name);
      if (!found) throw new RenderError('sheetGone', name);
      s = found;
      handles.set(name, s);
    }
    return s;
  };
  const undo: (() => void)[] = [];
  const held: { name: string; sheet: Sheet }[] = [];
  try {
    const replaced = input.replace.map((name) => ({ name, sheet: sheetOf(name) }));
    const fresh = new Map<string, Sheet>();
    for (const [final, passing] of Object.entries(input.names.sheets)) {
      const sheet = known?.get(passing) ?? ss.getSheetByName(passing);
      if (!sheet) throw new RenderError('sheetGone', passing);
      fresh.set(final.toLowerCase(), sheet);
    }
    const later = new Map((input.later ?? []).map((n) => [n.name.toLowerCase(), n]));
    const rangeOnNew = (n: SwapName) => {
      const home = homeOf(n.ref);
      const sheet = fresh.get(home.toLowerCase());
      if (!sheet) throw new RenderError('sheetGone', home);
      const a1 = rangeAddress(parseRange(n.ref.slice(n.ref.lastIndexOf('!') + 1).replace(/\$/g, '')));
      const passing = Object.entries(input.names.sheets).find(([final]) => final.toLowerCase() === home.toLowerCase())?.[1];
      // The render got the range with the new sheet's others.
      return (passing !== undefined ? known?.handles?.get(passing)?.get(a1) : undefined) ?? sheet.getRange(a1);
    };
    // Names pointing into the old sheets: the description's point at the new sheets (their
    // ranges can be put back); the others go (they could be put back on the same ranges).
    for (const { sheet } of replaced) {
      for (const nr of sheet.getNamedRanges()) {
        const name = nr.getName();
        const range = nr.getRange();
        const n = later.get(name.toLowerCase());
        if (n) {
          nr.setRange(rangeOnNew(n));
          later.delete(name.toLowerCase());
          undo.push(() => nr.setRange(range));
          continue;
        }
        nr.remove();
        undo.push(() => ss.setNamedRange(name, range));
      }
    }
    for (const n of later.values()) {
      ss.setNamedRange(n.name, rangeOnNew(n));
      undo.push(() => ss.removeNamedRange(n.name));
    }
    // Old sheets step aside; new sheets take the final names.
    for (const { name, sheet } of replaced) {
      const hold = input.names.hold[name];
      if (hold === undefined) throw new RenderError('badDescription', `no holding name for ${name}`);
      sheet.setName(hold);
      undo.push(() => sheet.setName(name));
      held.push({ name: hold, sheet });
    }
    for (const [final, passing] of Object.entries(input.names.sheets)) {
      const sheet = fresh.get(final.toLowerCase())!;
      sheet.setName(final);
      undo.push(() => sheet.setName(passing));
    }
    // New workbook names take their final names, found on the sheets they point into.
    const toFinal = new Map(Object.entries(input.names.names).map(([final, passing]) => [passing.toLowerCase(), final]));
    if (toFinal.size > 0) {
      const homes = new Set<string>();
      for (const n of input.desc.names) {
        if (!(n.name in input.names.names)) continue;
        const bang = n.ref.lastIndexOf('!');
        let sheet = n.ref.slice(0, bang);
        if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
        homes.add(sheet);
      }
      for (const home of homes) {
        const sheet = fresh.get(home.toLowerCase()) ?? ss.getSheetByName(home);
        if (!sheet) throw new RenderError('sheetGone', home);
        for (const nr of sheet.getNamedRanges()) {
          const passing = nr.getName();
          const final = toFinal.get(passing.toLowerCase());
          if (final === undefined) continue;
          nr.setName(final);
          undo.push(() => nr.setName(passing));
        }
      }
    }
    // The first old sheet goes inside the undoable part: until it is gone, all can be put back.
    if (held.length > 0) ss.deleteSheet(held[0]!.sheet);
  } catch (e) {
    let failed = false;
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        failed = true;
      }
    }
    if (failed) throw new RenderError('hostError', e instanceof Error ? e.message : String(e), true);
    throw e;
  }
  // Past this point the new sheets are in place: the other old ones go.
  state.created = [];
  state.names = [];
  const left: string[] = [];
  let failure: unknown;
  for (const { name, sheet } of held.slice(1)) {
    if (failure !== undefined) {
      left.push(name);
      continue;
    }
    try {
      ss.deleteSheet(sheet);
    } catch (e) {
      failure = e;
      left.push(name);
    }
  }
  if (failure !== undefined) throw new SwapLeftovers(failure instanceof Error ? failure.message : String(failure), left);
}

/** The new sheets are in place, but old sheets could not be deleted: they are left under holding names. */
export class SwapLeftovers extends Error {
  constructor(
    readonly detail: string,
    readonly sheets: readonly string[],
  ) {
    super(detail);
    this.name = 'SwapLeftovers';
  }
}
