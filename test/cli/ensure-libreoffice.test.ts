import { describe, expect, it } from 'vitest';
import { TOOLS, installPlan } from '../../scripts/ensure-libreoffice.js';

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
  });
});
