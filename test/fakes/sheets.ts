/**
 * An in-memory Google Sheets for tests: the subset of SpreadsheetApp the add-on calls, with Apps
 * Script's semantics, and what Sheets refuses refused with Sheets' words. Written strings are read
 * as if typed ("=x" a formula, "85" a number, "'x" the text x). Every method call on a
 * spreadsheet, sheet, range, range list, protection or builder object counts as one service call
 * (so do SpreadsheetApp's own), and `failAt(n)` makes the n-th call throw before it does anything.
 *
 * `snapshot()` gives the WorkbookSnapshot of test/renderers/snapshot.ts.
 */
import { addr, colNumber, parseRange, rangeAddress, type RangeRef } from '../../core/templates/a1.js';
import { fromR1C1 } from '../../core/templates/r1c1.js';
import { validationKey, type ChartSnapshot, type SheetSnapshot, type SnapCell, type WorkbookSnapshot } from '../renderers/snapshot.js';

export const MAX_CELLS = 10_000_000;
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

/** Counts calls and injects one failure. */
export class CallBook {
  calls = 0;
  /** Milliseconds spent inside service calls (what Sheets would do), not the caller's own time. */
  hostMs = 0;
  /** Depth of service calls under way (calls the fake makes internally are not timed twice). */
  depth = 0;
  /** Calls on builder objects (rules, charts): local objects in Apps Script, counted apart as well. */
  builderCalls = 0;
  failAtCall = 0;
  readonly log: string[] = [];
  logging = false;
  /** Run before each counted call does anything: another user's work between two calls. */
  readonly hooks: ((call: number, what: string) => void)[] = [];
  private inHook = false;

  tick(what: string, builder: boolean): void {
    this.calls++;
    if (builder) this.builderCalls++;
    if (this.logging) this.log.push(what);
    if (this.hooks.length > 0 && !this.inHook) {
      // Calls the hook itself makes (another user's server call) do not run the hooks again.
      const n = this.calls;
      this.inHook = true;
      try {
        for (const h of this.hooks) h(n, what);
      } finally {
        this.inHook = false;
      }
    }
    if (this.failAtCall === this.calls) throw new Error(`Service Spreadsheets failed while accessing document (injected at call ${this.calls}: ${what})`);
  }
}

/** Wraps an object so that each call of a public method (not starting with "_") is counted. */
function counted<T extends object>(obj: T, book: CallBook, kind: string, builder = false): T {
  const proxy: T = new Proxy(obj, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string' || prop.startsWith('_') || prop === 'constructor') return v;
      return (...args: unknown[]) => {
        book.tick(`${kind}.${prop}`, builder);
        const started = book.depth === 0 ? performance.now() : 0;
        book.depth++;
        let out: unknown;
        try {
          out = (v as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          book.depth--;
          if (book.depth === 0) book.hostMs += performance.now() - started;
        }
        // Chained calls go on through the counted view.
        return out === target ? proxy : out;
      };
    },
  });
  return proxy;
}

type Value = number | string | boolean;

interface Cell {
  v?: Value;
  f?: string;
  fmt?: string;
  bg?: string;
  font?: string;
  size?: number;
  weight?: string;
  style?: string;
  align?: string;
  wrap?: boolean;
  border?: string;
  dv?: FakeDataValidation;
}

/** Cell keys: row * 2^15 + column. */
const K = 32768;
const key = (row: number, col: number) => row * K + col;

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i;

/** A written value as Sheets reads it when typed. */
function typed(v: unknown): { v?: Value; f?: string } {
  if (v === null || v === undefined || v === '') return {};
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Invalid number ${v}`);
    return { v };
  }
  if (typeof v === 'boolean') return { v };
  if (typeof v !== 'string') return { v: String(v) };
  if (v.startsWith("'")) return v.length > 1 ? { v: v.slice(1) } : {};
  if (v.startsWith('=') && v.length > 1) return { f: v };
  const t = v.trim();
  if (NUMBER_TEXT.test(t)) return { v: t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t) };
  if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true' };
  return { v };
}

export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** "'Sheet'!$A$1:$B$2" → sheet and rectangle. */
function splitA1(a1: string): { sheet?: string; rect: RangeRef } {
  const bang = a1.lastIndexOf('!');
  if (bang < 0) return { rect: parseRange(a1.replace(/\$/g, '')) };
  let sheet = a1.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, rect: parseRange(a1.slice(bang + 1).replace(/\$/g, '')) };
}

function absRef(r: RangeRef): string {
  const a = `$${addr(r.left, r.top).replace(/(\d+)$/, '$$$1')}`;
  const b = `$${addr(r.right, r.bottom).replace(/(\d+)$/, '$$$1')}`;
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${b}`;
}

// ---------------------------------------------------------------------------------------------

export class FakeDataValidation {
  constructor(
    readonly criteria: string,
    readonly args: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): string {
    return this.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this.args];
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string {
    return this.helpText;
  }
}

class FakeDataValidationBuilder {
  private criteria = '';
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = '';
  private set(c: string, args: unknown[]): this {
    this.criteria = c;
    this.args = args;
    return this;
  }
  requireValueInRange(range: FakeRange, showDropdown = true): this {
    return this.set('VALUE_IN_RANGE', [range, showDropdown]);
  }
  requireValueInList(values: string[], showDropdown = true): this {
    return this.set('VALUE_IN_LIST', [[...values], showDropdown]);
  }
  requireNumberBetween(a: number, b: number): this {
    return this.set('NUMBER_BETWEEN', [a, b]);
  }
  requireNumberGreaterThanOrEqualTo(a: number): this {
    return this.set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [a]);
  }
  requireNumberLessThanOrEqualTo(a: number): this {
    return this.set('NUMBER_LESS_THAN_OR_EQUAL_TO', [a]);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.set('CUSTOM_FORMULA', [formula]);
  }
  setAllowInvalid(b: boolean): this {
    this.allowInvalid = b;
    return this;
  }
  setHelpText(t: string): this {
    this.helpText = t;
    return this;
  }
  build(): FakeDataValidation {
    if (this.criteria === '') throw new Error('You must specify a criteria type for the data validation rule.');
    return new FakeDataValidation(this.criteria, this.args, this.allowInvalid, this.helpText);
  }
}

export class FakeConditionalFormatRule {
  constructor(
    public formula: string,
    readonly background: string | null,
    readonly fontColor: string | null,
    readonly ranges: readonly FakeRange[],
  ) {}
  getRanges(): FakeRange[] {
    return [...this.ranges];
  }
}

class FakeConditionalFormatRuleBuilder {
  private formula = '';
  private background: string | null = null;
  private fontColor: string | null = null;
  private ranges: FakeRange[] = [];
  whenFormulaSatisfied(f: string): this {
    this.formula = f;
    return this;
  }
  setBackground(c: string): this {
    this.background = c;
    return this;
  }
  setFontColor(c: string): this {
    this.fontColor = c;
    return this;
  }
  setRanges(r: FakeRange[]): this {
    this.ranges = [...r];
    return this;
  }
  build(): FakeConditionalFormatRule {
    if (this.formula === '') throw new Error('Conditional format rule cannot have no criteria.');
    if (this.ranges.length === 0) throw new Error('Conditional format rule must have at least one range.');
    return new FakeConditionalFormatRule(this.formula, this.background, this.fontColor, this.ranges);
  }
}

export const CHART_TYPES = { BAR: 'BAR', COLUMN: 'COLUMN', LINE: 'LINE', PIE: 'PIE' } as const;

export class FakeChart {
  constructor(
    readonly type: string,
    readonly ranges: readonly FakeRange[],
    readonly row: number,
    readonly col: number,
    readonly options: Readonly<Record<string, unknown>>,
  ) {}
  getRanges(): FakeRange[] {
    return [...this.ranges];
  }
}

