/**
 * Updating a generated review to a new roster: the gallery's entry (shown when the active sheet
 * belongs to a set the add-in made, with a way to check again after switching sheets) and the
 * update view: the set's sheets, the roster as an editable list, what the update will do, then
 * its progress and report, or why nothing was changed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RenderProgress } from '../core/templates/render.js';
import type { Locale } from '../core/types.js';
import { APP_TEXT, type AppText } from './app-text.js';
import type { Bridge, UpdateChoice, UpdateReport } from './bridge.js';
import { failureLines, reportLines, toFailure, type Failure } from './messages.js';
import { issueText, parseRoster, rosterChange, rosterIssues, rosterOf, rosterText } from './roster.js';
import { fill } from './text.js';

/** The set the active sheet belongs to: undefined while asked, null when none. */
export function useUpdateChoice(bridge: Bridge) {
  const [choice, setChoice] = useState<UpdateChoice | null | undefined>(undefined);
  const asked = useRef(0);
  const check = () => {
    const n = ++asked.current;
    setChoice(undefined);
    // Called through a promise: a host without the method answers "none" rather than failing the pane.
    Promise.resolve()
      .then(() => bridge.updateChoice())
      .then(
      (c) => n === asked.current && setChoice(c ?? null),
      () => n === asked.current && setChoice(null),
    );
  };
  useEffect(check, [bridge]);
  return { choice, check };
}

/** A bonus sheet or a 360 feedback set (not a review), for the words of the update. */
function sheetKind(choice: UpdateChoice): 'bonus' | 'feedback360' | null {
  return choice.kind === 'bonus' || choice.kind === 'feedback360' ? choice.kind : null;
}

/** Above the gallery: the review found on the active sheet and the way into its update, or how to find one. */
export function UpdateEntry({ t, locale, choice, onOpen, onCheck }: { t: AppText; locale: Locale; choice: UpdateChoice | null | undefined; onOpen: () => void; onCheck: () => void }) {
  const checking = choice === undefined;
  // A set whose sheets changed shape cannot be updated: the words say where, and there is no way in.
  const problem = choice?.problem?.[locale];
  return (
    <section class={`update-entry${choice ? ' found' : ''}`} data-testid="update-entry" aria-labelledby="update-entry-text">
      {problem !== undefined ? (
        <div id="update-entry-text" class="box warn" role="alert" data-testid="update-problem">
          <strong>{fill(t.updateRefused, { sheet: choice!.sheet })}</strong>
          <p>{problem}</p>
        </div>
      ) : (
        <p id="update-entry-text" class={choice ? '' : 'muted'} role="status">
          {checking ? t.updateChecking : choice ? fill(sheetKind(choice) ? t.updateFoundSheet : t.updateFound, { sheet: choice.sheet, employees: String(choice.roster.length), kpis: String(choice.kpis) }) : t.updateNone}
        </p>
      )}
      <div class="actions">
        {choice && problem === undefined ? (
          <button type="button" class="btn primary" data-testid="update-open" onClick={onOpen}>
            {sheetKind(choice) ? t.updateOpenKind[sheetKind(choice)!] : t.updateOpen}
          </button>
        ) : null}
        <button type="button" class="btn" data-testid="update-check" disabled={checking} onClick={onCheck}>
          {t.updateCheck}
        </button>
      </div>
    </section>
  );
}

/** Names listed in the summary before "and n more". */
const SHOWN_NAMES = 12;

type Stage =
  | { readonly name: 'edit' }
  | { readonly name: 'running'; readonly progress: RenderProgress | null }
  | { readonly name: 'done'; readonly report: UpdateReport }
  | { readonly name: 'failed'; readonly failure: Failure };

