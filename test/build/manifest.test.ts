import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_BASE_URL, manifestFor, normalizeBaseUrl } from '../../scripts/generate.js';
import { DIST, ROOT } from '../hosts/hosts.js';

const manifest = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

function xmllint(file: string): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is not installed (apt-get install libxml2-utils): ${r.error.message}`);
  return { status: r.status, stderr: r.stderr };
}

/** id -> kind (Image, Url, String) and the text of each resource, from <Resources>. */
function resources(xml: string): Map<string, { kind: string; block: string }> {
  const out = new Map<string, { kind: string; block: string }>();
  const re = /<bt:(Image|Url|String)\s+id="([^"]+)"[^>]*?(?:\/>|>[\s\S]*?<\/bt:\1>)/g;
  for (const m of xml.matchAll(re)) {
    const section = xml.lastIndexOf('<bt:', m.index) >= 0 ? sectionOf(xml, m.index) : '';
    out.set(m[2]!, { kind: section, block: m[0] });
  }
  return out;
}

function sectionOf(xml: string, index: number): string {
  const before = xml.slice(0, index);
  const sections = ['Images', 'Urls', 'ShortStrings', 'LongStrings'];
  let best = '';
  let at = -1;
  for (const s of sections) {
    const i = before.lastIndexOf(`<bt:${s}>`);
    if (i > at) {
      at = i;
      best = s;
    }
  }
  return best;
}

/** Which resource section each referring element needs. */
const NEEDS: Record<string, string> = {
  Runtime: 'Urls',
  SourceLocation: 'Urls',
  FunctionFile: 'Urls',
  LearnMoreUrl: 'Urls',
  'bt:Image': 'Images',
  Namespace: 'ShortStrings',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};

function urlOf(res: Map<string, { kind: string; block: string }>, id: string): string {
  const m = /DefaultValue="([^"]+)"/.exec(res.get(id)?.block ?? '');
  if (!m) throw new Error(`no URL for ${id}`);
  return m[1]!;
}

describe('manifest.xml', () => {
  it('is well-formed XML (xmllint)', () => {
    const r = xmllint(join(ROOT, 'manifest.xml'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('resolves every resid to a resource of the right kind', () => {
    const res = resources(manifest);
    const refs = [...manifest.matchAll(/<([\w:]+)\b[^>]*\bresid="([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, element, id] of refs) {
      expect(res.has(id!), `resid ${id} on <${element}>`).toBe(true);
      expect(res.get(id!)!.kind, `resid ${id} on <${element}>`).toBe(NEEDS[element!]);
    }
    const ids = [...manifest.matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('runs custom functions and the task pane in one shared runtime', () => {
    expect(manifest).toMatch(/<Set Name="SharedRuntime" MinVersion="1\.1"\/>/);
    const runtime = /<Runtime resid="([^"]+)" lifetime="long"\/>/.exec(manifest);
    expect(runtime).not.toBeNull();
    const cf = /<ExtensionPoint xsi:type="CustomFunctions">([\s\S]*?)<\/ExtensionPoint>/.exec(manifest)![1]!;
    const page = /<Page>\s*<SourceLocation resid="([^"]+)"\/>/.exec(cf)![1]!;
    const res = resources(manifest);
    expect(urlOf(res, page)).toBe(urlOf(res, runtime![1]!));
    expect(urlOf(res, page)).toBe(`${DEV_BASE_URL}/taskpane.html?view=templates`);
    const script = /<Script>\s*<SourceLocation resid="([^"]+)"\/>/.exec(cf)![1]!;
    expect(urlOf(res, script)).toBe(`${DEV_BASE_URL}/functions.js`);
    const meta = /<Metadata>\s*<SourceLocation resid="([^"]+)"\/>/.exec(cf)![1]!;
    expect(urlOf(res, meta)).toBe(`${DEV_BASE_URL}/functions.json`);
    expect(res.get(meta)!.block).toContain(`<bt:Override Locale="zh-CN" Value="${DEV_BASE_URL}/functions.zh-CN.json"/>`);
    const ns = /<Namespace resid="([^"]+)"\/>/.exec(cf)![1]!;
    expect(res.get(ns)!.block).toMatch(/DefaultValue="KPI"/);
    // A shared runtime has one task pane: every ribbon button that shows it opens the runtime's page.
    const panes = [...manifest.matchAll(/<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(panes.length).toBeGreaterThan(0);
    for (const pane of panes) expect(pane).toBe(runtime![1]);
    expect(/<FunctionFile resid="([^"]+)"\/>/.exec(manifest)![1]).toBe(runtime![1]);
  });

  it('opens the task pane on the template gallery from a Templates button', () => {
    const res = resources(manifest);
    const url = new URL(urlOf(res, 'Taskpane.Url'));
    expect(url.pathname).toBe('/taskpane.html');
    expect(url.searchParams.get('view')).toBe('templates');
    expect(manifest).toContain('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html?view=templates"/>');
    const buttons = [...manifest.matchAll(/<Control xsi:type="Button" id="([^"]+)">([\s\S]*?)<\/Control>/g)];
    expect(buttons.map((b) => b[1])).toEqual(['KPI.TemplatesButton']);
    const label = /<Label resid="([^"]+)"\/>/.exec(buttons[0]![2]!)![1]!;
    expect(res.get(label)!.block).toMatch(/DefaultValue="Templates">\s*<bt:Override Locale="zh-CN" Value="模板"\/>/);
    // Every string a button shows has a Chinese override.
    for (const [, id] of buttons[0]![2]!.matchAll(/<(?:Label|Title|Description) resid="([^"]+)"\/>/g)) {
      expect(res.get(id!)!.block, id).toMatch(/<bt:Override Locale="zh-CN" Value="[^"]*[\u4e00-\u9fff][^"]*"\/>/);
    }
  });

  it('keeps the namespace KPI and asks for no other domains', () => {
    expect(manifest).not.toContain('<AppDomains>');
    expect(manifest).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="KPI"\/>/);
  });

  it('keeps descriptions within the unified manifest limits', () => {
    const short = /<Description DefaultValue="([^"]+)">/.exec(manifest)![1]!;
    expect(short.length).toBeLessThanOrEqual(80);
    for (const m of manifest.matchAll(/<bt:String id="[^"]+" DefaultValue="([^"]+)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(250);
    // Ribbon supertips: 128 characters in the unified manifest (every language).
    const res = resources(manifest);
    for (const [, id] of manifest.matchAll(/<Supertip>[\s\S]*?<Description resid="([^"]+)"\/>/g)) {
      for (const [, text] of res.get(id!)!.block.matchAll(/(?:DefaultValue|Value)="([^"]+)"/g)) expect(text!.length, id).toBeLessThanOrEqual(128);
    }
  });

  it('asks for ReadWriteDocument and nothing more', () => {
    expect([...manifest.matchAll(/<Permissions>([^<]*)<\/Permissions>/g)].map((m) => m[1])).toEqual(['ReadWriteDocument']);
  });

  it('keeps ReadWriteDocument, no extra domains and every loaded address on the base URL once built', () => {
    const built = readFileSync(join(DIST, 'manifest.xml'), 'utf8');
    const base = normalizeBaseUrl(process.env.KPI_BASE_URL);
    expect([...built.matchAll(/<Permissions>([^<]*)<\/Permissions>/g)].map((m) => m[1])).toEqual(['ReadWriteDocument']);
    expect(built).not.toMatch(/<AppDomains?\b/);
    const loaded = [...built.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]!);
    expect(loaded.length).toBeGreaterThan(5);
    for (const url of loaded) expect(url === base || url.startsWith(`${base}/`), url).toBe(true);
  });

  it('has en-US defaults and zh-CN overrides for its display texts', () => {
    expect(manifest).toContain('<DefaultLocale>en-US</DefaultLocale>');
    for (const el of ['DisplayName', 'Description']) {
      expect(manifest).toMatch(new RegExp(`<${el} DefaultValue="[^"]+">\\s*<Override Locale="zh-CN" Value="[^"]+"/>`));
    }
    const strings = [...manifest.matchAll(/<bt:String id="([^"]+)" DefaultValue="[^"]*"(\/?)>/g)];
    for (const [, id, selfClosing] of strings) {
      if (id === 'Functions.Namespace') continue;
      expect(selfClosing, id).toBe('');
    }
    const zh = [...manifest.matchAll(/<(?:bt:)?Override Locale="zh-CN" Value="([^"]+)"/g)].map((m) => m[1]!);
    expect(zh.some((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
  });

  it('points at icons that the build ships', () => {
    const icons = [...manifest.matchAll(/assets\/(icon-\d+\.png)/g)].map((m) => m[1]!);
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) {
      expect(existsSync(join(ROOT, 'assets', icon)), icon).toBe(true);
      expect(existsSync(join(DIST, 'excel/assets', icon)), icon).toBe(true);
      const png = readFileSync(join(ROOT, 'assets', icon));
      const size = Number(/icon-(\d+)/.exec(icon)![1]);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(size);
      expect(png.readUInt32BE(20)).toBe(size);
    }
  });

  it('moves every URL to KPI_BASE_URL for dist/manifest.xml', () => {
    expect(readFileSync(join(DIST, 'manifest.xml'), 'utf8')).toBe(manifestFor(manifest, normalizeBaseUrl(process.env.KPI_BASE_URL)));
    const prod = manifestFor(manifest, normalizeBaseUrl('https://example.com/kpi/'));
    expect(prod).not.toContain('localhost');
    expect(prod).toContain('<bt:Url id="Taskpane.Url" DefaultValue="https://example.com/kpi/taskpane.html?view=templates"/>');
    expect(prod).toContain('Value="https://example.com/kpi/functions.zh-CN.json"');
    const file = join(mkdtempSync(join(tmpdir(), 'kpi-manifest-')), 'manifest.xml');
    writeFileSync(file, prod);
    expect(xmllint(file).status).toBe(0);
  });

  it('refuses a base URL Office cannot load', () => {
    expect(normalizeBaseUrl(undefined)).toBe(DEV_BASE_URL);
    expect(normalizeBaseUrl('')).toBe(DEV_BASE_URL);
    expect(() => normalizeBaseUrl('http://example.com')).toThrow(/https/);
    expect(() => normalizeBaseUrl('not a url')).toThrow(/not a URL/);
    expect(() => normalizeBaseUrl('https://example.com/?a=1')).toThrow(/query/);
  });
});