class FakeChartBuilder {
  private type = '';
  private ranges: FakeRange[] = [];
  private row = 1;
  private col = 1;
  private options: Record<string, unknown> = {};
  setChartType(t: string): this {
    this.type = String(t);
    return this;
  }
  addRange(r: FakeRange): this {
    this.ranges.push(r);
    return this;
  }
  setPosition(row: number, col: number, _x: number, _y: number): this {
    this.row = row;
    this.col = col;
    return this;
  }
  setOption(k: string, v: unknown): this {
    this.options[k] = v;
    return this;
  }
  build(): FakeChart {
    if (this.type === '') throw new Error('Chart type is required.');
    return new FakeChart(this.type, this.ranges, this.row, this.col, { ...this.options });
  }
}

export class FakeProtection {
  warningOnly = false;
  unprotected: FakeRange[] = [];
  constructor(readonly sheet: FakeSheet) {}
  setWarningOnly(b: boolean): this {
    this.warningOnly = b;
    return this;
  }
  isWarningOnly(): boolean {
    return this.warningOnly;
  }
  setUnprotectedRanges(ranges: FakeRange[]): this {
    for (const r of ranges) if (r._sheet !== this.sheet) throw new Error('Range is not on the protected sheet.');
    this.unprotected = [...ranges];
    return this;
  }
  getUnprotectedRanges(): FakeRange[] {
    return [...this.unprotected];
  }
  remove(): void {
    this.sheet._protection = undefined;
  }
}

class FakeNamedRange {
  constructor(
    readonly book: FakeSpreadsheet,
    public name: string,
    public range: FakeRange,
  ) {}
  getName(): string {
    return this.name;
  }
  getRange(): FakeRange {
    return this.book._wrap(this.range, 'Range');
  }
  setRange(range: FakeRange): FakeNamedRange {
    this._live();
    if (!(range instanceof FakeRange) && !(range as { _sheet?: unknown })?._sheet) throw new Error('Invalid range.');
    range._sheet._live();
    this.range = new FakeRange(range._sheet, range._rect);
    return this;
  }
  setName(name: string): FakeNamedRange {
    this._live();
    if (name.toLowerCase() !== this.name.toLowerCase()) {
      checkName(name);
      if (this.book._names.has(name.toLowerCase())) throw new Error(`Named range "${name}" already exists.`);
    }
    this.book._names.delete(this.name.toLowerCase());
    this.name = name;
    this.book._names.set(name.toLowerCase(), this);
    return this;
  }
  remove(): void {
    this._live();
    this.book._names.delete(this.name.toLowerCase());
  }
  _live(): void {
    if (this.book._names.get(this.name.toLowerCase()) !== this) throw new Error(`Named range "${this.name}" not found.`);
  }
}

/** Sheets' limit on the developer metadata of one spreadsheet (keys and values, in characters). */
export const METADATA_CHARS = 30_000;

/** Developer metadata on the spreadsheet itself (the only location the add-on uses). */
export class FakeDeveloperMetadata {
  constructor(
    readonly book: FakeSpreadsheet,
    readonly id: number,
    public key: string,
    public value: string | null,
    public visibility: string,
  ) {}
  getId(): number {
    return this.id;
  }
  getKey(): string {
    return this.key;
  }
  getValue(): string | null {
    return this.value;
  }
  getVisibility(): string {
    return this.visibility;
  }
  setValue(value: string): FakeDeveloperMetadata {
    this._live();
    this.book._checkMetadata(value.length - (this.value ?? '').length);
    this.value = value;
    return this;
  }
  remove(): void {
    this._live();
    this.book._metadata.splice(this.book._metadata.indexOf(this), 1);
  }
  _live(): void {
    if (!this.book._metadata.includes(this)) throw new Error(`Developer metadata with ID ${this.id} does not exist.`);
  }
}

/**
 * Apps Script's document lock for one execution (LockService.getDocumentLock()). A test's calls
 * run one after another, so a lock another execution holds is never released during a wait:
 * tryLock gives up at once (as after its timeout) and records the wait asked for.
 */
export class FakeLock {
  constructor(
    private readonly ss: FakeSpreadsheet,
    /** The execution the lock belongs to. */
    private readonly execution: object,
  ) {}
  tryLock(timeoutInMillis: number): boolean {
    this.ss.lockCalls++;
    if (this.ss._lockHolder === undefined || this.ss._lockHolder === this.execution) {
      this.ss._lockHolder = this.execution;
      return true;
    }
    this.ss.lockWaits.push(timeoutInMillis);
    return false;
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) throw new Error('Lock timeout: another process was holding the lock for too long.');
  }
  hasLock(): boolean {
    this.ss.lockCalls++;
    return this.ss._lockHolder === this.execution;
  }
  releaseLock(): void {
    this.ss.lockCalls++;
    if (this.ss._lockHolder === this.execution) this.ss._lockHolder = undefined;
  }
}

// ---------------------------------------------------------------------------------------------

export class FakeRange {
  constructor(
    readonly _sheet: FakeSheet,
    readonly _rect: RangeRef,
  ) {}

