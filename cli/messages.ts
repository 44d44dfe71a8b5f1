/** Texts of the `kpi` command in English and Chinese. */
import type { Locale } from '../core/types.js';

export interface CliTexts {
  readonly help: (kinds: string, presets: string) => string;
  readonly listTitle: string;
  readonly listHint: string;
  readonly unknownCommand: (cmd: string) => string;
  readonly unknownOption: (opt: string) => string;
  readonly missingValue: (opt: string) => string;
  readonly noValueWanted: (opt: string) => string;
  readonly missingKind: string;
  readonly unknownKind: (kind: string, kinds: string) => string;
  readonly extraArgument: (arg: string) => string;
  readonly badOptions: (detail: string) => string;
  readonly notXlsx: (path: string) => string;
  readonly exists: (path: string) => string;
  readonly isFolder: (path: string) => string;
  readonly createdFolder: (folder: string) => string;
  readonly wrote: (path: string, sheets: string) => string;
  readonly failed: (detail: string) => string;
  readonly seeHelp: string;
}

const en: CliTexts = {
  help: (kinds, presets) => `kpi — KPI Kit: KPI templates as Excel workbooks (.xlsx)

Usage:
  kpi template <kind> [options]   write a template workbook
  kpi list                        list the template kinds
  kpi help                        show this help (also --help, -h)

Kinds:   ${kinds}
Presets: ${presets}

Options for "template":
  --lang <en|zh-CN>     language of labels, sheet names and option lists
                        (default: from LANG / LC_ALL, else en)
  --preset <name>       the KPI set to start from, e.g. sales
  --rows <n>            data rows, 1 to 5000: employees (review, bonus, dashboard),
                        people rated (feedback360), KPI lines (plan, scorecard, shared)
  --sample              fill in example rows to learn from (default: empty, for real use)
  --period <text>       period label shown under the title, e.g. "2026 Q4"
  --department <text>   department or position in the title (default: the preset's)
  --out <file.xlsx>     where to write (default: kpi-<kind>.xlsx)
  --force               replace the output file if it exists

Examples:
  npx kpi template review --lang zh-CN --preset sales --rows 50 --sample --period "2026 Q4" --out review.xlsx
  npx kpi template bonus --rows 20 --out bonus.xlsx

The workbook computes with the spreadsheet's own formulas: it works in Excel, LibreOffice and
Google Sheets without the add-in. Exit status: 0 done, 1 failed or refused, 2 bad usage.`,
  listTitle: 'Template kinds:',
  listHint: 'Write one with: kpi template <kind> --out <file.xlsx>',
  unknownCommand: (cmd) => `unknown command "${cmd}"`,
  unknownOption: (opt) => `unknown option "${opt}"`,
  missingValue: (opt) => `option ${opt} needs a value`,
  noValueWanted: (opt) => `option ${opt} takes no value`,
  missingKind: 'which template? Give a kind: kpi template <kind>',
  unknownKind: (kind, kinds) => `unknown template kind "${kind}"; kinds: ${kinds}`,
  extraArgument: (arg) => `unexpected argument "${arg}"`,
  badOptions: (detail) => `bad option: ${detail}`,
  notXlsx: (path) => `the output file must end in .xlsx: "${path}"`,
  exists: (path) => `${path} exists; nothing was written. Add --force to replace it, or choose another --out.`,
  isFolder: (path) => `${path} is a folder, not a file; nothing was written. Give --out a file name such as ${path}/review.xlsx.`,
  createdFolder: (folder) => `Created the folder ${folder}`,
  wrote: (path, sheets) => `Wrote ${path} (sheets: ${sheets})`,
  failed: (detail) => `could not write the workbook: ${detail}`,
  seeHelp: 'Run "kpi help" for usage.',
};

const zh: CliTexts = {
  help: (kinds, presets) => `kpi — KPI Kit：生成 KPI 模板工作簿（.xlsx）

用法：
  kpi template <类型> [选项]      生成模板工作簿
  kpi list                        列出模板类型
  kpi help                        显示本帮助（也可用 --help、-h）

类型：${kinds}
预设：${presets}

"template" 的选项：
  --lang <en|zh-CN>     标签、工作表名和选项列表的语言
                        （默认取 LANG / LC_ALL，否则为 en）
  --preset <名称>       起始 KPI 组合，如 sales（销售）
  --rows <n>            数据行数（1 到 5000）：员工（review、bonus、dashboard）、
                        被评价人（feedback360）、KPI 行（plan、scorecard、shared）
  --sample              填入示例数据便于学习（默认为空表，供正式使用）
  --period <文本>       显示在标题下的考核周期，如 "2026 Q4"
  --department <文本>   标题中的部门或岗位（默认取预设的部门）
  --out <文件.xlsx>     输出文件（默认：kpi-<类型>.xlsx）
  --force               输出文件已存在时覆盖

示例：
  npx kpi template review --lang zh-CN --preset sales --rows 50 --sample --period "2026 Q4" --out review.xlsx
  npx kpi template bonus --rows 20 --out bonus.xlsx

工作簿只用电子表格自带的公式计算：不装插件也能在 Excel、LibreOffice 和 Google 表格中使用。
退出码：0 成功，1 失败或被拒绝，2 用法错误。`,
  listTitle: '模板类型：',
  listHint: '生成方法：kpi template <类型> --out <文件.xlsx>',
  unknownCommand: (cmd) => `未知命令 "${cmd}"`,
  unknownOption: (opt) => `未知选项 "${opt}"`,
  missingValue: (opt) => `选项 ${opt} 需要一个值`,
  noValueWanted: (opt) => `选项 ${opt} 不带值`,
  missingKind: '请指定模板类型：kpi template <类型>',
  unknownKind: (kind, kinds) => `未知模板类型 "${kind}"；可用类型：${kinds}`,
  extraArgument: (arg) => `多余的参数 "${arg}"`,
  badOptions: (detail) => `选项有误：${detail}`,
  notXlsx: (path) => `输出文件须以 .xlsx 结尾："${path}"`,
  exists: (path) => `${path} 已存在，未写入任何内容。加 --force 覆盖，或换一个 --out。`,
  isFolder: (path) => `${path} 是文件夹而不是文件，未写入任何内容。请给 --out 指定文件名，例如 ${path}/review.xlsx。`,
  createdFolder: (folder) => `已创建文件夹 ${folder}`,
  wrote: (path, sheets) => `已写入 ${path}（工作表：${sheets}）`,
  failed: (detail) => `无法写入工作簿：${detail}`,
  seeHelp: '运行 "kpi help" 查看用法。',
};

export const CLI_TEXTS: Readonly<Record<Locale, CliTexts>> = { en, 'zh-CN': zh };
