/**
 * Makes sure the tools the tests drive are on this machine: LibreOffice Calc (soffice), xmllint,
 * pdftoppm, Chromium (browser tests of the task pane and sidebar), a Chinese font and Carlito
 * (Calibri's metrics) for sheet pictures. Installs only what is missing, with one apt-get update
 * and one apt-get install when running as root; otherwise stops with the command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSoffice } from '../cli/libreoffice.js';

export interface Tool {
  readonly label: string;
  readonly aptPackage: string;
  readonly present: () => boolean;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** Font families fontconfig knows for a language (`fc-list :lang=zh family`); empty without fontconfig. */
export function fontFamilies(lang: string): string {
  try {
    return execFileSync('fc-list', [`:lang=${lang}`, 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** Where browser tests look for Chromium (Debian's package); CHROMIUM overrides. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dir = (process.env.PATH ?? '').split(delimiter).find((d) => d !== '' && existsSync(join(d, 'chromium')));
  return dir ? join(dir, 'chromium') : null;
}

export const TOOLS: readonly Tool[] = [
  { label: 'LibreOffice Calc (soffice)', aptPackage: 'libreoffice-calc', present: () => findSoffice() !== null },
  { label: 'xmllint', aptPackage: 'libxml2-utils', present: () => onPath('xmllint') },
  { label: 'pdftoppm', aptPackage: 'poppler-utils', present: () => onPath('pdftoppm') },
  { label: 'Chromium', aptPackage: 'chromium', present: () => findChromium() !== null },
  { label: 'a Chinese font', aptPackage: 'fonts-noto-cjk', present: () => fontFamilies('zh').trim() !== '' },
  { label: 'Carlito (Calibri metrics)', aptPackage: 'fonts-crosextra-carlito', present: () => /carlito|calibri/i.test(fontFamilies('en')) },
];

export type Plan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly packages: readonly string[]; readonly labels: string }
  | { readonly action: 'stop'; readonly message: string };

/** What to do about the missing tools on this kind of machine. */
export function installPlan(missing: readonly Tool[], machine: { readonly hasApt: boolean; readonly isRoot: boolean }): Plan {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.map((t) => t.aptPackage);
  const labels = missing.map((t) => t.label).join(', ');
  if (!machine.hasApt) {
    return {
      action: 'stop',
      message:
        `Missing: ${labels}.\nThe tests recalculate workbooks in LibreOffice Calc and drive Chromium. Install LibreOffice ` +
        '(https://www.libreoffice.org/download/, or `brew install --cask libreoffice` on macOS), poppler ' +
        '(`brew install poppler`), Chromium (or set CHROMIUM to its executable), a Chinese font and Carlito, ' +
        'or set SOFFICE to the soffice executable, then run the tests again.',
    };
  }
  if (!machine.isRoot) {
    return {
      action: 'stop',
      message: `Missing: ${labels}.\nInstall with:\n\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n\nthen run the tests again.`,
    };
  }
  return { action: 'install', packages, labels };
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

function main(): void {
  const plan = installPlan(
    TOOLS.filter((t) => !t.present()),
    {
      hasApt: process.platform === 'linux' && onPath('apt-get'),
      isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    },
  );
  switch (plan.action) {
    case 'none':
      console.log(`LibreOffice: ${findSoffice()}; Chromium: ${findChromium()}; xmllint, pdftoppm and fonts found.`);
      return;
    case 'stop':
      console.error(plan.message);
      process.exit(1);
      break;
    case 'install': {
      console.log(`Installing ${plan.packages.join(' ')} (missing: ${plan.labels}) ...`);
      run('apt-get', ['update']);
      run('apt-get', ['install', '-y', '--no-install-recommends', ...plan.packages]);
      const still = TOOLS.filter((t) => !t.present());
      if (still.length > 0) {
        console.error(`Still missing after apt-get install: ${still.map((t) => t.label).join(', ')}.`);
        process.exit(1);
      }
      console.log(`LibreOffice: ${findSoffice()}; Chromium: ${findChromium()}`);
    }
  }
}

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) main();