  private get rows(): number {
    return this._rect.bottom - this._rect.top + 1;
  }
  private get cols(): number {
    return this._rect.right - this._rect.left + 1;
  }
  _each(fn: (c: Cell, row: number, col: number) => void): void {
    this._sheet._live();
    for (let r = this._rect.top; r <= this._rect.bottom; r++) for (let c = this._rect.left; c <= this._rect.right; c++) fn(this._sheet._cell(r, c), r, c);
  }
  private grid<T>(data: unknown, what: string): T[][] {
    this._sheet._live();
    if (!Array.isArray(data)) throw new Error(`The parameters (${typeof data}) don't match the method signature for SpreadsheetApp.Range.${what}.`);
    if (data.length !== this.rows) {
      throw new Error(`The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${this.rows}.`);
    }
    for (const row of data) {
      if (!Array.isArray(row) || row.length !== this.cols) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${this.cols}.`,
        );
      }
    }
    return data as T[][];
  }
  private writeTyped(r: number, c: number, v: unknown): void {
    const cell = this._sheet._cell(r, c);
    const t = typed(v);
    delete cell.v;
    delete cell.f;
    if (t.v !== undefined) cell.v = t.v;
    if (t.f !== undefined) cell.f = t.f;
  }
  private writeR1C1(r: number, c: number, f: string): void {
    if (typeof f !== 'string') throw new Error('Formula must be text.');
    if (f === '') return this.writeTyped(r, c, '');
    if (!f.startsWith('=')) return this.writeTyped(r, c, f);
    let a1: string;
    try {
      a1 = fromR1C1(f, r, c);
    } catch (e) {
      throw new Error(`Formula parse error. ${(e as Error).message}`);
    }
    this.writeTyped(r, c, a1);
  }

  getSheet(): FakeSheet {
    return this._sheet;
  }
  getRow(): number {
    return this._rect.top;
  }
  getColumn(): number {
    return this._rect.left;
  }
  getNumRows(): number {
    return this.rows;
  }
  getNumColumns(): number {
    return this.cols;
  }
  getLastRow(): number {
    return this._rect.bottom;
  }
  getLastColumn(): number {
    return this._rect.right;
  }
  getA1Notation(): string {
    return rangeAddress(this._rect);
  }
  setValues(data: unknown[][]): this {
    const g = this.grid<unknown>(data, 'setValues');
    g.forEach((row, i) => row.forEach((v, j) => this.writeTyped(this._rect.top + i, this._rect.left + j, v)));
    return this;
  }
  setValue(v: unknown): this {
    this._each((_c, r, c) => this.writeTyped(r, c, v));
    return this;
  }
  /** Clears values and formulas, keeping looks, formats and validation. */
  clearContent(): this {
    this._sheet._live();
    for (let r = this._rect.top; r <= this._rect.bottom; r++) {
      for (let c = this._rect.left; c <= this._rect.right; c++) {
        const cell = this._sheet._peek(r, c);
        if (cell) {
          delete cell.v;
          delete cell.f;
        }
      }
    }
    return this;
  }
  setFormula(f: string): this {
    this._each((_c, r, c) => this.writeTyped(r, c, f));
    return this;
  }
  setFormulas(data: string[][]): this {
    const g = this.grid<string>(data, 'setFormulas');
    g.forEach((row, i) => row.forEach((v, j) => this.writeTyped(this._rect.top + i, this._rect.left + j, v)));
    return this;
  }
  setFormulaR1C1(f: string): this {
    this._sheet._live();
    for (let r = this._rect.top; r <= this._rect.bottom; r++) for (let c = this._rect.left; c <= this._rect.right; c++) this.writeR1C1(r, c, f);
    return this;
  }
  setFormulasR1C1(data: string[][]): this {
    const g = this.grid<string>(data, 'setFormulasR1C1');
    g.forEach((row, i) => row.forEach((v, j) => this.writeR1C1(this._rect.top + i, this._rect.left + j, v)));
    return this;
  }
  getValues(): Value[][] {
    this._sheet._live();
    const out: Value[][] = [];
    for (let r = this._rect.top; r <= this._rect.bottom; r++) {
      const row: Value[] = [];
      for (let c = this._rect.left; c <= this._rect.right; c++) row.push(this._sheet._peek(r, c)?.v ?? '');
      out.push(row);
    }
    return out;
  }
  getDisplayValues(): string[][] {
    return this.getValues().map((row) => row.map((v) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v))));
  }
  getValue(): Value {
    this._sheet._live();
    return this._sheet._peek(this._rect.top, this._rect.left)?.v ?? '';
  }
  getDisplayValue(): string {
    const v = this.getValue();
    return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  }
  getFormula(): string {
    this._sheet._live();
    return this._sheet._peek(this._rect.top, this._rect.left)?.f ?? '';
  }
  getFormulas(): string[][] {
    this._sheet._live();
    const out: string[][] = [];
    for (let r = this._rect.top; r <= this._rect.bottom; r++) {
      const row: string[] = [];
      for (let c = this._rect.left; c <= this._rect.right; c++) row.push(this._sheet._peek(r, c)?.f ?? '');
      out.push(row);
    }
    return out;
  }
  private setGrid(data: unknown, what: string, apply: (c: Cell, v: unknown) => void): this {
    const g = this.grid<unknown>(data, what);
    g.forEach((row, i) => row.forEach((v, j) => apply(this._sheet._cell(this._rect.top + i, this._rect.left + j), v)));
    return this;
  }
  setNumberFormat(f: string): this {
    this._each((c) => (c.fmt = f));
    return this;
  }
  setNumberFormats(d: string[][]): this {
    return this.setGrid(d, 'setNumberFormats', (c, v) => (c.fmt = String(v)));
  }
  getNumberFormat(): string {
    this._sheet._live();
    return this._sheet._peek(this._rect.top, this._rect.left)?.fmt ?? 'General';
  }
  setBackground(color: string | null): this {
    this._each((c) => (color === null ? delete c.bg : (c.bg = color)));
    return this;
  }
  setBackgrounds(d: string[][]): this {
    return this.setGrid(d, 'setBackgrounds', (c, v) => (c.bg = String(v)));
  }
  getBackground(): string {
    this._sheet._live();
    return this._sheet._peek(this._rect.top, this._rect.left)?.bg ?? '#ffffff';
  }
  setFontColor(color: string): this {
    this._each((c) => (c.font = color));
    return this;
  }
  setFontSize(size: number): this {
    this._each((c) => (c.size = size));
    return this;
  }
  setFontWeight(w: string): this {
    this._each((c) => (c.weight = w));
    return this;
  }
  setFontStyle(s: string): this {
    this._each((c) => (c.style = s));
    return this;
  }
  setHorizontalAlignment(a: string): this {
    this._each((c) => (c.align = a));
    return this;
  }
  setWrap(w: boolean): this {
    this._each((c) => (c.wrap = w));
    return this;
  }
  setBorder(...args: unknown[]): this {
    const color = typeof args[6] === 'string' ? args[6] : '#000000';
    this._each((c) => (c.border = color));
    return this;
  }
  merge(): this {
    this._sheet._live();
    const overlap = this._sheet._merges.filter((m) => intersects(m, this._rect));
    if (overlap.some((m) => !contains(this._rect, m))) {
      throw new Error('You must select all cells in a merged range to merge or unmerge them.');
    }
    this._sheet._merges = this._sheet._merges.filter((m) => !contains(this._rect, m));
    if (this.rows * this.cols > 1) {
      this._each((c, r, col) => {
        if (r !== this._rect.top || col !== this._rect.left) {
          delete c.v;
          delete c.f;
        }
      });
      this._sheet._merges.push(this._rect);
    }
    return this;
  }
  /** Merges each row of the range across its columns (one merge per row). */
  mergeAcross(): this {
    this._sheet._live();
    const rows: RangeRef[] = [];
    for (let r = this._rect.top; r <= this._rect.bottom; r++) rows.push({ top: r, bottom: r, left: this._rect.left, right: this._rect.right });
    for (const row of rows) {
      if (this._sheet._merges.some((m) => intersects(m, row) && !contains(row, m))) {
        throw new Error('You must select all cells in a merged range to merge or unmerge them.');
      }
    }
    for (const row of rows) new FakeRange(this._sheet, row).merge();
    return this;
  }
  setDataValidation(rule: FakeDataValidation | null): this {
    this._each((c) => (rule === null ? delete c.dv : (c.dv = rule)));
    if (rule) this._sheet._dvAnchors.push({ rect: this._rect, rule });
    return this;
  }
  setDataValidations(rules: (FakeDataValidation | null)[][]): this {
    const g = this.grid<FakeDataValidation | null>(rules, 'setDataValidations');
    g.forEach((row, i) =>
      row.forEach((rule, j) => {
        const c = this._sheet._cell(this._rect.top + i, this._rect.left + j);
        if (rule === null) delete c.dv;
        else if (!(rule instanceof FakeDataValidation)) throw new Error('Invalid data validation rule.');
        else c.dv = rule;
      }),
    );
    return this;
  }
  getDataValidation(): FakeDataValidation | null {
    this._sheet._live();
    return this._sheet._peek(this._rect.top, this._rect.left)?.dv ?? null;
  }
  activate(): this {
    this._sheet._book.setActiveSheet(this._sheet);
    this._sheet._active = this._rect;
    return this;
  }
}

/** A range after `n` rows are inserted after row `after`: it grows when it spans them, moves when below. */
export function growRange(r: RangeRef, after: number, n: number): RangeRef {
  if (after < r.top) return { ...r, top: r.top + n, bottom: r.bottom + n };
  if (after < r.bottom) return { ...r, bottom: r.bottom + n };
  return r;
}

/** A range after rows start..start+n-1 are deleted: null when all its rows went. */
export function shrinkRange(r: RangeRef, start: number, n: number): RangeRef | null {
  const end = start + n - 1;
  if (r.bottom < start) return r;
  if (r.top > end) return { ...r, top: r.top - n, bottom: r.bottom - n };
  const top = r.top < start ? r.top : start;
  const bottom = r.bottom > end ? r.bottom - n : start - 1;
  return bottom < top ? null : { ...r, top, bottom };
}

const CELL_REF = /(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?/y;

/**
 * A formula with its references to one sheet's rows moved (`move` maps a rectangle; null for
 * cells deleted): references naming the sheet, and, on the sheet itself, references naming none.
 */
export function shiftFormulaRows(formula: string, onSheet: boolean, sheet: string, move: (r: RangeRef) => RangeRef | null): string {
  let out = '';
  let i = 0;
  let qualified: boolean | undefined;
  /** Where the sheet name before a reference starts in `out` (a deleted reference loses it too). */
  let prefixAt = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < n && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < n && !(formula[j] === "'" && formula[j + 1] !== "'")) j += formula[j] === "'" ? 2 : 1;
      const name = formula.slice(i + 1, j).replace(/''/g, "'");
      prefixAt = out.length;
      out += formula.slice(i, j + 2);
      qualified = name.toLowerCase() === sheet.toLowerCase();
      i = j + 2;
      continue;
    }
    const prev = i > 0 ? formula[i - 1]! : '';
    CELL_REF.lastIndex = i;
    const m = /[A-Za-z0-9_.$]/.test(prev) && prev !== '$' ? null : CELL_REF.exec(formula);
    const after = m ? formula[i + m[0].length] ?? '' : '';
    if (m && !/[A-Za-z0-9_(!.]/.test(after)) {
      const mine = qualified ?? onSheet;
      const named = qualified !== undefined;
      qualified = undefined;
      if (!mine) {
        out += m[0];
      } else {
        const top = Number(m[4]);
        const bottom = m[8] !== undefined ? Number(m[8]) : top;
        const left = colNumber(m[2]!);
        const right = m[6] !== undefined ? colNumber(m[6]) : left;
        const r = move({ top: Math.min(top, bottom), bottom: Math.max(top, bottom), left, right });
        if (!r) out = `${named ? out.slice(0, prefixAt) : out}#REF!`;
        else if (m[8] === undefined) out += `${m[1]}${m[2]}${m[3]}${r.top}`;
        else out += `${m[1]}${m[2]}${m[3]}${r.top}:${m[5]}${m[6]}${m[7]}${r.bottom}`;
      }
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_.]/.test(prev)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_.]/.test(formula[j]!)) j++;
      if (formula[j] === '!') {
        qualified = formula.slice(i, j).toLowerCase() === sheet.toLowerCase();
        prefixAt = out.length;
        out += formula.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    if (ch !== '!') qualified = undefined;
    out += ch;
    i++;
  }
  return out;
}

