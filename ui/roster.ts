/**
 * The roster of an update as the user edits it: one employee per line, "name<TAB>department"
 * (as pasted from a sheet) or "name, department". Reading it, what it changes against the roster
 * the review has now, and what stops it (a name listed twice, a line with no name). No DOM here:
 * the update view and the hosts (which check the roster again) share these.
 */
import type { Locale } from '../core/types.js';
import { APP_TEXT } from './app-text.js';
import type { RosterEntry } from './bridge.js';
import { fill } from './text.js';
import { nameKey } from '../core/templates/names.js';

/** One line of the roster text that holds something. */
export interface RosterLine {
  /** 1-based line number in the text. */
  readonly line: number;
  readonly name: string;
  readonly department: string | null;
}

export type RosterIssue =
  | { readonly kind: 'blank'; readonly line: number }
  | { readonly kind: 'duplicate'; readonly line: number; readonly first: number; readonly name: string };

/** Spaces (full-width and non-breaking too) trimmed and runs of them made one. */
function tidy(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** The key two names are the same person under: the update's own (tidied, case ignored). */
export { nameKey };

/**
 * The lines that hold something, in order. A line with a tab is split on tabs (a row pasted from
 * a sheet: name, department, further cells ignored); otherwise on its first comma ("," or "，").
 * Empty lines are skipped.
 */
export function parseRoster(text: string): RosterLine[] {
  const out: RosterLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (tidy(raw) === '') return;
    let name: string;
    let department: string;
    if (raw.includes('\t')) {
      const cells = raw.split('\t');
      name = cells[0] ?? '';
      department = cells[1] ?? '';
    } else {
      const at = raw.search(/[,，]/);
      name = at < 0 ? raw : raw.slice(0, at);
      department = at < 0 ? '' : raw.slice(at + 1);
    }
    out.push({ line: i + 1, name: tidy(name), department: tidy(department) === '' ? null : tidy(department) });
  });
  return out;
}

/** What stops the roster: lines with no name, names listed a second time. */
export function rosterIssues(lines: readonly RosterLine[]): RosterIssue[] {
  const issues: RosterIssue[] = [];
  const seen = new Map<string, number>();
  for (const l of lines) {
    if (l.name === '') {
      issues.push({ kind: 'blank', line: l.line });
      continue;
    }
    const key = nameKey(l.name);
    const first = seen.get(key);
    if (first !== undefined) issues.push({ kind: 'duplicate', line: l.line, first, name: l.name });
    else seen.set(key, l.line);
  }
  return issues;
}

/** The roster as text for the editor: one "name<TAB>department" line each. */
export function rosterText(roster: readonly RosterEntry[]): string {
  return roster.map((e) => (e.department ? `${e.name}\t${e.department}` : e.name)).join('\n');
}

export function rosterOf(lines: readonly RosterLine[]): RosterEntry[] {
  return lines.map((l) => ({ name: l.name, department: l.department }));
}

/** What the update will do to the roster: employees kept (and those moving department), added, archived. */
export interface RosterChange {
  readonly kept: number;
  readonly moved: readonly string[];
  readonly added: readonly string[];
  readonly archived: readonly string[];
}

export function rosterChange(before: readonly RosterEntry[], after: readonly RosterEntry[]): RosterChange {
  const old = new Map(before.map((e) => [nameKey(e.name), e]));
  const now = new Set(after.map((e) => nameKey(e.name)));
  let kept = 0;
  const moved: string[] = [];
  const added: string[] = [];
  const seen = new Set<string>();
  for (const e of after) {
    const key = nameKey(e.name);
    if (e.name === '' || seen.has(key)) continue;
    seen.add(key);
    const was = old.get(key);
    if (was === undefined) added.push(e.name);
    else {
      kept++;
      if ((was.department ?? '') !== (e.department ?? '')) moved.push(e.name);
    }
  }
  const archived = before.filter((e) => !now.has(nameKey(e.name))).map((e) => e.name);
  return { kept, moved, added, archived };
}

/** An issue in words, in the pane's language. */
export function issueText(issue: RosterIssue, lang: Locale): string {
  const t = APP_TEXT[lang];
  return issue.kind === 'blank'
    ? fill(t.rosterBlank, { line: String(issue.line) })
    : fill(t.rosterDuplicate, { line: String(issue.line), first: String(issue.first), name: issue.name });
}

/**
 * The host's check of a roster sent from the page: null when it can be used, else the message
 * (in `lang`) of its first problem. Entries are not re-tidied: a name must arrive as the view sends it.
 */
export function rosterProblem(roster: unknown, lang: Locale): string | null {
  const t = APP_TEXT[lang] ?? APP_TEXT.en;
  if (!Array.isArray(roster) || roster.length === 0) return t.rosterEmpty;
  const seen = new Map<string, number>();
  for (let i = 0; i < roster.length; i++) {
    const e = roster[i] as Partial<RosterEntry> | null;
    const name = typeof e?.name === 'string' ? e.name : '';
    if (tidy(name) === '' || (e?.department !== null && e?.department !== undefined && typeof e.department !== 'string')) return fill(t.rosterBlank, { line: String(i + 1) });
    const key = nameKey(name);
    const first = seen.get(key);
    if (first !== undefined) return fill(t.rosterDuplicate, { line: String(i + 1), first: String(first), name: tidy(name) });
    seen.set(key, i + 1);
  }
  return null;
}
