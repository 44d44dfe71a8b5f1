import { afterEach, describe, expect, it } from 'vitest';
import { isRenderError } from '../../core/templates/render.js';
import { renderErrorFrom, sheetsBridge } from '../../gsheets-addon/bridge.js';
import type { InsertRequest } from '../../ui/bridge.js';

type Server = Record<string, (...args: unknown[]) => unknown>;

/** google.script.run over plain functions: a throw goes to the failure handler. */
function install(server: Server, calls: string[]): void {
  const runner = (ok?: (v: unknown) => void, ko?: (e: unknown) => void): Record<string, unknown> => {
    const r: Record<string, unknown> = {
      withSuccessHandler: (f: (v: unknown) => void) => runner(f, ko),
      withFailureHandler: (f: (e: unknown) => void) => runner(ok, f),
    };
    for (const name of Object.keys(server)) {
      r[name] = (...args: unknown[]) => {
        calls.push(name);
        setTimeout(() => {
          try {
            ok?.(server[name]!(...args));
          } catch (e) {
            ko?.(e);
          }
        }, 0);
      };
    }
    return r;
  };
  (globalThis as { google?: unknown }).google = { script: { run: runner() } };
}

afterEach(() => {
  delete (globalThis as { google?: unknown }).google;
});

const request: InsertRequest = { kind: 'bonus', lang: 'en', period: '2026 Q4', sample: false };
const outcome = { sheets: [], names: [], activeSheet: 'Bonus', activeCell: 'C5' };

describe('Sheets bridge', () => {
  it('reads the server’s JSON failures', () => {
    const e = renderErrorFrom(new Error('{"code":"protected","detail":"Sheet1","rollbackFailed":true}'));
    expect(isRenderError(e)).toBe(true);
    expect([e?.code, e?.detail, e?.rollbackFailed]).toEqual(['protected', 'Sheet1', true]);
    expect(renderErrorFrom(new Error('{"code":"whatever"}'))?.code).toBe('hostError');
    expect(renderErrorFrom(new Error('Rows must be 1 to 5000'))).toBeUndefined();
  });

  it('steps until the outcome, reporting progress each time', async () => {
    const calls: string[] = [];
    install(
      {
        kpiInsertBegin: () => ({ job: { n: 1 }, progress: { done: 1, total: 3 } }),
        kpiInsertStep: (job) => {
          const n = (job as { n: number }).n + 1;
          return { job: { n }, progress: { done: n, total: 3 }, ...(n === 3 ? { outcome } : {}) };
        },
      },
      calls,
    );
    const seen: number[] = [];
    await expect(sheetsBridge().insertTemplate(request, (p) => seen.push(p.done))).resolves.toEqual(outcome);
    expect(seen).toEqual([1, 2, 3]);
    expect(calls).toEqual(['kpiInsertBegin', 'kpiInsertStep', 'kpiInsertStep']);
  });

  it('finishes at once when the first call did everything', async () => {
    install({ kpiInsertBegin: () => ({ job: {}, progress: { done: 2, total: 2 }, outcome }) }, []);
    await expect(sheetsBridge().insertTemplate(request, () => undefined)).resolves.toEqual(outcome);
  });

  it('turns a bad option into its message, and a failed call into a rollback', async () => {
    install({ kpiInsertBegin: () => { throw new Error('Error: Unknown preset "x"'); } }, []);
    await expect(sheetsBridge().insertTemplate(request, () => undefined)).rejects.toMatchObject({ name: 'OptionError', message: 'Unknown preset "x"' });
    const calls: string[] = [];
    install(
      {
        kpiInsertBegin: () => ({ job: { created: ['Bonus'] }, progress: { done: 1, total: 3 } }),
        kpiInsertStep: () => {
          throw new Error('NetworkError: connection lost');
        },
        kpiInsertRollback: () => null,
      },
      calls,
    );
    await expect(sheetsBridge().insertTemplate(request, () => undefined)).rejects.toMatchObject({ code: 'hostError', rollbackFailed: false });
    expect(calls).toEqual(['kpiInsertBegin', 'kpiInsertStep', 'kpiInsertRollback']);
  });

  it('names the sheets to delete when a step could not undo itself', async () => {
    install(
      {
        kpiInsertBegin: () => ({ job: { created: ['Bonus'] }, progress: { done: 1, total: 3 } }),
        kpiInsertStep: () => {
          throw new Error('{"code":"sheetGone","detail":"","rollbackFailed":true}');
        },
      },
      [],
    );
    await expect(sheetsBridge().insertTemplate(request, () => undefined)).rejects.toMatchObject({ code: 'sheetGone', sheets: ['Bonus'] });
  });
});
