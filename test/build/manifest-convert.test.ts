/**
 * The add-in only manifest (dist/manifest.xml) converts to the unified manifest for Microsoft 365
 * with Microsoft's converter, offline: same id, the shared runtime's page, the Templates button
 * opening the template gallery, Chinese labels in the zh-CN localization file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from 'office-addin-manifest-converter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_BASE_URL } from '../../scripts/generate.js';
import { DIST } from '../hosts/hosts.js';

interface Runtime {
  id: string;
  type: string;
  lifetime?: string;
  code: { page: string; script?: string };
  actions?: { id: string; type: string; view?: string }[];
}
interface Control {
  id: string;
  type: string;
  label: string;
  actionId: string;
  supertip: { title: string; description: string };
}
interface Unified {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  description: { short: string; full: string };
  extensions: {
    requirements: { capabilities: { name: string; minVersion: string }[]; scopes: string[] };
    runtimes: Runtime[];
    ribbons: { tabs: { builtInTabId?: string; groups: { id: string; label: string; controls: Control[] }[] }[] }[];
  }[];
}

const out = mkdtempSync(join(tmpdir(), 'kpi-unified-'));
const xml = readFileSync(join(DIST, 'manifest.xml'), 'utf8');
const base = /<bt:Url id="Functions.Script.Url" DefaultValue="(https:\/\/[^"]+)\/functions\.js"\/>/.exec(xml)?.[1] ?? DEV_BASE_URL;
let unified: Unified;
let raw: string;
let zh: Record<string, string>;

beforeAll(async () => {
  await convert(join(DIST, 'manifest.xml'), out, false, undefined, undefined, false);
  raw = readFileSync(join(out, 'manifest.json'), 'utf8');
  unified = JSON.parse(raw) as Unified;
  zh = JSON.parse(readFileSync(join(out, 'zh-cn.json'), 'utf8')) as Record<string, string>;
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('unified manifest (office-addin-manifest-converter)', () => {
  it('converts dist/manifest.xml without truncating anything', () => {
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'zh-cn.json']);
    expect(unified.$schema).toMatch(/MicrosoftTeams\.schema\.json/);
    expect(raw).not.toContain('<TRUNCATED>');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('keeps the add-in id, version and languages', () => {
    const id = /<Id>([^<]+)<\/Id>/.exec(xml)![1]!;
    expect(unified.id).toBe(id);
    expect(unified.version).toBe(/<Version>(\d+\.\d+\.\d+)/.exec(xml)![1]);
    expect(unified.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(unified.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'zh-cn', file: 'zh-cn.json' }]);
  });

  it('runs the task pane page in one long-lived shared runtime', () => {
    const ext = unified.extensions[0]!;
    expect(ext.requirements.capabilities).toContainEqual({ name: 'SharedRuntime', minVersion: '1.1' });
    expect(ext.requirements.scopes).toEqual(['workbook']);
    const shared = ext.runtimes.filter((r) => r.lifetime === 'long');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.code.page).toBe(`${base}/taskpane.html?view=templates`);
  });

  it('has a Templates button on the Home tab that opens the template gallery', () => {
    const ext = unified.extensions[0]!;
    const tab = ext.ribbons[0]!.tabs[0]!;
    expect(tab.builtInTabId).toBe('TabHome');
    const controls = tab.groups.flatMap((g) => g.controls);
    expect(controls.map((c) => [c.id, c.label])).toEqual([['KPI.TemplatesButton', 'Templates']]);
    const button = controls[0]!;
    const runtime = ext.runtimes.find((r) => r.actions?.some((a) => a.id === button.actionId));
    expect(runtime, 'the runtime of the button action').toBeDefined();
    const action = runtime!.actions!.find((a) => a.id === button.actionId)!;
    expect(action.type).toBe('openPage');
    const page = new URL(runtime!.code.page);
    expect(page.href.startsWith(base)).toBe(true);
    expect(page.pathname.endsWith('/taskpane.html')).toBe(true);
    expect(page.searchParams.get('view')).toBe('templates');
  });

  it('carries the Chinese labels in zh-cn.json', () => {
    const label = Object.entries(zh).find(([k]) => /controls\[0\]\.label$/.test(k));
    expect(label?.[1]).toBe('模板');
    expect(Object.entries(zh).find(([k]) => /controls\[0\]\.supertip\.description$/.test(k))?.[1]).toMatch(/[\u4e00-\u9fff]/);
    expect(zh['name.short']).toMatch(/KPI Kit/);
    expect(zh['description.short']).toMatch(/[\u4e00-\u9fff]/);
  });
});
