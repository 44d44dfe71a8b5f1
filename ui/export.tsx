/**
 * Actuals from a system export: the choice of the sheet that holds one (in the options of a review
 * or dashboard, and in the confirm step of a user's own table), the export's columns with the role
 * proposed for each (employee, KPI, value, date; or one column per KPI, named by its header) to
 * change, the cells that give no value, and the confirmed reading sent as InsertRequest.actuals.
 * Headers and values are shown as text only.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '../core/types.js';
import { APP_TEXT, type AppText } from './app-text.js';
import type { Bridge, ExportRequest, TableProposal } from './bridge.js';
import { valueOf } from './fields.js';
import { MappingIssues, MappingProblems, MappingTable, columnOf } from './mapping-table.js';
import { fill } from './text.js';
import { ACTIVE_EXPORT, EXPORT_ROLES, assignExportRole, exportIssues, exportRequestOf, proposedExportRoles, type ExportRole, type Roles } from './export-roles.js';

export { ACTIVE_EXPORT };

/** The export choice and its reading, kept while the pane moves between the options and the confirm step. */
export interface ExportChoice {
  readonly t: AppText;
  readonly locale: Locale;
  /** '' (actuals typed into the review), a sheet name, or ACTIVE_EXPORT. */
  readonly source: string;
  /** The workbook's sheets where the host lists them; null where it does not (the active sheet is read). */
  readonly sheets: readonly string[] | null;
  readonly reading: boolean;
  readonly proposal: TableProposal | null;
  readonly message: string;
  readonly roles: Roles;
  /** What stops the choice: an unread or unconfirmed export. */
  readonly issues: readonly string[];
  /** True when the options can be sent: no export, or an export whose columns are complete. */
  readonly ready: boolean;
  readonly request: ExportRequest | undefined;
  choose(source: string): void;
  setRole(letter: string, role: ExportRole | ''): void;
}

export function useExportChoice(bridge: Bridge, locale: Locale, wanted: boolean, exclude: readonly string[] = []): ExportChoice {
  const t = APP_TEXT[locale];
  const [sheets, setSheets] = useState<readonly string[] | null>(null);
  const [source, setSource] = useState('');
  const [reading, setReading] = useState(false);
  const [proposal, setProposal] = useState<TableProposal | null>(null);
  const [message, setMessage] = useState('');
  const [roles, setRoles] = useState<Roles>({});
  const asked = useRef(0);
  useEffect(() => {
    if (!wanted || typeof bridge.sheets !== 'function') return;
    let live = true;
    bridge.sheets().then(
      (s) => live && setSheets(s),
      () => live && setSheets(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, wanted]);

  const choose = (next: string) => {
    const n = ++asked.current;
    setSource(next);
    setProposal(null);
    setRoles({});
    setMessage('');
    if (next === '') return setReading(false);
    setReading(true);
    bridge.readTable(next === ACTIVE_EXPORT ? undefined : next).then(
      (p) => {
        if (n !== asked.current) return;
        setReading(false);
        if (p === null) return setMessage(next === ACTIVE_EXPORT ? t.exportNoTableActive : fill(t.exportNoTable, { sheet: next }));
        setProposal(p);
        setRoles(proposedExportRoles(p));
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setReading(false);
        setMessage(fill(t.confirmFailed, { detail: e instanceof Error ? e.message : String(e) }));
      },
    );
  };

  const issues = source === '' ? [] : proposal === null ? [message || t.exportReading] : exportIssues(proposal, roles, t);
  return {
    t,
    locale,
    source,
    sheets: sheets === null ? null : sheets.filter((s) => !exclude.includes(s)),
    reading,
    proposal,
    message,
    roles,
    issues,
    ready: source === '' || (proposal !== null && issues.length === 0),
    request: source !== '' && proposal !== null && issues.length === 0 ? exportRequestOf(proposal, roles) : undefined,
    choose,
    setRole: (letter, role) => setRoles((r) => assignExportRole(r, letter, role)),
  };
}

/** The actuals field: typed into the review, or from a system export on a sheet, with the export's columns once read. */
export function ExportField({ x, id, disabled }: { x: ExportChoice; id: (name: string) => string; disabled?: boolean }) {
  const { t } = x;
  return (
    <div class="field" data-testid="actuals">
      <label for={id('actuals')}>{t.actuals}</label>
      <select id={id('actuals')} value={x.source} disabled={disabled} aria-describedby={id('actuals-help')} onChange={(e) => x.choose(valueOf(e))}>
        <option value="">{t.actualsTyped}</option>
        {x.sheets !== null && x.sheets.length > 0 ? (
          <optgroup label={t.actualsGroup}>
            {x.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value={ACTIVE_EXPORT}>{t.actualsActive}</option>
      </select>
      <span class="help" id={id('actuals-help')}>
        {x.source === '' ? '' : x.source === ACTIVE_EXPORT && x.proposal === null && !x.reading ? t.actualsActiveHelp : t.actualsHelp}
      </span>
      {x.reading ? (
        <p class="muted" role="status">
          {t.exportReading}
        </p>
      ) : null}
      {x.message !== '' ? (
        <p class="box warn" role="alert" data-testid="export-message">
          {x.message}
        </p>
      ) : null}
      {x.proposal !== null ? <ExportMapping x={x} proposal={x.proposal} id={id} disabled={disabled} /> : null}
    </div>
  );
}

function ExportMapping({ x, proposal, id, disabled }: { x: ExportChoice; proposal: TableProposal; id: (name: string) => string; disabled?: boolean }) {
  const { t, roles } = x;
  const wide = proposal.columns.filter((c) => roles[c.letter] === 'wide').map((c) => c.header.trim());
  const problems = proposal.problems.filter((p) => (roles[columnOf(p.cell)] ?? '') !== '');
  return (
    <section class="export" data-testid="export" aria-labelledby={id('export-title')}>
      <h3 id={id('export-title')}>{fill(t.exportTitle, { sheet: proposal.sheet })}</h3>
      <p class="muted">{fill(t.exportIntro, { first: String(proposal.firstRow), last: String(proposal.lastRow) })}</p>
      <MappingTable
        t={t}
        label={t.exportColumns}
        proposal={proposal}
        roles={roles}
        choices={EXPORT_ROLES}
        name={(r) => t.exportRoles[r]}
        id={(letter) => id(`export-${letter}`)}
        disabled={disabled}
        onRole={x.setRole}
      />
      <MappingIssues testid="export-issues" lines={x.issues} />
      {x.issues.length > 0 ? null : (
        <p class="muted" data-testid="export-shape">
          {wide.length > 0 ? fill(t.exportWide, { kpis: wide.join(t.listSep) }) : t.exportLong}
        </p>
      )}
      <MappingProblems
        testid="export-problems"
        problems={problems}
        none={t.exportNoProblems}
        head={fill(t.exportProblems, { count: String(new Set(problems.map((p) => p.cell.replace(/^[A-Z]+/, ''))).size) })}
        item={(p) => p.message[x.locale]}
      />
    </section>
  );
}
