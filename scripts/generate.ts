/**
 * Files written from the function registry: Excel's functions.json (one per language), the Apps
 * Script stubs with their @customfunction JSDoc, appsscript.json, and the manifest for a base URL.
 */
import type { FunctionMeta } from '../core/registry.js';
import type { Locale } from '../core/types.js';
import { clip, exampleText } from '../ui/text.js';

/** The development base URL that manifest.xml in the repository uses. */
export const DEV_BASE_URL = 'https://localhost:3000';

/** Excel's limits on metadata texts. */
const MAX_FUNCTION_DESCRIPTION = 255;
const MAX_PARAM_DESCRIPTION = 128;
const MAX_PARAM_NAME = 64;

export interface CustomFunctionParameter {
  name: string;
  description: string;
  type: 'any';
  dimensionality: 'matrix';
  optional?: true;
}

export interface CustomFunctionMetadata {
  id: string;
  name: string;
  description: string;
  result: { type: 'any'; dimensionality: 'matrix' | 'scalar' };
  parameters: CustomFunctionParameter[];
}

export interface CustomFunctionsJson {
  allowErrorForDataTypeAny: true;
  functions: CustomFunctionMetadata[];
}

/**
 * Excel's functions.json in one language. Every parameter is `any` and `matrix`, so blanks, text
 * and error cells reach the core unchanged (`allowErrorForDataTypeAny` lets error cells in).
 */
export function functionsJson(functions: readonly FunctionMeta[], locale: Locale): CustomFunctionsJson {
  return {
    allowErrorForDataTypeAny: true,
    functions: functions.map((fn) => ({
      id: fn.name,
      name: fn.name,
      description: clip(fn.description[locale], MAX_FUNCTION_DESCRIPTION),
      result: { type: 'any', dimensionality: fn.returns === 'range' ? 'matrix' : 'scalar' },
      parameters: fn.params.map((p) => ({
        name: clip(locale === 'en' ? p.name : p.title[locale], MAX_PARAM_NAME),
        description: clip(p.description[locale], MAX_PARAM_DESCRIPTION),
        type: 'any',
        dimensionality: 'matrix',
        ...(p.optional ? { optional: true as const } : {}),
      })),
    })),
  };
}

/** Text safe inside a /** ... *\/ comment on one line. */
function jsdocText(s: string): string {
  return s.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}

/**
 * The top-level functions Apps Script runs and Sheets lists in autocomplete. Each calls the
 * bundled wrapper in `KPIKit.functions`.
 */
export function appsScriptStubs(functions: readonly FunctionMeta[], globalName: string): string {
  const out: string[] = [];
  for (const fn of functions) {
    const args = fn.params.map((p) => p.name).join(', ');
    const ex = fn.examples[0];
    const lines = ['/**', ` * ${jsdocText(fn.description.en)}`, ` * ${jsdocText(fn.description['zh-CN'])}`];
    if (ex) {
      const { formula, result } = exampleText(fn, ex);
      lines.push(` * Example: ${jsdocText(formula)} returns ${jsdocText(result)}`);
    }
    lines.push(' *');
    for (const p of fn.params) {
      const opt = p.optional ? ' Optional.' : '';
      lines.push(
        ` * @param {*} ${p.name} ${jsdocText(p.description.en)}${opt} ${jsdocText(p.title['zh-CN'])}：${jsdocText(p.description['zh-CN'])}`,
      );
    }
    lines.push(fn.returns === 'range' ? ' * @return A value, or a range of values the size of the inputs.' : ' * @return One value.');
    lines.push(' * @customfunction', ' */');
    out.push(`${lines.join('\n')}\nfunction ${fn.name}(${args}) {\n  return ${globalName}.functions.${fn.name}(${args});\n}\n`);
  }
  const entry = (name: string, doc: string, params = '') =>
    `/** ${doc} */\nfunction ${name}(${params}) {\n  return ${globalName}.${name}(${params});\n}\n`;
  out.push(
    entry('onOpen', 'Adds the KPI Kit menu.', 'e'),
    entry('onInstall', 'Adds the KPI Kit menu right after the add-on is installed.', 'e'),
    entry('showReference', 'Opens the function reference in the sidebar.'),
    entry('insertFormula', 'Writes a KPI Kit formula into the active cell (called from the sidebar).', 'formula'),
  );
  return out.join('\n');
}

/** The Apps Script manifest: V8, and only the two scopes the add-on needs. */
export const APPS_SCRIPT_MANIFEST = {
  timeZone: 'Etc/UTC',
  dependencies: {},
  exceptionLogging: 'STACKDRIVER',
  runtimeVersion: 'V8',
  oauthScopes: [
    'https://www.googleapis.com/auth/spreadsheets.currentonly',
    'https://www.googleapis.com/auth/script.container.ui',
  ],
} as const;

/** A base URL as the manifest writes it: no trailing slash; only https. */
export function normalizeBaseUrl(raw: string | undefined): string {
  const base = (raw ?? '').trim().replace(/\/+$/, '');
  if (base === '') return DEV_BASE_URL;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`KPI_BASE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:') throw new Error(`KPI_BASE_URL must use https (Office loads add-ins only over https): ${raw}`);
  if (url.search || url.hash) throw new Error(`KPI_BASE_URL must not have a query or fragment: ${raw}`);
  return base;
}

/** manifest.xml with every development URL moved to `base`. */
export function manifestFor(template: string, base: string): string {
  const escaped = base.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return template.split(DEV_BASE_URL).join(escaped);
}
