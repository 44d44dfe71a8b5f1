/**
 * The columns of a table read from a sheet, for the user to say what each holds: one row per
 * column (its letter, its header as written, one or two values) with a choice of role, and the
 * cells that give no value. The confirm step of a user's own KPI table and the columns of a
 * system export both show it. Headers, values and cell texts are shown as text only.
 */
import { Fragment, type ComponentChildren } from 'preact';
import type { AppText } from './app-text.js';
import type { TableProposal } from './bridge.js';

export type RoleMap<R extends string> = Readonly<Record<string, R | ''>>;

/** The column letters of a cell address ("AB12" → "AB"). */
export const columnOf = (cell: string) => cell.replace(/\d+$/, '');

/** A role given to one column leaves the column that held it; `many` (if given) may be held by several. */
export function assignRole<R extends string>(roles: RoleMap<R>, letter: string, role: R | '', many?: R): Record<string, R | ''> {
  const next: Record<string, R | ''> = {};
  for (const [l, r] of Object.entries(roles)) next[l] = role !== '' && role !== many && r === role ? '' : r;
  next[letter] = role;
  return next;
}

/**
 * "Examples: a · b": each value with its dot is one block, moved whole to the next line when it
 * does not fit ("2026-10-31 ·", not "2026-10-" then "31 ·"), broken only when longer than a line.
 */
function Samples({ t, samples }: { t: AppText; samples: readonly string[] }) {
  const [before, after = ''] = t.confirmExamples.split('{values}');
  return (
    <span class="samples">
      {before}
      {samples.map((s, i) => (
        <Fragment key={i}>
          {i > 0 ? ' ' : ''}
          <span class="v">{i < samples.length - 1 ? `${s} ·` : s}</span>
        </Fragment>
      ))}
      {after}
    </span>
  );
}

export function MappingTable<R extends string>(props: {
  t: AppText;
  /** The table's accessible name. */
  label: string;
  proposal: TableProposal;
  roles: RoleMap<R>;
  /** The roles offered, in order, each with its name; "not used" comes first. */
  choices: readonly R[];
  name: (role: R) => string;
  /** The id of a column's choice (its label points at it). */
  id: (letter: string) => string;
  disabled?: boolean;
  onRole: (letter: string, role: R | '') => void;
}) {
  const { t, roles } = props;
  return (
    <table class="mapping" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{t.confirmColumn}</th>
          <th scope="col">{t.confirmRole}</th>
        </tr>
      </thead>
      <tbody>
        {props.proposal.columns.map((c) => (
          <tr key={c.letter} data-column={c.letter}>
            <th scope="row">
              <label for={props.id(c.letter)}>
                <span class="col-letter">{c.letter}</span> <span class="col-header">{c.header === '' ? t.confirmNoHeader : c.header}</span>
              </label>
              {c.samples.length > 0 ? <Samples t={t} samples={c.samples} /> : null}
            </th>
            <td>
              <select
                id={props.id(c.letter)}
                value={roles[c.letter] ?? ''}
                disabled={props.disabled}
                onChange={(e) => props.onRole(c.letter, (e.target as HTMLSelectElement).value as R | '')}
              >
                <option value="">{t.roleNone}</option>
                {props.choices.map((r) => (
                  <option key={r} value={r}>
                    {props.name(r)}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What stops the table being used, in a warning box; nothing when all is well. */
export function MappingIssues({ testid, lines }: { testid: string; lines: readonly string[] }) {
  return lines.length === 0 ? null : (
    <div class="box warn" role="status" data-testid={testid}>
      {lines.map((s, i) => (
        <p key={i}>{s}</p>
      ))}
    </div>
  );
}

type Problem = TableProposal['problems'][number];

/** The cells that give no value: a line saying there are none, or a count and one item per cell. */
export function MappingProblems({
  testid,
  problems,
  none,
  head,
  item,
  children,
}: {
  testid: string;
  problems: readonly Problem[];
  none: string;
  /** The line above the list (its count filled in by the caller). */
  head: string;
  item: (p: Problem) => ComponentChildren;
  /** A note after the list. */
  children?: ComponentChildren;
}) {
  return (
    <div class="confirm-problems" data-testid={testid}>
      {problems.length === 0 ? (
        <p class="muted">{none}</p>
      ) : (
        <>
          <p>{head}</p>
          <ul class="problems">
            {problems.map((p) => (
              <li key={p.cell} data-cell={p.cell}>
                {item(p)}
              </li>
            ))}
          </ul>
        </>
      )}
      {children}
    </div>
  );
}
