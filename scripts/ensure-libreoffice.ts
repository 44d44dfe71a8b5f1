/**
 * Makes sure the tools the tests drive are on this machine: LibreOffice Calc (soffice), xmllint
 * and pdftoppm. Installs only what is missing, with apt-get when running as root; otherwise
 * stops with the command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findSoffice } from '../cli/libreoffice.js';

interface Tool {
  readonly label: string;
  readonly aptPackage: string;
  readonly present: () => boolean;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

const TOOLS: readonly Tool[] = [
  { label: 'LibreOffice Calc (soffice)', aptPackage: 'libreoffice-calc', present: () => findSoffice() !== null },
  { label: 'xmllint', aptPackage: 'libxml2-utils', present: () => onPath('xmllint') },
  { label: 'pdftoppm', aptPackage: 'poppler-utils', present: () => onPath('pdftoppm') },
];

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

const missing = TOOLS.filter((t) => !t.present());
if (missing.length === 0) {
  console.log(`LibreOffice: ${findSoffice()}; xmllint and pdftoppm found.`);
  process.exit(0);
}

const packages = missing.map((t) => t.aptPackage);
const labels = missing.map((t) => t.label).join(', ');
const hasApt = process.platform === 'linux' && onPath('apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (!hasApt) {
  console.error(
    `Missing: ${labels}.\nThe tests recalculate workbooks in LibreOffice Calc. Install LibreOffice ` +
      '(https://www.libreoffice.org/download/, or `brew install --cask libreoffice` on macOS) and poppler ' +
      '(`brew install poppler`), or set SOFFICE to the soffice executable, then run the tests again.',
  );
  process.exit(1);
}

if (!isRoot) {
  console.error(
    `Missing: ${labels}.\nInstall with:\n\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n\nthen run the tests again.`,
  );
  process.exit(1);
}

console.log(`Installing ${packages.join(' ')} (missing: ${labels}) ...`);
run('apt-get', ['update']);
run('apt-get', ['install', '-y', '--no-install-recommends', ...packages]);

const still = TOOLS.filter((t) => !t.present());
if (still.length > 0) {
  console.error(`Still missing after apt-get install: ${still.map((t) => t.label).join(', ')}.`);
  process.exit(1);
}
console.log(`LibreOffice: ${findSoffice()}`);
