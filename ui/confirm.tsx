/**
 * The confirm step for a review of the user's own KPI table: one row per column of the table
 * (its header as written, one or two values, the role proposed as a choice of every role or
 * "not used"), the cells that give no value, and the button that creates the review. Headers and
 * values are shown as text only.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ROLES, roleName, type Role } from '../core/templates/read-table.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT } from './app-text.js';
import type { TableProposal, UserPlanRequest } from './bridge.js';
import { valueOf } from './fields.js';
import { fill } from './text.js';

const REQUIRED: readonly Role[] = ['kpi', 'target', 'weight'];

/** Role per column letter, as first proposed. */
export function proposedRoles(p: TableProposal): Record<string, Role | ''> {
  return Object.fromEntries(p.columns.map((c) => [c.letter, c.role ?? '']));
}

/** A role given to one column leaves the column that held it. */
export function assignRole(roles: Readonly<Record<string, Role | ''>>, letter: string, role: Role | ''): Record<string, Role | ''> {
  const next: Record<string, Role | ''> = {};
  for (const [l, r] of Object.entries(roles)) next[l] = role !== '' && r === role ? '' : r;
  next[letter] = role;
  return next;
}

/** The request for the confirmed roles. */
export function userPlanOf(p: TableProposal, roles: Readonly<Record<string, Role | ''>>): UserPlanRequest {
  const columns: Partial<Record<Role, string>> = {};
  for (const c of p.columns) {
    const r = roles[c.letter];
    if (r) columns[r] = c.letter;
  }
  return { sheet: p.sheet, mapping: { headerRow: p.headerRow, firstRow: p.firstRow, lastRow: p.lastRow, columns } };
}

export function Confirm({
  proposal,
  locale,
  busy,
  onCreate,
  onBack,
  extra,
  blocked = false,
}: {
  proposal: TableProposal;
  locale: Locale;
  busy: boolean;
  onCreate: (userPlan: UserPlanRequest) => void;
  onBack: () => void;
  /** More choices shown before the button (the actuals' source). */
  extra?: ComponentChildren;
  /** True while those choices are incomplete. */
  blocked?: boolean;
}) {
  const t = APP_TEXT[locale];
  const [roles, setRoles] = useState(() => proposedRoles(proposal));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const first = proposedRoles(proposal);
  const held = new Set(Object.values(roles));
  const missing = REQUIRED.filter((r) => !held.has(r));
  // Problems are those of the proposed roles: a cell whose column still holds the same role.
  const problems = proposal.problems.filter((p) => roles[p.cell.replace(/\d+$/, '')] === p.field);
  const changed = proposal.columns.some((c) => roles[c.letter] !== first[c.letter]);
  const id = (x: string) => `confirm-${x}`;

  return (
    <div data-testid="confirm">
      <h2 tabIndex={-1} ref={heading}>
        {fill(t.confirmTitle, { sheet: proposal.sheet })}
      </h2>
      <p class="muted">{fill(t.confirmIntro, { first: String(proposal.firstRow), last: String(proposal.lastRow) })}</p>
      <table class="mapping" aria-label={t.confirmColumns}>
        <thead>
          <tr>
            <th scope="col">{t.confirmColumn}</th>
            <th scope="col">{t.confirmRole}</th>
          </tr>
        </thead>
        <tbody>
          {proposal.columns.map((c) => (
            <tr key={c.letter} data-column={c.letter}>
              <th scope="row">
                <label for={id(c.letter)}>
                  <span class="col-letter">{c.letter}</span> <span class="col-header">{c.header === '' ? t.confirmNoHeader : c.header}</span>
                </label>
                {c.samples.length > 0 ? <span class="samples">{fill(t.confirmExamples, { values: c.samples.join(' · ') })}</span> : null}
              </th>
              <td>
                <select
                  id={id(c.letter)}
                  value={roles[c.letter] ?? ''}
                  disabled={busy}
                  onChange={(e) => setRoles((r) => assignRole(r, c.letter, valueOf(e) as Role | ''))}
                >
                  <option value="">{t.roleNone}</option>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleName(r, locale)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 ? (
        <p class="box warn" role="status" data-testid="confirm-missing">
          {fill(t.confirmMissing, { roles: missing.map((r) => roleName(r, locale)).join(t.listSep) })}
        </p>
      ) : null}
      <div class="confirm-problems" data-testid="confirm-problems">
        {problems.length === 0 ? (
          <p class="muted">{t.confirmNoProblems}</p>
        ) : (
          <>
            <p>{fill(t.confirmProblems, { count: String(problems.length) })}</p>
            <ul class="problems">
              {problems.map((p) => (
                <li key={p.cell} data-cell={p.cell}>
                  <strong>{fill(t.confirmCell, { cell: p.cell })}</strong>
                  {p.text !== '' ? <code class="cell-text">{p.text}</code> : null}
                  <span class="reason">{p.message[locale]}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {changed ? <p class="muted">{t.confirmChanged}</p> : null}
      </div>
      {extra}
      <div class="actions">
        <button type="button" class="btn primary" data-testid="confirm-create" disabled={busy || blocked || missing.length > 0} onClick={() => onCreate(userPlanOf(proposal, roles))}>
          {busy ? t.inserting : t.confirmCreate}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={onBack}>
          {t.confirmBack}
        </button>
      </div>
    </div>
  );
}
