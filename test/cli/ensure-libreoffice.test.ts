import { describe, expect, it } from 'vitest';
import { TOOLS, findChromium, fontFamilies, installPlan } from '../../scripts/ensure-libreoffice.js';

const soffice = TOOLS.find((t) => t.aptPackage === 'libreoffice-calc');
const xmllint = TOOLS.find((t) => t.aptPackage === 'libxml2-utils');

describe('ensure-libreoffice', () => {
  it('does nothing when every tool is there', () => {
    expect(installPlan([], { hasApt: true, isRoot: true })).toEqual({ action: 'none' });
    expect(installPlan([], { hasApt: false, isRoot: false })).toEqual({ action: 'none' });
  });

  it('installs only the missing packages as root with apt', () => {
    const plan = installPlan([soffice!, xmllint!], { hasApt: true, isRoot: true });
    expect(plan).toMatchObject({ action: 'install', packages: ['libreoffice-calc', 'libxml2-utils'] });
  });

  it('knows the Debian package of every tool the tests and pictures need', () => {
    expect(TOOLS.map((t) => t.aptPackage)).toEqual([
      'libreoffice-calc',
      'libxml2-utils',
      'poppler-utils',
      'chromium',
      'fonts-noto-cjk',
      'fonts-crosextra-carlito',
    ]);
  });

  it('installs everything missing on a fresh machine in one apt-get install', () => {
    const plan = installPlan(TOOLS, { hasApt: true, isRoot: true });
    expect(plan.action).toBe('install');
    expect(plan.action === 'install' && plan.packages).toEqual(TOOLS.map((t) => t.aptPackage));
    expect(plan.action === 'install' && plan.labels).toContain('Chromium');
  });

  it('stops with the exact command when not root', () => {
    const plan = installPlan([soffice!], { hasApt: true, isRoot: false });
    expect(plan.action).toBe('stop');
    expect(plan.action === 'stop' && plan.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends libreoffice-calc',
    );
  });

  it('points to LibreOffice downloads where there is no apt', () => {
    const plan = installPlan([soffice!], { hasApt: false, isRoot: true });
    expect(plan.action === 'stop' && plan.message).toMatch(/libreoffice\.org|SOFFICE/);
  });

  it('finds the tools on this machine', () => {
    expect(TOOLS.filter((t) => !t.present()).map((t) => t.label)).toEqual([]);
    expect(findChromium()).toMatch(/chromium/);
    expect(fontFamilies('zh')).not.toBe('');
  });

  it('reads no fonts where fontconfig is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(fontFamilies('zh')).toBe('');
    } finally {
      process.env.PATH = path;
    }
  });
});