function intersects(a: RangeRef, b: RangeRef): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}
function contains(outer: RangeRef, inner: RangeRef): boolean {
  return outer.left <= inner.left && outer.right >= inner.right && outer.top <= inner.top && outer.bottom >= inner.bottom;
}

export class FakeRangeList {
  constructor(
    readonly _ranges: FakeRange[],
    private readonly _wrapRange: (r: FakeRange) => FakeRange,
  ) {}
  getRanges(): FakeRange[] {
    return this._ranges.map((r) => this._wrapRange(r));
  }
  private all(fn: (r: FakeRange) => void): this {
    for (const r of this._ranges) fn(r);
    return this;
  }
  setFormula(f: string): this {
    return this.all((r) => r.setFormula(f));
  }
  setFormulaR1C1(f: string): this {
    return this.all((r) => r.setFormulaR1C1(f));
  }
  setValue(v: unknown): this {
    return this.all((r) => r.setValue(v));
  }
  clearContent(): this {
    return this.all((r) => r.clearContent());
  }
  setNumberFormat(f: string): this {
    return this.all((r) => r.setNumberFormat(f));
  }
  setBackground(c: string | null): this {
    return this.all((r) => r.setBackground(c));
  }
  setFontColor(c: string): this {
    return this.all((r) => r.setFontColor(c));
  }
  setFontSize(s: number): this {
    return this.all((r) => r.setFontSize(s));
  }
  setFontWeight(w: string): this {
    return this.all((r) => r.setFontWeight(w));
  }
  setFontStyle(s: string): this {
    return this.all((r) => r.setFontStyle(s));
  }
  setHorizontalAlignment(a: string): this {
    return this.all((r) => r.setHorizontalAlignment(a));
  }
  setWrap(w: boolean): this {
    return this.all((r) => r.setWrap(w));
  }
  setBorder(...args: unknown[]): this {
    return this.all((r) => r.setBorder(...args));
  }
}

export class FakeSheet {
  _maxRows: number;
  _maxCols: number;
  readonly _cells = new Map<number, Cell>();
  _merges: RangeRef[] = [];
  _dvAnchors: { rect: RangeRef; rule: FakeDataValidation }[] = [];
  _cf: FakeConditionalFormatRule[] = [];
  _frozenRows = 0;
  _frozenCols = 0;
  readonly _hiddenCols = new Set<number>();
  readonly _widths = new Map<number, number>();
  _hidden = false;
  _protection: FakeProtection | undefined;
  readonly _charts: FakeChart[] = [];
  _active: RangeRef | undefined;
  _activeSet = false;
  _deleted = false;

  constructor(
    readonly _book: FakeSpreadsheet,
    public _name: string,
    readonly _id: number,
    rows = DEFAULT_ROWS,
    cols = DEFAULT_COLUMNS,
  ) {
    this._maxRows = rows;
    this._maxCols = cols;
  }

  _live(): void {
    if (this._deleted) throw new Error('Sheet not found: the sheet was deleted.');
  }
  /** Copies what a sheet copy keeps (see FakeSpreadsheet.insertSheet) into a new sheet. */
  _copyInto(to: FakeSheet): void {
    to._maxRows = this._maxRows;
    to._maxCols = this._maxCols;
    for (const [k, c] of this._cells) to._cells.set(k, { ...c });
    to._merges = this._merges.map((m) => ({ ...m }));
    to._dvAnchors = this._dvAnchors.map((a) => ({ rect: { ...a.rect }, rule: a.rule }));
    const own = (list: readonly FakeRange[]) => list.map((r) => (r._sheet === this ? new FakeRange(to, r._rect) : r));
    to._cf = this._cf.map((r) => new FakeConditionalFormatRule(r.formula, r.background, r.fontColor, own(r.ranges)));
    to._frozenRows = this._frozenRows;
    to._frozenCols = this._frozenCols;
    for (const c of this._hiddenCols) to._hiddenCols.add(c);
    for (const [c, w] of this._widths) to._widths.set(c, w);
    for (const c of this._charts) to._charts.push(new FakeChart(c.type, own(c.ranges), c.row, c.col, c.options));
  }
  _peek(row: number, col: number): Cell | undefined {
    return this._cells.get(key(row, col));
  }
  _cell(row: number, col: number): Cell {
    const k = key(row, col);
    let c = this._cells.get(k);
    if (!c) {
      c = {};
      this._cells.set(k, c);
    }
    return c;
  }
  _range(rect: RangeRef): FakeRange {
    this._live();
    if (rect.top < 1) throw new Error('The starting row of the range is too small.');
    if (rect.left < 1) throw new Error('The starting column of the range is too small.');
    if (rect.bottom > this._maxRows || rect.right > this._maxCols) throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    return this._book._wrap(new FakeRange(this, rect), 'Range');
  }
  _a1(a1: string): RangeRef {
    let rect: RangeRef;
    try {
      rect = splitA1(a1).rect;
    } catch {
      throw new Error(`Range not found`);
    }
    return rect;
  }

