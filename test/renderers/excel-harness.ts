/**
 * Renders a description into the Office.js fake, the way the task pane renders into Excel, and
 * gives what the parity test and the benchmark compare: the snapshot of what was added, the syncs
 * and the request sizes.
 */
import { renderWorkbook } from '../../excel-addin/render.js';
import { ALL_FEATURES, type ExcelFeatures } from '../../excel-addin/support.js';
import type { RenderOutcome } from '../../core/templates/render.js';
import type { WorkbookDesc } from '../../core/templates/types.js';
import { FakeExcel } from '../fakes/excel.js';
import type { WorkbookSnapshot } from './snapshot.js';

export interface ExcelFakeRender {
  /** The sheets and names the render added (pre-existing ones left out), in tab order. */
  readonly snapshot: WorkbookSnapshot;
  /** context.sync() calls of the render, the read of the workbook included. */
  readonly syncs: number;
  /** The largest request, in bytes. */
  readonly maxRequestBytes: number;
  /** Bytes of each request. */
  readonly requests: number[];
  readonly fake: FakeExcel;
  readonly outcome: RenderOutcome;
  /** Milliseconds of the render against the fake (the snapshot taken afterwards not counted). */
  readonly ms: number;
  /** Of those, the fake's own work: applying the requests, as Excel would. */
  readonly hostMs: number;
}

export async function renderInExcelFake(
  desc: WorkbookDesc,
  opts: { existing?: (fake: FakeExcel) => void; features?: ExcelFeatures; maxRequestBytes?: number } = {},
): Promise<ExcelFakeRender> {
  const fake = new FakeExcel();
  opts.existing?.(fake);
  const sheetsBefore = new Set(fake.model.sheets.map((s) => s.id));
  const namesBefore = new Set(fake.model.names.keys());
  const syncs0 = fake.syncs;
  const requests0 = fake.requests.length;
  const hostMs0 = fake.hostMs;
  const started = performance.now();
  const outcome = await fake.run((context) =>
    renderWorkbook(context, desc, undefined, {
      features: opts.features ?? ALL_FEATURES,
      pause: () => Promise.resolve(),
      ...(opts.maxRequestBytes !== undefined ? { maxRequestBytes: opts.maxRequestBytes } : {}),
    }),
  );
  const ms = performance.now() - started;
  const all = fake.snapshot();
  const added = fake.model.sheets.map((s) => !sheetsBefore.has(s.id));
  const names: Record<string, string> = {};
  for (const [name, ref] of Object.entries(all.names)) if (!namesBefore.has(name.toLowerCase())) names[name] = ref;
  const requests = fake.requests.slice(requests0);
  return {
    snapshot: { sheets: all.sheets.filter((_, i) => added[i]), names },
    syncs: fake.syncs - syncs0,
    maxRequestBytes: Math.max(0, ...requests),
    requests,
    fake,
    outcome,
    ms,
    hostMs: fake.hostMs - hostMs0,
  };
}