export function UpdateView({ bridge, locale, choice, onBack }: { bridge: Bridge; locale: Locale; choice: UpdateChoice; onBack: () => void }) {
  const t = APP_TEXT[locale];
  const [text, setText] = useState(() => rosterText(choice.roster));
  const [stage, setStage] = useState<Stage>({ name: 'edit' });
  const heading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (stage.name === 'done' || stage.name === 'failed') result.current?.focus();
  }, [stage.name]);

  const lines = parseRoster(text);
  const issues = rosterIssues(lines);
  const roster = rosterOf(lines);
  const change = rosterChange(choice.roster, roster);
  const running = stage.name === 'running';
  const ready = issues.length === 0 && lines.length > 0 && !running;

  const run = async () => {
    if (!ready) return;
    setStage({ name: 'running', progress: null });
    try {
      const { report } = await bridge.update({ sheet: choice.sheet, roster }, (progress) => setStage({ name: 'running', progress }));
      setStage({ name: 'done', report });
    } catch (e) {
      setStage({ name: 'failed', failure: toFailure(e) });
    }
  };

  const quote = (s: string) => `“${s}”`;
  // Long lists (a whole department leaving) are cut short: the count says how many.
  const names = (list: readonly string[]) =>
    list.length <= SHOWN_NAMES ? list.join(t.listSep) : fill(t.namesMore, { names: list.slice(0, SHOWN_NAMES).join(t.listSep), count: String(list.length - SHOWN_NAMES) });
  const back = (
    <button type="button" class="back" onClick={onBack} disabled={running}>
      {t.back}
    </button>
  );
  const head = (
    <>
      <h2 tabIndex={-1} ref={heading}>
        {fill(t.updateTitle, { sheet: choice.sheet })}
      </h2>
      <p class="muted" data-testid="update-sheets">
        {fill(t.updateSheets, { sheets: choice.sheets.map(quote).join(t.listSep) })}
      </p>
    </>
  );

  if (stage.name === 'done') {
    return (
      <div data-testid="update">
        {back}
        {head}
        <div class="box ok" role="status" tabIndex={-1} ref={result} data-testid="update-result">
          <strong>{fill(t.updateDone, { sheet: choice.sheet })}</strong>
          {reportLines(t, stage.report).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
        <div class="actions">
          <button type="button" class="btn primary" onClick={onBack}>
            {t.backToGallery}
          </button>
        </div>
      </div>
    );
  }

  const progress = stage.name === 'running' ? stage.progress : null;
  const pct = progress && progress.total > 0 ? Math.round((100 * Math.min(progress.done, progress.total)) / progress.total) : 0;
  const progressText = progress ? fill(t.updateProgress, { done: String(progress.done), total: String(progress.total) }) : t.updating;
  const same = change.added.length === 0 && change.archived.length === 0 && change.moved.length === 0;

  return (
    <div data-testid="update">
      {back}
      {head}
      <p class="muted">{t.updateIntro}</p>
      <div class="field">
        <label for="update-roster">{t.rosterLabel}</label>
        <textarea
          id="update-roster"
          class="roster"
          rows={Math.min(12, Math.max(5, choice.roster.length + 1))}
          spellcheck={false}
          autocomplete="off"
          value={text}
          disabled={running}
          aria-describedby="update-roster-help update-issues"
          aria-invalid={issues.length > 0}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
        <span class="help" id="update-roster-help">
          {t.rosterHelp}
        </span>
        <span class="help" data-testid="roster-count">
          {fill(t.rosterCount, { count: String(lines.length) })}
        </span>
      </div>
      <div id="update-issues" data-testid="update-issues">
        {issues.length > 0 || lines.length === 0 ? (
          <div class="box warn">
            <p>{lines.length === 0 ? t.rosterEmpty : t.rosterFix}</p>
            {issues.length > 0 ? (
              <ul class="problems">
                {issues.map((i) => (
                  <li key={`${i.kind}-${i.line}`} data-line={i.line}>
                    {issueText(i, locale)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <section class="summary" aria-labelledby="update-summary-title" data-testid="update-summary">
        <h3 id="update-summary-title">{t.updateSummary}</h3>
        <ul aria-live="polite">
          <li data-part="kept">{fill(t.summaryKept, { count: String(change.kept) })}</li>
          {change.moved.length > 0 ? <li data-part="moved">{fill(t.summaryMoved, { names: names(change.moved) })}</li> : null}
          {change.added.length > 0 ? (
            <li data-part="added" class="added">
              {fill(t.summaryAdded, { count: String(change.added.length), names: names(change.added) })}
            </li>
          ) : null}
          {change.archived.length > 0 ? (
            <li data-part="archived" class="archived">
              {fill(t.summaryArchived, { count: String(change.archived.length), names: names(change.archived) })}
            </li>
          ) : null}
          {same ? <li data-part="same">{t.summaryNone}</li> : null}
        </ul>
      </section>
      <div class="actions">
        <button type="button" class="btn primary" data-testid="update-run" disabled={!ready} onClick={() => void run()}>
          {running ? t.updating : t.updateRun}
        </button>
        <button type="button" class="btn" disabled={running} onClick={onBack}>
          {t.cancel}
        </button>
      </div>
      {stage.name === 'running' ? (
        <div data-testid="progress">
          <div class="bar" role="progressbar" aria-label={t.progressLabel} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={progressText}>
            <div style={`width:${pct}%`} />
          </div>
          <p class="muted" role="status" aria-live="polite">
            {progressText}
          </p>
        </div>
      ) : null}
      {stage.name === 'failed' ? (
        <div class="box err" role="alert" tabIndex={-1} ref={result} data-testid="update-error" data-code={stage.failure.code}>
          <strong>{stage.failure.rollbackFailed ? t.errorTitlePartial : t.updateErrorTitle}</strong>
          {failureLines(t, stage.failure, t.updateErrors).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
          {stage.failure.code === 'edited' || stage.failure.code === 'sheetGone' ? (
            // The set as it is now: read again from the gallery.
            <div class="actions">
              <button type="button" class="btn" data-testid="update-recheck" onClick={onBack}>
                {t.updateCheck}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
