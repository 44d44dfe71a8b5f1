/**
 * The insert of a template and what it shows: reading the user's table for the confirm step, why
 * it could not be read, the progress, what was made, or why it failed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TemplateKind } from '../core/templates/options.js';
import type { RenderOutcome, RenderProgress } from '../core/templates/render.js';
import type { AppText } from './app-text.js';
import type { Bridge, ExportRequest, InsertRequest, TableProposal, UserPlanRequest } from './bridge.js';
import { failureLines, outcomeLines, toFailure, type Failure } from './messages.js';
import { fill } from './text.js';

type Stage =
  | { readonly name: 'form' }
  | { readonly name: 'running'; readonly progress: RenderProgress | null }
  | { readonly name: 'done'; readonly outcome: RenderOutcome }
  | { readonly name: 'failed'; readonly failure: Failure }
  /** Reading the user's table for the confirm step, or why it could not be. */
  | { readonly name: 'reading' }
  | { readonly name: 'noTable'; readonly message: string };

/**
 * The insert: form → running → done or failed; for the user's own table, form → reading →
 * the confirm step (or noTable) → running. The result box takes the focus when it appears.
 */
export function useInsert(bridge: Bridge, t: AppText) {
  const [stage, setStage] = useState<Stage>({ name: 'form' });
  /** The confirm step: the user's table as read and the options it was asked with. */
  const [confirm, setConfirm] = useState<{ proposal: TableProposal; request: InsertRequest } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const progressRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stage.name === 'done' || stage.name === 'failed' || stage.name === 'noTable') resultRef.current?.focus();
    if (stage.name === 'running') progressRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [stage.name]);

  const run = async (request: InsertRequest) => {
    setStage({ name: 'running', progress: null });
    try {
      const outcome = await bridge.insertTemplate(request, (progress) => setStage({ name: 'running', progress }));
      setStage({ name: 'done', outcome });
    } catch (err) {
      setStage({ name: 'failed', failure: toFailure(err) });
    }
  };
  /** Reads the user's table (the active sheet's when `sheet` is undefined), then the confirm step. */
  const review = async (request: InsertRequest, sheet: string | undefined) => {
    setStage({ name: 'reading' });
    try {
      const proposal = await bridge.readTable(sheet);
      if (proposal === null) return setStage({ name: 'noTable', message: t.confirmNoTable });
      setConfirm({ proposal, request });
      setStage({ name: 'form' });
    } catch (err) {
      setStage({ name: 'noTable', message: fill(t.confirmFailed, { detail: err instanceof Error ? err.message : String(err) }) });
    }
  };
  /** Creates the review from the confirmed table, with the actuals as chosen in the confirm step. */
  const create = (userPlan: UserPlanRequest, actuals?: ExportRequest) => {
    if (confirm === null || stage.name === 'running') return;
    const { actuals: _asked, ...request } = confirm.request;
    void run({ ...request, userPlan, ...(actuals ? { actuals } : {}) });
  };
  const reset = () => {
    setConfirm(null);
    setStage({ name: 'form' });
  };
  return { stage, confirm, resultRef, progressRef, run, review, create, reset };
}

export type Insert = ReturnType<typeof useInsert>;

/** Below the form or the confirm step: the stage of the insert, if it shows one. */
export function InsertStatus({ t, insert }: { t: AppText; insert: Insert }) {
  const { stage, resultRef } = insert;
  const progress = stage.name === 'running' ? stage.progress : null;
  const pct = progress && progress.total > 0 ? Math.round((100 * Math.min(progress.done, progress.total)) / progress.total) : 0;
  const text = progress ? fill(t.progress, { done: String(progress.done), total: String(progress.total) }) : t.inserting;
  return (
    <>
      {stage.name === 'reading' ? (
        <p class="muted" role="status">
          {t.confirmReading}
        </p>
      ) : null}
      {stage.name === 'noTable' ? (
        <div class="box warn" role="alert" tabIndex={-1} ref={resultRef} data-testid="no-table">
          <p>{stage.message}</p>
        </div>
      ) : null}
      {stage.name === 'running' ? (
        <div data-testid="progress" ref={insert.progressRef}>
          <div class="bar" role="progressbar" aria-label={t.progressLabel} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={text}>
            <div style={`width:${pct}%`} />
          </div>
          <p class="muted" role="status" aria-live="polite">
            {text}
          </p>
        </div>
      ) : null}
      {stage.name === 'failed' ? (
        <div class="box err" role="alert" tabIndex={-1} ref={resultRef} data-testid="error" data-code={stage.failure.code}>
          <strong>{stage.failure.rollbackFailed ? t.errorTitlePartial : t.errorTitle}</strong>
          {failureLines(t, stage.failure).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}

/** What was made, and the way on: another of the same, or back to the gallery. */
export function Done({ t, kind, outcome, insert, onBack }: { t: AppText; kind: TemplateKind; outcome: RenderOutcome; insert: Insert; onBack: () => void }) {
  return (
    <>
      <div class="box ok" role="status" tabIndex={-1} ref={insert.resultRef} data-testid="result">
        {outcomeLines(t, kind, outcome).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <div class="actions">
        <button type="button" class="btn primary" onClick={insert.reset}>
          {t.addAnother}
        </button>
        <button type="button" class="btn" onClick={onBack}>
          {t.backToGallery}
        </button>
      </div>
    </>
  );
}
