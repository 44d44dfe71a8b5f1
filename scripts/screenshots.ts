/**
 * `npm run screenshots`: pictures of every template sheet for the README. The demo workbooks
 * (both languages) are printed through LibreOffice to PDF, one sheet at a time, and rendered with
 * pdftoppm into docs/images/<lang>-<sheet key>.png, cropped to the content.
 *
 * Charts in the workbooks (the dashboard's scores by department) are printed too.
 *
 * Needs LibreOffice Calc, poppler-utils (pdftoppm) and a font with Chinese characters
 * (Debian: fonts-noto-cjk; fonts-crosextra-carlito for Calibri's metrics). `npm test` installs
 * them on a Debian machine as root (scripts/ensure-libreoffice.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoWorkbook } from '../core/templates/index.js';
import { LOCALES } from '../core/types.js';
import { findSoffice } from '../cli/libreoffice.js';
import { sheetImages } from '../cli/snapshot.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'images');
const DPI = 70;
const MAX_BYTES = 150 * 1024;

function fontsFor(lang: string): string {
  try {
    return execFileSync('fc-list', [`:lang=${lang}`, 'family'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const problems: string[] = [];
if (!findSoffice()) problems.push('LibreOffice Calc (apt-get install -y --no-install-recommends libreoffice-calc)');
try {
  execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
} catch {
  problems.push('pdftoppm (apt-get install -y --no-install-recommends poppler-utils)');
}
if (fontsFor('zh') === '') problems.push('a Chinese font (apt-get install -y --no-install-recommends fonts-noto-cjk)');
if (problems.length > 0) {
  console.error(`npm run screenshots needs:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (!/carlito|calibri/i.test(fontsFor('en'))) {
  console.warn('Calibri or Carlito is not installed: text is drawn with a fallback font (Debian: fonts-crosextra-carlito).');
}

// Pictures of sheets that no longer exist must not linger.
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT, { withFileTypes: true })) {
  if (f.isFile() && LOCALES.some((l) => f.name.startsWith(`${l}-`)) && f.name.endsWith('.png')) rmSync(join(OUT, f.name));
}

const images = await sheetImages(
  LOCALES.map((lang) => ({ prefix: lang, desc: generateDemoWorkbook(lang) })),
  OUT,
  DPI,
);
let tooBig = 0;
for (const img of images) {
  const kb = (img.bytes / 1024).toFixed(0);
  const flag = img.bytes > MAX_BYTES ? '  (larger than 150 KB)' : '';
  if (img.bytes > MAX_BYTES) tooBig++;
  console.log(`${relative(ROOT, img.path)}  ${img.width}×${img.height}  ${kb} KB  ${img.sheet}${flag}`);
}
console.log(`${images.length} pictures in ${relative(ROOT, OUT)}/`);
if (tooBig > 0) process.exitCode = 1;
