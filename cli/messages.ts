/** Texts of the `kpi` command in English and Chinese. */
import type { Locale } from '../core/types.js';

/** What went wrong when writing a file or making a folder, by Node's error code. */
export type WriteProblem =
  | 'EACCES'
  | 'EROFS'
  | 'ENOSPC'
  | 'ENOENT'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENAMETOOLONG'
  | 'EBUSY'
  | 'EINVAL'
  | 'EMFILE'
  | 'other';

export interface CliTexts {
  readonly help: (kinds: string, presets: string) => string;
  readonly listTitle: string;
  readonly listHint: string;
  readonly unknownCommand: (cmd: string) => string;
  readonly unknownOption: (opt: string, options: string) => string;
  readonly didYouMean: (suggestion: string) => string;
  readonly missingValue: (opt: string) => string;
  readonly noValueWanted: (opt: string) => string;
  readonly missingKind: string;
  readonly unknownKind: (kind: string, kinds: string) => string;
  readonly extraArgument: (arg: string) => string;
  readonly fileNotOut: (kind: string, file: string) => string;
  readonly kindIsFile: (file: string) => string;
  readonly traditional: (tag: string) => string;
  readonly badOptions: (detail: string) => string;
  readonly notXlsx: (path: string) => string;
  readonly exists: (path: string) => string;
  readonly isFolder: (path: string) => string;
  readonly createdFolder: (folder: string) => string;
  readonly wrote: (path: string, sheets: string) => string;
  readonly failed: (detail: string) => string;
  readonly writeProblem: (problem: WriteProblem, path: string, folder: string, code: string) => string;
  readonly seeHelp: string;
  /** kpi review --from: a review of the user's own KPI table. */
  readonly review: ReviewTexts;
  /** kpi update: a generated review set for a new list of employees. */
  readonly update: UpdateTexts;
}

export interface UpdateTexts {
  readonly needsFile: string;
  readonly needsEmployees: string;
  readonly fileMissing: (path: string) => string;
  readonly unreadable: (path: string, detail: string) => string;
  readonly noRecipe: (path: string) => string;
  readonly csvMissing: (path: string) => string;
  readonly csvUnreadable: (path: string, detail: string) => string;
  readonly csvEmpty: (path: string) => string;
  readonly csvBlank: (path: string, line: number) => string;
  readonly csvTwice: (path: string, name: string, first: number, line: number) => string;
  readonly refused: (message: string) => string;
  readonly updating: (sheet: string, employees: number, kpis: number) => string;
  /** The same for a standalone bonus sheet or a 360 feedback set. */
  readonly updatingSheet: (kind: 'bonus' | 'feedback360', sheet: string, employees: number) => string;
  readonly kept: (n: number) => string;
  readonly added: (n: number, names: string) => string;
  readonly archived: (n: number, names: string, sheet: string) => string;
  readonly kpisAdded: (n: number) => string;
  readonly restored: (n: number, cells: string) => string;
  /** --sheet given to a command other than update. */
  readonly onlyUpdate: (opt: string) => string;
  /** Several sets in the workbook and no --sheet: the sets are listed after this line. */
  readonly severalSets: (path: string, n: number) => string;
  /** One set in a list: its description (as `updating`) and its sheets. */
  readonly setLine: (set: string, sheets: string) => string;
  readonly unknownSheet: (path: string, sheet: string) => string;
  /** Formulas of the user's other sheets that read rows which moved. */
  readonly shifted: (n: number, cells: string) => string;
}