  getName(): string {
    this._live();
    return this._name;
  }
  /** Renames the sheet; formulas naming it, on every sheet, are rewritten to the new name (as in Sheets). */
  setName(name: string): this {
    this._live();
    if (typeof name !== 'string' || name.trim() === '') throw new Error('Sheet names cannot be empty.');
    if (name.length > 100) throw new Error('The sheet name cannot be longer than 100 characters.');
    if (this._book._sheets.some((s) => s !== this && s._name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const from = this._name;
    this._name = name;
    for (const s of this._book._sheets) {
      for (const c of s._cells.values()) if (c.f !== undefined && c.f.includes('!')) c.f = renameRefs(c.f, from, name);
      for (const r of s._cf) if (r.formula.includes('!')) r.formula = renameRefs(r.formula, from, name);
    }
    return this;
  }
  /** The workbook names whose range is on this sheet. */
  getNamedRanges(): FakeNamedRange[] {
    this._live();
    return [...this._book._names.values()].filter((n) => n.range._sheet === this).map((n) => this._book._wrap(n, 'NamedRange'));
  }
  getSheetId(): number {
    return this._id;
  }
  getIndex(): number {
    return this._book._sheets.indexOf(this) + 1;
  }
  getMaxRows(): number {
    return this._maxRows;
  }
  getMaxColumns(): number {
    return this._maxCols;
  }
  getLastRow(): number {
    let last = 0;
    for (const [k, c] of this._cells) if (c.v !== undefined || c.f !== undefined) last = Math.max(last, Math.floor(k / K));
    return last;
  }
  getLastColumn(): number {
    let last = 0;
    for (const [k, c] of this._cells) if (c.v !== undefined || c.f !== undefined) last = Math.max(last, k % K);
    return last;
  }
  getDataRange(): FakeRange {
    return this._range({ top: 1, left: 1, bottom: Math.max(1, this.getLastRow()), right: Math.max(1, this.getLastColumn()) });
  }
  getRange(a: string | number, col?: number, rows?: number, cols?: number): FakeRange {
    if (typeof a === 'string') return this._range(this._a1(a));
    if (col === undefined) throw new Error('The parameters (number) don\'t match the method signature for SpreadsheetApp.Sheet.getRange.');
    const nr = rows ?? 1;
    const nc = cols ?? 1;
    if (nr < 1) throw new Error('The number of rows in the range must be at least 1.');
    if (nc < 1) throw new Error('The number of columns in the range must be at least 1.');
    return this._range({ top: a, left: col, bottom: a + nr - 1, right: col + nc - 1 });
  }
  getRangeList(a1s: string[]): FakeRangeList {
    this._live();
    if (!Array.isArray(a1s) || a1s.length === 0) throw new Error('The range list must contain at least one range.');
    const ranges = a1s.map((a) => new FakeRange(this, this._a1(a)));
    for (const r of ranges) this._range(r._rect);
    return this._book._wrap(new FakeRangeList(ranges, (r) => this._book._wrap(r, 'Range')), 'RangeList');
  }
  /**
   * Inserts rows after `after`: cells below move down, the new rows take the looks, number
   * formats and validation of row `after` (not its values). Ranges that span the new rows' place
   * (merges, conditional format ranges, workbook names, open ranges of the protection, chart
   * ranges) grow, those below move; formulas on every sheet that point below move with them.
   */
  insertRowsAfter(after: number, n: number): this {
    this._live();
    if (after < 1 || after > this._maxRows) throw new Error('Those rows are out of bounds.');
    if (!Number.isInteger(n) || n < 1) throw new Error('The number of rows to insert must be at least 1.');
    this._book._checkCells(n * this._maxCols);
    this._maxRows += n;
    if (after === this._maxRows - n) {
      // At the end nothing moves: the new rows take row `after`'s looks.
      for (const [k, c] of [...this._cells]) {
        if (Math.floor(k / K) !== after) continue;
        const { v: _v, f: _f, ...look } = c;
        if (Object.keys(look).length > 0) for (let i = 1; i <= n; i++) this._cells.set(k + i * K, { ...look });
      }
      return this;
    }
    // Cells below move down, the lowest first, so that no key is taken twice.
    const below: number[] = [];
    const model: [number, Cell][] = [];
    for (const [k, c] of this._cells) {
      const row = Math.floor(k / K);
      if (row > after) below.push(k);
      else if (row === after) model.push([k, c]);
    }
    below.sort((a, b) => b - a);
    for (const k of below) {
      const c = this._cells.get(k)!;
      this._cells.delete(k);
      this._cells.set(k + n * K, c);
    }
    for (const [k, c] of model) {
      const { v: _v, f: _f, ...look } = c;
      if (Object.keys(look).length > 0) for (let i = 1; i <= n; i++) this._cells.set(k + i * K, { ...look });
    }
    this._shiftRanges((r) => growRange(r, after, n));
    for (const s of this._book._sheets) for (const c of s._cells.values()) if (c.f !== undefined && (s === this || c.f.includes("!"))) c.f = shiftFormulaRows(c.f, s === this, this._name, (r) => growRange(r, after, n));
    return this;
  }
  /** Deletes rows: cells below move up; ranges shrink or go; formulas that pointed at deleted cells show #REF!. */
  deleteRows(start: number, n: number): void {
    this._live();
    if (!Number.isInteger(n) || n < 1 || start < 1 || start + n - 1 > this._maxRows) throw new Error('Those rows are out of bounds.');
    if (n >= this._maxRows) throw new Error("You can't delete all the rows on the sheet.");
    const end = start + n - 1;
    const moved = new Map<number, Cell>();
    for (const [k, c] of this._cells) {
      const row = Math.floor(k / K);
      if (row >= start && row <= end) continue;
      moved.set(row > end ? k - n * K : k, c);
    }
    this._cells.clear();
    for (const [k, c] of moved) this._cells.set(k, c);
    this._maxRows -= n;
    this._shiftRanges((r) => shrinkRange(r, start, n));
    for (const s of this._book._sheets) for (const c of s._cells.values()) if (c.f !== undefined && (s === this || c.f.includes("!"))) c.f = shiftFormulaRows(c.f, s === this, this._name, (r) => shrinkRange(r, start, n));
  }
  /** Every range kept on or pointing into this sheet, moved by `move` (null: the range is gone). */
  _shiftRanges(move: (r: RangeRef) => RangeRef | null): void {
    const keep = (list: RangeRef[]) => list.map(move).filter((r): r is RangeRef => r !== null);
    this._merges = keep(this._merges).filter((m) => m.top !== m.bottom || m.left !== m.right);
    this._dvAnchors = this._dvAnchors.map((a) => ({ rect: move(a.rect), rule: a.rule })).filter((a): a is { rect: RangeRef; rule: FakeDataValidation } => a.rect !== null);
    const ranges = (list: readonly FakeRange[]) =>
      list.flatMap((x) => {
        if (x._sheet !== this) return [x];
        const r = move(x._rect);
        return r ? [new FakeRange(this, r)] : [];
      });
    this._cf = this._cf.map((rule) => new FakeConditionalFormatRule(rule.formula, rule.background, rule.fontColor, ranges(rule.ranges))).filter((rule) => rule.ranges.length > 0);
    if (this._protection) this._protection.unprotected = ranges(this._protection.unprotected);
    for (const [k, nr] of this._book._names) {
      if (nr.range._sheet !== this) continue;
      const r = move(nr.range._rect);
      if (r) nr.range = new FakeRange(this, r);
      else this._book._names.delete(k);
    }
    for (let i = 0; i < this._charts.length; i++) {
      const c = this._charts[i]!;
      this._charts[i] = new FakeChart(c.type, ranges(c.ranges), c.row, c.col, c.options);
    }
    if (this._active) this._active = move(this._active) ?? undefined;
  }
  insertColumnsAfter(after: number, n: number): this {
    this._live();
    if (after < 1 || after > this._maxCols) throw new Error('Those columns are out of bounds.');
    if (after !== this._maxCols) throw new Error('The fake grows sheets only at their end.');
    this._book._checkCells(n * this._maxRows);
    this._maxCols += n;
    return this;
  }
  setColumnWidth(col: number, px: number): this {
    return this.setColumnWidths(col, 1, px);
  }
  setColumnWidths(start: number, n: number, px: number): this {
    this._live();
    if (start < 1 || start + n - 1 > this._maxCols) throw new Error('Those columns are out of bounds.');
    for (let c = start; c < start + n; c++) this._widths.set(c, px);
    return this;
  }
  getColumnWidth(col: number): number {
    return this._widths.get(col) ?? 100;
  }
  hideColumns(start: number, n = 1): void {
    this._live();
    if (start < 1 || start + n - 1 > this._maxCols) throw new Error('Those columns are out of bounds.');
    for (let c = start; c < start + n; c++) this._hiddenCols.add(c);
  }
  isColumnHiddenByUser(col: number): boolean {
    return this._hiddenCols.has(col);
  }
  setFrozenRows(n: number): void {
    this._live();
    if (n < 0 || n > this._maxRows) throw new Error('Those rows are out of bounds.');
    this._frozenRows = n;
  }
  setFrozenColumns(n: number): void {
    this._live();
    if (n < 0 || n > this._maxCols) throw new Error('Those columns are out of bounds.');
    this._frozenCols = n;
  }
  getFrozenRows(): number {
    return this._frozenRows;
  }
  getFrozenColumns(): number {
    return this._frozenCols;
  }
  hideSheet(): this {
    this._live();
    if (this._book._sheets.filter((s) => !s._hidden && s !== this).length === 0) throw new Error("You can't hide all the sheets in a document.");
    this._hidden = true;
    if (this._book._activeSheet === this) this._book._activeSheet = this._book._sheets.find((s) => !s._hidden);
    return this;
  }
  showSheet(): this {
    this._hidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    return this._hidden;
  }
  protect(): FakeProtection {
    this._live();
    this._protection ??= new FakeProtection(this);
    return this._book._wrap(this._protection, 'Protection');
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    this._live();
    return [...this._cf];
  }
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    this._live();
    for (const r of rules) for (const x of r.ranges) if (x._sheet !== this) throw new Error('Conditional format rule ranges must be on the same sheet.');
    this._cf = [...rules];
  }
  newChart(): FakeChartBuilder {
    this._live();
    return this._book._wrap(new FakeChartBuilder(), 'EmbeddedChartBuilder', true);
  }
  insertChart(chart: FakeChart): void {
    this._live();
    if (!(chart instanceof FakeChart)) throw new Error('Invalid chart.');
    this._charts.push(chart);
  }
  getCharts(): FakeChart[] {
    return [...this._charts];
  }
  setActiveSelection(a1: string): FakeRange {
    const r = this._range(this._a1(a1));
    this._active = r._rect;
    this._activeSet = true;
    this._book._activeSheet = this;
    return r;
  }
  setActiveRange(range: FakeRange): FakeRange {
    if (range._sheet !== this) throw new Error('The range must be on the sheet.');
    this._active = range._rect;
    this._activeSet = true;
    this._book._activeSheet = this;
    return range;
  }
  getActiveCell(): FakeRange {
    const r = this._active ?? { top: 1, left: 1, bottom: 1, right: 1 };
    return this._range({ top: r.top, left: r.left, bottom: r.top, right: r.left });
  }
  getActiveRange(): FakeRange {
    return this._range(this._active ?? { top: 1, left: 1, bottom: 1, right: 1 });
  }
  activate(): this {
    this._book._activeSheet = this;
    return this;
  }
}

// ---------------------------------------------------------------------------------------------

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const LOOKS_LIKE_REF = /^([A-Za-z]{1,3}[0-9]+|R[0-9]*C[0-9]*)$/i;

function checkName(name: unknown): void {
  if (typeof name !== 'string' || !NAME_RE.test(name) || LOOKS_LIKE_REF.test(name) || /^(true|false)$/i.test(name) || name.length > 250) {
    throw new Error(`Named range name "${String(name)}" is invalid.`);
  }
}

const BARE_START = /[A-Za-z_\u00a0-\uffff]/;
const BARE_PART = /[A-Za-z0-9_.\u00a0-\uffff]/;

/** A formula with references to sheet `from` (quoted or bare, any case) naming `to`, as Sheets rewrites them on a rename. */
function renameRefs(formula: string, from: string, to: string): string {
  const lower = from.toLowerCase();
  let out = '';
  for (let i = 0; i < formula.length; ) {
    const ch = formula[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      const text = formula.slice(i, j + 1);
      const name = text.slice(1, -1).replace(/''/g, "'");
      out += ch === "'" && formula[j + 1] === '!' && name.toLowerCase() === lower ? quoteSheetName(to) : text;
      i = j + 1;
    } else if (BARE_START.test(ch) && (i === 0 || !BARE_PART.test(formula[i - 1]!))) {
      let j = i + 1;
      while (j < formula.length && BARE_PART.test(formula[j]!)) j++;
      const word = formula.slice(i, j);
      out += formula[j] === '!' && word.toLowerCase() === lower ? quoteSheetName(to) : word;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

export class FakeSpreadsheet {
  readonly book = new CallBook();
  readonly _sheets: FakeSheet[] = [];
  readonly _names = new Map<string, FakeNamedRange>();
  readonly _metadata: FakeDeveloperMetadata[] = [];
  _activeSheet: FakeSheet | undefined;
  /** The execution holding the document lock. */
  _lockHolder: object | undefined;
  /** LockService calls (not service calls of the spreadsheet: not counted in `calls`). */
  lockCalls = 0;
  /** The waits asked for by tryLock calls that did not get the lock, in milliseconds. */
  readonly lockWaits: number[] = [];
  private nextId = 0;
  private nextMetadataId = 1;
  /** The counted view: hand this to the code under test. */
  readonly api: GoogleAppsScript.Spreadsheet.Spreadsheet;

  constructor(firstSheet = 'Sheet1') {
    const s = new FakeSheet(this, firstSheet, this.nextId++);
    this._sheets.push(s);
    this._activeSheet = s;
    this.api = this._wrap(this, 'Spreadsheet') as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  }

  _wrap<T extends object>(obj: T, kind: string, builder = false): T {
    return counted(obj, this.book, kind, builder);
  }
  _checkCells(extra: number): void {
    const cells = this._sheets.reduce((n, s) => n + s._maxRows * s._maxCols, 0);
    if (cells + extra > MAX_CELLS) {
      throw new Error(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
    }
  }

  /** Makes the n-th service call from now on (1-based, counting from the current total) throw. */
  failAt(n: number): void {
    this.book.failAtCall = n <= 0 ? 0 : this.book.calls + n;
  }
  /** Service calls so far. */
  get calls(): number {
    return this.book.calls;
  }
  /**
   * Runs `hook(callNumber, what)` before each service call from now on does anything (the number
   * counted over the fake's life): another user's work, or another sidebar's server call, between
   * two calls of the code under test.
   */
  beforeCall(hook: (call: number, what: string) => void): void {
    this.book.hooks.push(hook);
  }
  _checkMetadata(extra: number): void {
    const used = this._metadata.reduce((n, m) => n + m.key.length + (m.value ?? '').length, 0);
    if (used + extra > METADATA_CHARS) throw new Error(`Developer metadata of the spreadsheet would exceed ${METADATA_CHARS} characters.`);
  }

  // --- Spreadsheet methods ---

  getSheets(): FakeSheet[] {
    return this._sheets.map((s) => this._wrap(s, 'Sheet'));
  }
  getNumSheets(): number {
    return this._sheets.length;
  }
  getSheetByName(name: string): FakeSheet | null {
    const s = this._sheets.find((x) => x._name.toLowerCase() === String(name).toLowerCase());
    return s ? this._wrap(s, 'Sheet') : null;
  }
  getActiveSheet(): FakeSheet {
    return this._wrap(this._activeSheet ?? this._sheets[0]!, 'Sheet');
  }
  setActiveSheet(sheet: FakeSheet): FakeSheet {
    sheet._live();
    this._activeSheet = this._sheets.find((s) => s === sheet || s._id === sheet._id);
    return sheet;
  }
  /**
   * A new sheet, or with `options.template` a copy of one of this spreadsheet's sheets: its cells
   * (values, formulas, number formats, looks, validation), merges, conditional formats, column
   * widths, hidden columns, frozen rows and columns, charts and size. Not copied: the sheet's
   * protection and the workbook names pointing into it.
   */
  insertSheet(name?: string, index?: number, options?: { template?: FakeSheet }): FakeSheet {
    const n = name ?? `Sheet${this._sheets.length + 1}`;
    const template = options?.template;
    if (template !== undefined) {
      const from = this._sheets.find((s) => s === template || s._id === template._id);
      if (!from || from._deleted) throw new Error('The template sheet must be a sheet of this spreadsheet.');
    }
    if (typeof n !== 'string' || n.trim() === '') throw new Error('Sheet names cannot be empty.');
    if (n.length > 100) throw new Error('The sheet name cannot be longer than 100 characters.');
    if (this._sheets.some((s) => s._name.toLowerCase() === n.toLowerCase())) {
      throw new Error(`A sheet with the name "${n}" already exists. Please enter another name.`);
    }
    if (index !== undefined && (index < 0 || index > this._sheets.length)) throw new Error('Index out of bounds.');
    const from = template === undefined ? undefined : this._sheets.find((s) => s === template || s._id === template._id)!;
    this._checkCells(from ? from._maxRows * from._maxCols : DEFAULT_ROWS * DEFAULT_COLUMNS);
    const sheet = new FakeSheet(this, n, this.nextId++);
    if (from) from._copyInto(sheet);
    this._sheets.splice(index ?? this._sheets.length, 0, sheet);
    this._activeSheet = sheet;
    return this._wrap(sheet, 'Sheet');
  }
  deleteSheet(sheet: FakeSheet): void {
    const i = this._sheets.findIndex((s) => s._id === sheet._id);
    if (i < 0) throw new Error('Sheet not found.');
    if (this._sheets.length === 1) throw new Error("You can't remove all the sheets in a document.");
    const [gone] = this._sheets.splice(i, 1);
    gone!._deleted = true;
    if (this._activeSheet === gone) this._activeSheet = this._sheets.find((s) => !s._hidden) ?? this._sheets[0];
    // Names that pointed at the sheet stay, broken (#REF!), as in Sheets.
  }
  getRange(a1: string): FakeRange {
    const { sheet, rect } = splitA1(a1);
    const s = sheet === undefined ? this._activeSheet : this._sheets.find((x) => x._name.toLowerCase() === sheet.toLowerCase());
    if (!s) throw new Error('Range not found');
    return s._range(rect);
  }
  setNamedRange(name: string, range: FakeRange): void {
    checkName(name);
    if (this._names.has(name.toLowerCase())) throw new Error(`Named range "${name}" already exists.`);
    range._sheet._live();
    this._names.set(name.toLowerCase(), new FakeNamedRange(this, name, range));
  }
  getNamedRanges(): FakeNamedRange[] {
    return [...this._names.values()].map((n) => this._wrap(n, 'NamedRange'));
  }
  getRangeByName(name: string): FakeRange | null {
    const n = this._names.get(String(name).toLowerCase());
    return n && !n.range._sheet._deleted ? this._wrap(n.range, 'Range') : null;
  }
  removeNamedRange(name: string): void {
    if (!this._names.delete(String(name).toLowerCase())) throw new Error(`Named range "${name}" not found.`);
  }
  addDeveloperMetadata(key: string, a?: string, b?: string): FakeSpreadsheet {
    if (typeof key !== 'string' || key === '') throw new Error('Developer metadata needs a key.');
    const visibilities = Object.values(DEVELOPER_METADATA_VISIBILITY) as string[];
    const value = a !== undefined && !visibilities.includes(a) ? a : null;
    const visibility = b ?? (a !== undefined && visibilities.includes(a) ? a : DEVELOPER_METADATA_VISIBILITY.DOCUMENT);
    this._checkMetadata(key.length + (value ?? '').length);
    this._metadata.push(new FakeDeveloperMetadata(this, this.nextMetadataId++, key, value, visibility));
    return this;
  }
  getDeveloperMetadata(): FakeDeveloperMetadata[] {
    return this._metadata.map((m) => this._wrap(m, 'DeveloperMetadata'));
  }
  getSpreadsheetLocale(): string {
    return 'en_US';
  }
  getSpreadsheetTimeZone(): string {
    return 'Etc/UTC';
  }

  // --- Reading back (not counted: underscore-free names below are not on the api view's path) ---

  /** The picture of everything written, in test/renderers/snapshot.ts's conventions. */
  snapshot(): WorkbookSnapshot {
    const names: Record<string, string> = {};
    for (const n of this._names.values()) {
      names[n.name] = n.range._sheet._deleted ? '#REF!' : `${quoteSheetName(n.range._sheet._name)}!${absRef(n.range._rect)}`;
    }
    return { sheets: this._sheets.map((s) => this.sheetSnapshot(s)), names };
  }

  private listSource(rule: FakeDataValidation, on: FakeSheet): string {
    if (rule.criteria === 'VALUE_IN_LIST') return (rule.args[0] as string[]).join(',');
    const r = rule.args[0] as FakeRange;
    for (const n of this._names.values()) {
      if (n.range._sheet === r._sheet && rangeAddress(n.range._rect) === rangeAddress(r._rect)) return `=${n.name}`;
    }
    // A range on the validated cells' own sheet reads without the sheet name.
    return r._sheet === on ? `=${absRef(r._rect)}` : `=${quoteSheetName(r._sheet._name)}!${absRef(r._rect)}`;
  }

  private ruleKey(rule: FakeDataValidation, on: FakeSheet): string {
    // Sheets has no "ignore blank": a blank cell is never checked, so every rule allows blanks.
    switch (rule.criteria) {
      case 'VALUE_IN_RANGE':
      case 'VALUE_IN_LIST':
        return validationKey({ type: 'list', source: this.listSource(rule, on), allowBlank: true });
      case 'NUMBER_BETWEEN': {
        const [a, b] = rule.args as number[];
        return validationKey({
          type: 'decimal',
          ...(Math.abs(a!) >= 1e307 ? {} : { min: a }),
          ...(Math.abs(b!) >= 1e307 ? {} : { max: b }),
          allowBlank: true,
        });
      }
      case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
        return validationKey({ type: 'decimal', min: rule.args[0] as number, allowBlank: true });
      case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
        return validationKey({ type: 'decimal', max: rule.args[0] as number, allowBlank: true });
      case 'CUSTOM_FORMULA':
        return validationKey({ type: 'custom', formula: String(rule.args[0]), allowBlank: true });
      default:
        return `${rule.criteria}|${JSON.stringify(rule.args)}`;
    }
  }

  private sheetSnapshot(s: FakeSheet): SheetSnapshot {
    const entries = [...s._cells.entries()].sort((a, b) => a[0] - b[0]);
    const cells: Record<string, SnapCell> = {};
    const numFmts: Record<string, string> = {};
    const validations: Record<string, string> = {};
    const ruleKeys = new Map<FakeDataValidation, string>();
    for (const [k, c] of entries) {
      const a = addr(k % K, Math.floor(k / K));
      if (c.f !== undefined) cells[a] = { f: c.f };
      else if (c.v !== undefined) cells[a] = { v: c.v };
      if (c.fmt !== undefined && c.fmt !== 'General' && c.fmt !== '') numFmts[a] = c.fmt;
      if (c.dv) {
        let rk = ruleKeys.get(c.dv);
        if (rk === undefined) {
          rk = this.ruleKey(c.dv, s);
          ruleKeys.set(c.dv, rk);
        }
        validations[a] = rk;
      }
    }
    const conditionalFormats: string[] = [];
    for (const rule of s._cf) {
      const style =
        (Object.entries(CF_LOOKS).find(([, l]) => l.fill.toLowerCase() === (rule.background ?? '').toLowerCase() && l.font.toLowerCase() === (rule.fontColor ?? '').toLowerCase())?.[0]) ??
        `${rule.background}/${rule.fontColor}`;
      for (const r of rule.ranges) conditionalFormats.push(`${rangeAddress(r._rect)}|${rule.formula}|${style}`);
    }
    const unlocked: string[] = [];
    const p = s._protection;
    if (p) {
      const seen = new Set<number>();
      for (const r of p.unprotected) for (let row = r._rect.top; row <= r._rect.bottom; row++) for (let c = r._rect.left; c <= r._rect.right; c++) seen.add(key(row, c));
      for (const k of [...seen].sort((a, b) => a - b)) unlocked.push(addr(k % K, Math.floor(k / K)));
    }
    const charts: ChartSnapshot[] = s._charts.map((c) => {
      const [cat, ...vals] = c.ranges;
      const series = (c.options.series ?? {}) as Record<number, { labelInLegend?: string }>;
      return {
        type: c.type === 'BAR' ? 'bar' : 'column',
        title: String(c.options.title ?? ''),
        categories: cat ? rangeAddress(cat._rect) : '',
        series: vals.map((v, i) => ({ name: series[i]?.labelInLegend ?? '', values: rangeAddress(v._rect) })),
        anchor: addr(c.col, c.row),
      };
    });
    return {
      name: s._name,
      hidden: s._hidden,
      cells,
      numFmts,
      merges: s._merges.map(rangeAddress).sort(),
      frozen: { rows: s._frozenRows, columns: s._frozenCols },
      hiddenColumns: [...s._hiddenCols].sort((a, b) => a - b),
      validations,
      conditionalFormats: conditionalFormats.sort(),
      protected: Boolean(p && p.warningOnly),
      unlocked,
      charts,
      ...(s._activeSet && s._active ? { activeCell: addr(s._active.left, s._active.top) } : {}),
    };
  }

  /** Test set-up without counting: a sheet with values (typed as a user would). */
  seedSheet(name: string, values: unknown[][] = [], at = 'A1'): FakeSheet {
    const sheet = new FakeSheet(this, name, this.nextId++);
    this._sheets.push(sheet);
    const r = parseRange(at);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        const t = typed(v);
        if (t.v === undefined && t.f === undefined) return;
        const c = sheet._cell(r.top + i, r.left + j);
        Object.assign(c, t);
      }),
    );
    return sheet;
  }
  /** Test set-up without counting: a workbook name. */
  seedName(name: string, sheet: string, a1: string): void {
    const s = this._sheets.find((x) => x._name === sheet)!;
    this._names.set(name.toLowerCase(), new FakeNamedRange(this, name, new FakeRange(s, parseRange(a1))));
  }
}

/** SpreadsheetApp.DeveloperMetadataVisibility. */
export const DEVELOPER_METADATA_VISIBILITY = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' } as const;

/** Conditional format colours, to name a rule's look in snapshots. */
const CF_LOOKS: Record<string, { fill: string; font: string }> = {
  bad: { fill: '#FFC7CE', font: '#9C0006' },
  good: { fill: '#C6EFCE', font: '#006100' },
  warn: { fill: '#FFEB9C', font: '#9C5700' },
};

// ---------------------------------------------------------------------------------------------
// Globals

export interface FakeGlobals {
  SpreadsheetApp: unknown;
  Session: unknown;
  Charts: unknown;
  HtmlService: unknown;
  /** LockService for one execution: its document lock is this execution's. */
  LockService: { getDocumentLock(): FakeLock };
  /** Ends the execution: Apps Script releases a lock the script did not release. */
  end(): void;
  log: { sidebars: { title: string; content: string }[]; menus: { title: string; items: { label: string; fn: string }[] }[] };
}

/** Apps Script's globals over one fake spreadsheet. */
export function fakeGlobals(ss: FakeSpreadsheet, options: { locale?: string; sidebarHtml?: string } = {}): FakeGlobals {
  const book = ss.book;
  const log: FakeGlobals['log'] = { sidebars: [], menus: [] };
  const app = {
    getActiveSpreadsheet: () => ss.api,
    getActive: () => ss.api,
    newDataValidation: () => counted(new FakeDataValidationBuilder(), book, 'DataValidationBuilder', true),
    newConditionalFormatRule: () => counted(new FakeConditionalFormatRuleBuilder(), book, 'ConditionalFormatRuleBuilder', true),
    flush: () => undefined,
    getUi: () => {
      const menu = (title: string) => {
        const items: { label: string; fn: string }[] = [];
        const m = {
          addItem(label: string, fn: string) {
            items.push({ label, fn });
            return m;
          },
          addSeparator() {
            return m;
          },
          addToUi() {
            log.menus.push({ title, items });
          },
        };
        return m;
      };
      return {
        createMenu: menu,
        createAddonMenu: () => menu('Extensions'),
        showSidebar: (page: { getTitle(): string; getContent(): string }) => log.sidebars.push({ title: page.getTitle(), content: page.getContent() }),
      };
    },
    BorderStyle: { SOLID: 'SOLID', DOTTED: 'DOTTED', DASHED: 'DASHED', SOLID_MEDIUM: 'SOLID_MEDIUM', SOLID_THICK: 'SOLID_THICK', DOUBLE: 'DOUBLE' },
    DeveloperMetadataVisibility: DEVELOPER_METADATA_VISIBILITY,
  };
  const SpreadsheetApp = counted(app, book, 'SpreadsheetApp');
  const HtmlService = {
    createHtmlOutputFromFile: (name: string) => {
      if (name !== 'Sidebar') throw new Error(`No HTML file named ${name} was found.`);
      let content = options.sidebarHtml ?? '<!doctype html><html data-locale=""><body></body></html>';
      let title = '';
      const page = {
        getContent: () => content,
        setContent: (c: string) => {
          content = c;
          return page;
        },
        setTitle: (t: string) => {
          title = t;
          return page;
        },
        getTitle: () => title,
      };
      return page;
    },
  };
  const execution = {};
  const lock = new FakeLock(ss, execution);
  return {
    SpreadsheetApp,
    Session: { getActiveUserLocale: () => options.locale ?? 'en' },
    Charts: { ChartType: CHART_TYPES },
    HtmlService,
    LockService: { getDocumentLock: () => lock },
    end: () => {
      if (ss._lockHolder === execution) ss._lockHolder = undefined;
    },
    log,
  };
}

/** Puts the globals on globalThis; returns a function that restores what was there. */
export function installGlobals(globals: FakeGlobals): () => void {
  const g = globalThis as Record<string, unknown>;
  const keys = ['SpreadsheetApp', 'Session', 'Charts', 'HtmlService', 'LockService'] as const;
  const before = keys.map((k) => [k, g[k]] as const);
  for (const k of keys) g[k] = globals[k];
  return () => {
    globals.end();
    for (const [k, v] of before) {
      if (v === undefined) delete g[k];
      else g[k] = v;
    }
  };
}

/** "A1" column letters to number, for tests. */
export const columnOf = (letters: string): number => colNumber(letters);
