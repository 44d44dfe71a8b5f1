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
import { MappingIssues, MappingProblems, MappingTable, assignRole, columnOf } from './mapping-table.js';
import { fill } from './text.js';

const REQUIRED: readonly Role[] = ['kpi', 'target', 'weight'];

/** A role's name as a choice and where the choices are named: capitalised like the export's roles ("Target", not "target"). */
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Role per column letter, as first proposed. */
export function proposedRoles(p: TableProposal): Record<string, Role | ''> {
  return Object.fromEntries(p.columns.map((c) => [c.letter, c.role ?? '']));
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
  const problems = proposal.problems.filter((p) => roles[columnOf(p.cell)] === p.field);
  const changed = proposal.columns.some((c) => roles[c.letter] !== first[c.letter]);
  const name = (r: Role) => capital(roleName(r, locale));

  return (
    <div data-testid="confirm">
      <h2 tabIndex={-1} ref={heading}>
        {fill(t.confirmTitle, { sheet: proposal.sheet })}
      </h2>
      <p class="muted">{fill(t.confirmIntro, { first: String(proposal.firstRow), last: String(proposal.lastRow) })}</p>
      <MappingTable
        t={t}
        label={t.confirmColumns}
        proposal={proposal}
        roles={roles}
        choices={ROLES}
        name={name}
        id={(letter) => `confirm-${letter}`}
        disabled={busy}
        onRole={(letter, role) => setRoles((r) => assignRole(r, letter, role))}
      />
      <MappingIssues testid="confirm-missing" lines={missing.length > 0 ? [fill(t.confirmMissing, { roles: missing.map(name).join(t.listSep) })] : []} />
      <MappingProblems
        testid="confirm-problems"
        problems={problems}
        none={t.confirmNoProblems}
        head={fill(t.confirmProblems, { count: String(problems.length) })}
        item={(p) => (
          <>
            <strong>{fill(t.confirmCell, { cell: p.cell })}</strong>
            {p.text !== '' ? <code class="cell-text">{p.text}</code> : null}
            <span class="reason">{p.message[locale]}</span>
          </>
        )}
      >
        {changed ? <p class="muted">{t.confirmChanged}</p> : null}
      </MappingProblems>
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