export interface ReviewTexts {
  readonly needsFrom: string;
  readonly onlyReview: (opt: string) => string;
  readonly fromMissing: (path: string) => string;
  readonly fromUnreadable: (path: string, detail: string) => string;
  readonly sheetMissing: (sheet: string, sheets: string) => string;
  readonly noTable: (path: string) => string;
  readonly mapItem: (item: string) => string;
  readonly mapRole: (role: string, roles: string) => string;
  readonly mapColumn: (role: string, got: string) => string;
  readonly mapRow: (key: string, got: string) => string;
  readonly mapDuplicate: (a: string, b: string, column: string) => string;
  readonly mapMissing: (roles: string) => string;
  /** A required role's column holds nothing in the KPI rows. */
  readonly mapEmpty: (role: string, column: string, first: number, last: number, key: string) => string;
  readonly mapRows: (first: number, last: number, header: number) => string;
  readonly tooManyLines: (n: number) => string;
  readonly mapping: (sheet: string, header: number, first: number, last: number) => string;
  /** The sheet is a plan KPI Kit made: read as it is, without the confirm step. */
  readonly kitPlan: (sheet: string, first: number, last: number) => string;
  readonly column: (letter: string, header: string, role: string, alternatives: string) => string;
  readonly unmapped: (letter: string, header: string) => string;
  readonly overridden: (items: string) => string;
  readonly notes: string;
  readonly problems: string;
  readonly noProblems: string;
  readonly confirm: string;
}

