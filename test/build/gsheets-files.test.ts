import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, prepare, readSettings } from '../../scripts/deploy-gsheets.js';
import { DIST, ROOT } from '../hosts/hosts.js';

describe('dist/gsheets', () => {
  it('asks only for the current spreadsheet and the container UI', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'gsheets/appsscript.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
    ]);
    expect(manifest.runtimeVersion).toBe('V8');
  });

  it('inlines the reference into Sidebar.html without closing its script early', () => {
    const html = readFileSync(join(DIST, 'gsheets/Sidebar.html'), 'utf8');
    expect(html).toContain('data-locale=""');
    expect(html).not.toContain('/*SIDEBAR_JS*/');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('google.script.run');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});

describe('clasp settings', () => {
  it('name the built folder, with .claspignore beside .clasp.json', () => {
    const settings = JSON.parse(readFileSync(join(ROOT, 'gsheets-addon/.clasp.json'), 'utf8')) as Record<string, unknown>;
    expect(settings.rootDir).toBe('../dist/gsheets');
    expect(typeof settings.scriptId).toBe('string');
    expect(readFileSync(join(ROOT, 'gsheets-addon/.claspignore'), 'utf8')).toContain('!Code.js');
  });

  it('make deploy:gsheets refuse while the script id is unset', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kpi-clasp-settings-')), '.clasp.json');
    writeFileSync(file, JSON.stringify({ scriptId: PLACEHOLDER, rootDir: '../dist/gsheets' }));
    const msg = readSettings({}, file);
    expect(typeof msg).toBe('string');
    expect(msg).toContain('KPI_SCRIPT_ID');
    expect(readSettings({ KPI_SCRIPT_ID: 'x' }, file)).toMatch(/Not an Apps Script id/);
    const id = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop';
    expect(readSettings({ KPI_SCRIPT_ID: id }, file)).toEqual({ scriptId: id, dir: join(dirname(file), '../dist/gsheets') });
    expect(readSettings({ KPI_SCRIPT_ID: id })).toEqual({ scriptId: id, dir: join(ROOT, 'dist/gsheets') });
  });

  it('push exactly Code.js, Sidebar.html and appsscript.json (clasp show-file-status, offline)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kpi-clasp-')), 'gsheets');
    cpSync(join(DIST, 'gsheets'), dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'not pushed');
    prepare({ scriptId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnop', dir });
    const r = spawnSync(join(ROOT, 'node_modules/.bin/clasp'), ['show-file-status', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
    });
    expect(r.status, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout.trim().split('\n').pop()!) as { filesToPush: string[] };
    expect([...status.filesToPush].sort()).toEqual(['Code.js', 'Sidebar.html', 'appsscript.json']);
  });
});