const en: CliTexts = {
  help: (kinds, presets) => `kpi — KPI Kit: KPI templates as Excel workbooks (.xlsx)

Usage:
  kpi template <kind> [options]   write a template workbook
  kpi review --from <plan.xlsx>[:Sheet] [options]
                                  a review sheet for your own KPI table
  kpi update <review.xlsx> --employees <names.csv> [--sheet <name>] [options]
                                  a review KPI Kit made, for a new list of employees
  kpi list                        list the template kinds
  kpi help                        show this help (also --help, -h)
  kpi --version                   show the version (also -v)

Kinds:   ${kinds}

Presets (the key or the name, in English or Chinese, in any case):
${presets}

Options for "template":
  --lang <en|zh-CN>     language of labels, sheet names and option lists
                        (default: from LANG / LC_ALL, else en); Traditional Chinese
                        is not available: zh-TW, zh-HK give Simplified Chinese
  --preset <name>       the KPI set to start from, e.g. sales, Sales or 销售
  --rows <n>            data rows, 1 to 5000: employees (review, bonus, dashboard),
                        people rated (feedback360), KPI lines (plan, scorecard, shared)
  --sample              fill in example rows to learn from (default: empty, for real use)
  --period <text>       period label shown under the title, e.g. "2026 Q4"
  --department <text>   department or position in the title (default: the preset's)
  --out <file.xlsx>     where to write (default: kpi-<kind>.xlsx)
  --force               replace the output file if it exists

Options for "review" (also --lang, --rows for employees, --period, --department, --out, --force):
  --from <file.xlsx>[:Sheet]
                        your workbook and the sheet with the KPI table (default: the first
                        sheet whose headers name KPI, target and weight); the output holds
                        your sheets unchanged, a sheet that reads your table by formula and
                        the review
  --map <role=col,...>  confirm or change the columns proposed: kpi, target, weight,
                        direction, baseline, threshold, maximum, unit (col "-" drops a role),
                        first=<row>, last=<row> for the KPI rows

Actuals from a system export ("review", "template review", "template dashboard"):
  --actuals <file.xlsx>[:Sheet] | <file.csv>
                        a sheet where an export is pasted as it comes: long (employee, KPI,
                        value, date) or wide (one column per KPI); the review's actual comes
                        from it unless typed, an "Export check" sheet lists the rows not
                        counted, and the export sheet is copied into the output unchanged
  --actuals-map <role=col,...>
                        confirm or change the export's columns: employee, kpi, actual, period
                        (col "-" drops a role), header=<row>, first=<row>, last=<row>

Options for "update" (also --out, --force, --lang for the messages):
  --employees <file.csv>
                        the team now: one name a line, optionally ",department"; a header
                        line is optional; UTF-8, with or without BOM. Everyone still listed
                        keeps every cell typed for them; new names are added at the end; the
                        rows of people no longer listed move to an "Archived" sheet. Without
                        --out the result goes next to the workbook as <name>-updated.xlsx.
                        Also updates a bonus sheet or 360 feedback sheets made by KPI Kit
  --sheet <name>        the set to update when the workbook holds several (a review with its
                        bonus and dashboard, a bonus sheet, a 360 set): any of its sheets.
                        Without it, the only set is updated, or the sets are listed

Examples:
  npx kpi template review --lang zh-CN --preset sales --rows 50 --sample --period "2026 Q4" --out review.xlsx
  npx kpi template bonus --rows 20 --out bonus.xlsx
  npx kpi review --from plan.xlsx:Sales --map target=F,weight=H --rows 30 --out review.xlsx
  npx kpi review --from plan.xlsx --actuals crm-export.xlsx:March --out review.xlsx
  npx kpi update review.xlsx --employees names.csv

The workbook computes with the spreadsheet's own formulas: it works in Excel, LibreOffice and
Google Sheets without the add-in. Exit status: 0 done, 1 failed or refused, 2 bad usage.`,
  listTitle: 'Template kinds:',
  listHint: 'Write one with: kpi template <kind> --out <file.xlsx>',
  unknownCommand: (cmd) => `unknown command "${cmd}"`,
  unknownOption: (opt, options) => `unknown option "${opt}". Options: ${options}`,
  didYouMean: (suggestion) => `Did you mean ${suggestion}?`,
  missingValue: (opt) => `option ${opt} needs a value`,
  noValueWanted: (opt) => `option ${opt} takes no value`,
  missingKind: 'which template? Give a kind: kpi template <kind>',
  unknownKind: (kind, kinds) => `unknown template kind "${kind}"; kinds: ${kinds}`,
  extraArgument: (arg) => `unexpected argument "${arg}"`,
  fileNotOut: (kind, file) =>
    `"${file}" looks like a file name; the file is given with --out. Did you mean --out ${file}? ` +
    `For example: kpi template ${kind} --out ${file}`,
  kindIsFile: (file) => `"${file}" looks like a file name, not a template kind. Give the kind first and the file with --out: kpi template <kind> --out ${file}`,
  traditional: (tag) =>
    `Traditional Chinese (${tag}) is not available: the workbook is written in Simplified Chinese (zh-CN). ` +
    'Give --lang zh-CN to choose it without this notice, or --lang en for English.',
  badOptions: (detail) => `bad option: ${detail}`,
  notXlsx: (path) => `the output file must end in .xlsx: "${path}"`,
  exists: (path) => `${path} exists; nothing was written. Add --force to replace it, or choose another --out.`,
  isFolder: (path) => `${path} is a folder, not a file; nothing was written. Give --out a file name such as ${path}/review.xlsx.`,
  createdFolder: (folder) => `Created the folder ${folder}`,
  wrote: (path, sheets) => `Wrote ${path} (sheets: ${sheets})`,
  failed: (detail) => `could not write the workbook: ${detail}`,
  writeProblem: (problem, path, folder, code) => {
    switch (problem) {
      case 'EACCES':
        return `no permission to write ${path} (or the file is open in another program, such as Excel); nothing was written. Close the file, or choose a folder you can write to with --out.`;
      case 'EROFS':
        return `${folder} is on a read-only drive; nothing was written. Choose a writable folder with --out.`;
      case 'ENOSPC':
        return `the disk is full (or your quota is used up), so ${path} could not be written; nothing was written. Free some space or choose another drive with --out.`;
      case 'ENOENT':
        return `the folder ${folder} does not exist or cannot hold files; nothing was written. Check the path given to --out.`;
      case 'ENOTDIR':
        return `part of the path ${path} is a file, not a folder; nothing was written. Check the path given to --out.`;
      case 'EISDIR':
        return `${path} is a folder, not a file; nothing was written. Give --out a file name such as ${path}/review.xlsx.`;
      case 'ENAMETOOLONG':
        return `the path ${path} is too long; nothing was written. Choose a shorter --out.`;
      case 'EBUSY':
        return `${path} is in use by another program (is it open in Excel?); nothing was written. Close it and try again, or choose another --out.`;
      case 'EINVAL':
        return `${path} is not a valid file name on this system; nothing was written. Choose another --out without characters such as : * ? " < > |.`;
      case 'EMFILE':
        return `too many files are open, so ${path} could not be written; nothing was written. Close some programs and try again.`;
      default:
        return `could not write ${path} (${code}); nothing was written. Check the path given to --out and that you may write there.`;
    }
  },
  seeHelp: 'Run "kpi help" for usage.',
  review: {
    needsFrom: 'which table? Give your workbook: kpi review --from plan.xlsx[:Sheet]',
    onlyReview: (opt) => `option ${opt} is for "kpi review --from ..."`,
    fromMissing: (path) => `${path} does not exist; nothing was written.`,
    fromUnreadable: (path, detail) => `${path} could not be read as an .xlsx workbook (${detail}); nothing was written.`,
    sheetMissing: (sheet, sheets) => `the workbook has no sheet "${sheet}"; sheets: ${sheets}`,
    noTable: (path) =>
      `no sheet of ${path} has a table whose headers name KPI, target and weight. Name the sheet and the columns: kpi review --from ${path}:Sheet --map kpi=B,target=F,weight=H`,
    mapItem: (item) => `--map: "${item}" is not role=column (e.g. target=F)`,
    mapRole: (role, roles) => `--map: unknown role "${role}"; roles: ${roles}`,
    mapColumn: (role, got) => `--map: "${got}" is not a column for ${role}; give column letters A to XFD, or - to drop it`,
    mapRow: (key, got) => `--map: "${got}" is not a row number for ${key}`,
    mapDuplicate: (a, b, column) => `--map: ${a} and ${b} are both column ${column}; each column holds one role`,
    mapMissing: (roles) => `no column for: ${roles}. Name them with --map, e.g. --map kpi=B,target=F,weight=H`,
    mapEmpty: (role, column, first, last, key) => `column ${column} is empty in the KPI rows ${first}–${last}, so it cannot be the ${role} column; name the right one with --map ${key}=<column>`,
    mapRows: (first, last, header) => `the KPI rows ${first}–${last} are not below the header (row ${header}); fix them with --map first=<row>,last=<row>`,
    tooManyLines: (n) => `the table has ${n} KPI rows; a review reads at most 200. Narrow them with --map first=<row>,last=<row>`,
    mapping: (sheet, header, first, last) => `Plan table on sheet "${sheet}": header row ${header}, KPI rows ${first}–${last}`,
    kitPlan: (sheet, first, last) =>
      `"${sheet}" is a KPI Kit plan: the review reads its KPI rows ${first}–${last} as they are, and later edits to the plan flow into the review. To read other columns or rows, name them with --map.`,
    column: (letter, header, role, alternatives) => `  ${letter}  ${header} → ${role}${alternatives === '' ? '' : ` (could also be: ${alternatives})`}`,
    unmapped: (letter, header) => `  ${letter}  ${header} → (not used)`,
    overridden: (items) => `Changed by --map: ${items}`,
    notes: 'Notes:',
    problems: 'Cells that give no value (the review flags these KPIs until they are filled in):',
    noProblems: 'Every target and weight could be read.',
    confirm: 'Check the columns above; change any with --map role=column and run again.',
  },
  update: {
    needsFile: 'which workbook? Give it first: kpi update review.xlsx --employees names.csv',
    needsEmployees: 'who is on the team now? Give the list: kpi update review.xlsx --employees names.csv (one name a line, optionally ",department")',
    fileMissing: (path) => `${path} does not exist; nothing was written.`,
    unreadable: (path, detail) => `${path} cannot be read as an .xlsx workbook (${detail}); nothing was written.`,
    noRecipe: (path) =>
      `${path} has no review made by KPI Kit (no sheet carries its recipe), so there is nothing to update; nothing was written. ` +
      'Reviews made with "kpi template review", "kpi template dashboard", "kpi review --from" or the add-in can be updated, ' +
      'and so can bonus and 360 feedback sheets made with "kpi template bonus" or "kpi template feedback360".',
    csvMissing: (path) => `${path} does not exist; nothing was written.`,
    csvUnreadable: (path, detail) => `${path} cannot be read (${detail}); nothing was written.`,
    csvEmpty: (path) => `${path} lists no names; nothing was written.`,
    csvBlank: (path, line) => `${path}, line ${line}: no name before the department; nothing was written.`,
    csvTwice: (path, name, first, line) => `${path}: "${name}" is listed twice (lines ${first} and ${line}); nothing was written.`,
    refused: (message) => `${message} Nothing was written.`,
    updating: (sheet, employees, kpis) => `Review "${sheet}": ${employees} employees, ${kpis} KPI lines`,
    updatingSheet: (kind, sheet, employees) => (kind === 'bonus' ? `Bonus sheet "${sheet}": ${employees} employees` : `360 feedback "${sheet}": ${employees} ratees`),
    kept: (n) => `  kept:     ${n} (with everything typed for them)`,
    added: (n, names) => `  added:    ${n}${n > 0 ? ` (${names})` : ''}`,
    archived: (n, names, sheet) => `  archived: ${n}${n > 0 ? ` (${names}) → sheet "${sheet}"` : ''}`,
    kpisAdded: (n) => `  KPI lines added from the plan: ${n}`,
    restored: (n, cells) => `  formulas restored where values had been typed over them: ${n}${n > 0 ? ` (${cells})` : ''}`,
    onlyUpdate: (opt) => `${opt} chooses the set to update; it goes with "kpi update" only.`,
    severalSets: (path, n) => `${path} holds ${n} sets made by KPI Kit; say which to update with --sheet <name> (any of its sheets). Nothing was written. The sets:`,
    setLine: (set, sheets) => `  ${set}; sheets: ${sheets}`,
    unknownSheet: (path, sheet) => `${path} has no set made by KPI Kit with a sheet "${sheet}"; nothing was written. The sets:`,
    shifted: (n, cells) => `  check: ${n} formulas of yours read rows that moved and may now show another employee (${cells})`,
  },
};

const zh: CliTexts = {
  help: (kinds, presets) => `kpi — KPI Kit：生成 KPI 模板工作簿（.xlsx）

用法：
  kpi template <类型> [选项]      生成模板工作簿
  kpi review --from <计划.xlsx>[:工作表] [选项]
                                  为你自己的 KPI 表生成考核表
  kpi update <考核表.xlsx> --employees <名单.csv> [--sheet <工作表名>] [选项]
                                  按新的员工名单更新 KPI Kit 生成的考核表
  kpi list                        列出模板类型
  kpi help                        显示本帮助（也可用 --help、-h）
  kpi --version                   显示版本号（也可用 -v）

类型：${kinds}

预设（可用英文代号或中英文名称，不区分大小写）：
${presets}

"template" 的选项：
  --lang <en|zh-CN>     标签、工作表名和选项列表的语言
                        （默认取 LANG / LC_ALL，否则为 en）；暂不提供繁体中文：
                        zh-TW、zh-HK 按简体中文生成
  --preset <名称>       起始 KPI 组合，如 销售、sales 或 Sales
  --rows <n>            数据行数（1 到 5000）：员工（review、bonus、dashboard）、
                        被评价人（feedback360）、KPI 行（plan、scorecard、shared）
  --sample              填入示例数据便于学习（默认为空表，供正式使用）
  --period <文本>       显示在标题下的考核周期，如 "2026 Q4"
  --department <文本>   标题中的部门或岗位（默认取预设的部门）
  --out <文件.xlsx>     输出文件（默认：kpi-<类型>.xlsx）
  --force               输出文件已存在时覆盖

"review" 的选项（另可用 --lang、--rows（员工数）、--period、--department、--out、--force）：
  --from <文件.xlsx>[:工作表]
                        你的工作簿及其中 KPI 表所在的工作表（默认：第一个表头含
                        指标、目标和权重的工作表）；输出文件保留你的工作表原样，
                        另加一张用公式读取该表的工作表和考核表
  --map <角色=列,...>   确认或更改建议的列：kpi、target、weight、direction、
                        baseline、threshold、maximum、unit（列写 "-" 表示不用该列），
                        first=<行>、last=<行> 指定 KPI 所在行

系统导出的实际值（用于 "review"、"template review"、"template dashboard"）：
  --actuals <文件.xlsx>[:工作表] | <文件.csv>
                        原样粘贴系统导出数据的工作表：长表（员工、指标、数值、日期）
                        或宽表（每个指标一列）；考核表的实际值取自导出表（手填优先），
                        “导出核对”表列出未计入的行，导出表原样复制到输出文件
  --actuals-map <角色=列,...>
                        确认或更改导出表的列：employee、kpi、actual、period
                        （列写 "-" 表示不用该列），header=<行>、first=<行>、last=<行>

"update" 的选项（另可用 --out、--force，--lang 指定提示语言）：
  --employees <文件.csv>
                        现在的员工名单：每行一个姓名，可加“,部门”；表头行可有可无；
                        UTF-8 编码（带不带 BOM 均可）。名单中仍有的员工，其填写的内容
                        全部保留；新姓名添加在末尾；名单中已没有的员工，其各行移到
                        “已归档”工作表。不给 --out 时，结果写在工作簿旁，名为
                        <原名>-updated.xlsx。KPI Kit 生成的奖金分配表和360评价表同样可更新
  --sheet <工作表名>    工作簿中有多组工作表（考核表及其奖金表和仪表板、奖金分配表、
                        360评价表）时，指定要更新的一组：写该组中任一工作表的名称。
                        不给时，只有一组则更新该组，否则列出各组

示例：
  npx kpi template review --lang zh-CN --preset sales --rows 50 --sample --period "2026 Q4" --out review.xlsx
  npx kpi template bonus --rows 20 --out bonus.xlsx
  npx kpi review --from 计划.xlsx:销售部 --map target=F,weight=H --rows 30 --out 考核.xlsx
  npx kpi review --from 计划.xlsx --actuals CRM导出.xlsx:三月 --out 考核.xlsx
  npx kpi update 考核.xlsx --employees 名单.csv

工作簿只用电子表格自带的公式计算：不装插件也能在 Excel、LibreOffice 和 Google 表格中使用。
退出码：0 成功，1 失败或被拒绝，2 用法错误。`,
  listTitle: '模板类型：',
  listHint: '生成方法：kpi template <类型> --out <文件.xlsx>',
  unknownCommand: (cmd) => `未知命令 "${cmd}"`,
  unknownOption: (opt, options) => `未知选项 "${opt}"。可用选项：${options}`,
  didYouMean: (suggestion) => `是不是想用 ${suggestion}？`,
  missingValue: (opt) => `选项 ${opt} 需要一个值`,
  noValueWanted: (opt) => `选项 ${opt} 不带值`,
  missingKind: '请指定模板类型：kpi template <类型>',
  unknownKind: (kind, kinds) => `未知模板类型 "${kind}"；可用类型：${kinds}`,
  extraArgument: (arg) => `多余的参数 "${arg}"`,
  fileNotOut: (kind, file) => `"${file}" 像是文件名；输出文件要用 --out 指定。是不是想用 --out ${file}？例如：kpi template ${kind} --out ${file}`,
  kindIsFile: (file) => `"${file}" 像是文件名，而不是模板类型。请先写类型，再用 --out 指定文件：kpi template <类型> --out ${file}`,
  traditional: (tag) =>
    `暂不提供繁体中文（${tag}）：工作簿以简体中文（zh-CN）生成。` + '用 --lang zh-CN 可不再显示此提示；英文请用 --lang en。',
  badOptions: (detail) => `选项有误：${detail}`,
  notXlsx: (path) => `输出文件须以 .xlsx 结尾："${path}"`,
  exists: (path) => `${path} 已存在，未写入任何内容。加 --force 覆盖，或换一个 --out。`,
  isFolder: (path) => `${path} 是文件夹而不是文件，未写入任何内容。请给 --out 指定文件名，例如 ${path}/review.xlsx。`,
  createdFolder: (folder) => `已创建文件夹 ${folder}`,
  wrote: (path, sheets) => `已写入 ${path}（工作表：${sheets}）`,
  failed: (detail) => `无法写入工作簿：${detail}`,
  writeProblem: (problem, path, folder, code) => {
    switch (problem) {
      case 'EACCES':
        return `没有写入 ${path} 的权限（或该文件正被其他程序如 Excel 打开），未写入任何内容。请关闭该文件，或用 --out 换一个有写入权限的文件夹。`;
      case 'EROFS':
        return `${folder} 位于只读磁盘上，未写入任何内容。请用 --out 换一个可写的文件夹。`;
      case 'ENOSPC':
        return `磁盘已满（或超出配额），无法写入 ${path}，未写入任何内容。请清理磁盘空间，或用 --out 换一个磁盘。`;
      case 'ENOENT':
        return `文件夹 ${folder} 不存在或无法存放文件，未写入任何内容。请检查 --out 的路径。`;
      case 'ENOTDIR':
        return `路径 ${path} 中有一部分是文件而不是文件夹，未写入任何内容。请检查 --out 的路径。`;
      case 'EISDIR':
        return `${path} 是文件夹而不是文件，未写入任何内容。请给 --out 指定文件名，例如 ${path}/review.xlsx。`;
      case 'ENAMETOOLONG':
        return `路径 ${path} 太长，未写入任何内容。请用 --out 指定较短的路径。`;
      case 'EBUSY':
        return `${path} 正被其他程序占用（是否已在 Excel 中打开？），未写入任何内容。请关闭后重试，或换一个 --out。`;
      case 'EINVAL':
        return `${path} 在本系统上不是有效的文件名，未写入任何内容。请换一个不含 : * ? " < > | 等字符的 --out。`;
      case 'EMFILE':
        return `打开的文件过多，无法写入 ${path}，未写入任何内容。请关闭一些程序后重试。`;
      default:
        return `无法写入 ${path}（${code}），未写入任何内容。请检查 --out 的路径以及是否有写入权限。`;
    }
  },
  seeHelp: '运行 "kpi help" 查看用法。',
  review: {
    needsFrom: '请指定 KPI 表所在的工作簿：kpi review --from 计划.xlsx[:工作表]',
    onlyReview: (opt) => `选项 ${opt} 只用于 "kpi review --from ..."`,
    fromMissing: (path) => `${path} 不存在，未写入任何内容。`,
    fromUnreadable: (path, detail) => `${path} 无法作为 .xlsx 工作簿读取（${detail}），未写入任何内容。`,
    sheetMissing: (sheet, sheets) => `工作簿中没有名为 "${sheet}" 的工作表；现有工作表：${sheets}`,
    noTable: (path) =>
      `${path} 中没有表头同时含指标、目标和权重的表格。请指定工作表和列：kpi review --from ${path}:工作表 --map kpi=B,target=F,weight=H`,
    mapItem: (item) => `--map：“${item}”不是 角色=列 的形式（如 target=F）`,
    mapRole: (role, roles) => `--map：未知角色“${role}”；可用角色：${roles}`,
    mapColumn: (role, got) => `--map：“${got}”不是 ${role} 可用的列；请写 A 到 XFD 的列字母，或写 - 表示不用该列`,
    mapRow: (key, got) => `--map：“${got}”不是 ${key} 的行号`,
    mapDuplicate: (a, b, column) => `--map：${a} 和 ${b} 都是 ${column} 列；每列只能对应一个角色`,
    mapMissing: (roles) => `缺少这些列：${roles}。请用 --map 指定，如 --map kpi=B,target=F,weight=H`,
    mapEmpty: (role, column, first, last, key) => `${column} 列在 KPI 行 ${first}–${last} 中没有任何内容，不能作为“${role}”列；请用 --map ${key}=<列> 指定正确的列`,
    mapRows: (first, last, header) => `KPI 行 ${first}–${last} 不在表头（第 ${header} 行）之下；请用 --map first=<行>,last=<行> 更正`,
    tooManyLines: (n) => `表中有 ${n} 行 KPI，考核表最多读取 200 行。请用 --map first=<行>,last=<行> 缩小范围`,
    mapping: (sheet, header, first, last) => `工作表“${sheet}”中的计划表：表头在第 ${header} 行，KPI 在第 ${first}–${last} 行`,
    kitPlan: (sheet, first, last) =>
      `“${sheet}”是 KPI Kit 生成的计划表：考核表直接读取其第 ${first}–${last} 行 KPI，之后对计划的修改会同步到考核表。如需读取其他列或行，请用 --map 指定。`,
    column: (letter, header, role, alternatives) => `  ${letter}  ${header} → ${role}${alternatives === '' ? '' : `（也可能是：${alternatives}）`}`,
    unmapped: (letter, header) => `  ${letter}  ${header} →（不使用）`,
    overridden: (items) => `按 --map 更改：${items}`,
    notes: '说明：',
    problems: '以下单元格没有可用的数值（填好之前，考核表会标出这些 KPI）：',
    noProblems: '所有目标值和权重均已读取。',
    confirm: '请核对以上各列；如需更改，用 --map 角色=列 后重新运行。',
  },
  update: {
    needsFile: '请先指定工作簿：kpi update 考核表.xlsx --employees 名单.csv',
    needsEmployees: '请给出现在的员工名单：kpi update 考核表.xlsx --employees 名单.csv（每行一个姓名，可加“,部门”）',
    fileMissing: (path) => `${path} 不存在，未写入任何内容。`,
    unreadable: (path, detail) => `${path} 无法作为 .xlsx 工作簿读取（${detail}），未写入任何内容。`,
    noRecipe: (path) =>
      `${path} 中没有 KPI Kit 生成的考核表（没有工作表带有生成配方），无从更新，未写入任何内容。` +
      '用 “kpi template review”、“kpi template dashboard”、“kpi review --from” 或加载项生成的考核表，' +
      '以及用 “kpi template bonus”、“kpi template feedback360” 生成的奖金分配表和360评价表才能更新。',
    csvMissing: (path) => `${path} 不存在，未写入任何内容。`,
    csvUnreadable: (path, detail) => `${path} 无法读取（${detail}），未写入任何内容。`,
    csvEmpty: (path) => `${path} 中没有姓名，未写入任何内容。`,
    csvBlank: (path, line) => `${path} 第 ${line} 行：部门前没有姓名，未写入任何内容。`,
    csvTwice: (path, name, first, line) => `${path}：“${name}”出现了两次（第 ${first} 行和第 ${line} 行），未写入任何内容。`,
    refused: (message) => `${message}未写入任何内容。`,
    updating: (sheet, employees, kpis) => `考核表“${sheet}”：${employees} 名员工，${kpis} 行 KPI`,
    updatingSheet: (kind, sheet, employees) => (kind === 'bonus' ? `奖金分配表“${sheet}”：${employees} 名员工` : `360评价“${sheet}”：${employees} 名被评价人`),
    kept: (n) => `  保留：${n} 人（其填写的内容全部保留）`,
    added: (n, names) => `  新增：${n} 人${n > 0 ? `（${names}）` : ''}`,
    archived: (n, names, sheet) => `  归档：${n} 人${n > 0 ? `（${names}）→ 工作表“${sheet}”` : ''}`,
    kpisAdded: (n) => `  从计划新增的 KPI 行：${n}`,
    restored: (n, cells) => `  被手填数值覆盖、已恢复为公式的单元格：${n}${n > 0 ? `（${cells}）` : ''}`,
    onlyUpdate: (opt) => `${opt} 用于选择要更新的一组工作表，只能与 “kpi update” 一起使用。`,
    severalSets: (path, n) => `${path} 中有 ${n} 组 KPI Kit 生成的工作表，请用 --sheet <工作表名>（该组中任一工作表）指定要更新哪一组。未写入任何内容。各组如下：`,
    setLine: (set, sheets) => `  ${set}；工作表：${sheets}`,
    unknownSheet: (path, sheet) => `${path} 中没有包含工作表“${sheet}”的 KPI Kit 工作表组，未写入任何内容。各组如下：`,
    shifted: (n, cells) => `  请核对：您的 ${n} 个公式引用的行已移动，现在可能显示另一名员工的数据（${cells}）`,
  },
};

export const CLI_TEXTS: Readonly<Record<Locale, CliTexts>> = { en, 'zh-CN': zh };
