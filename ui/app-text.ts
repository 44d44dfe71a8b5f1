/**
 * Every word the template gallery, the options form and the insert results show, in English and
 * Chinese. The Chinese table is typed by the English one, so a missing key fails the type check.
 * The function reference's own words live in UI_TEXT (ui/text.ts), shared with the server code.
 */
import type { Locale } from '../core/types.js';
import type { TemplateKind } from '../core/templates/options.js';
import type { RenderErrorCode } from '../core/templates/render.js';

type PerKind = Readonly<Record<TemplateKind, string>>;
type PerCode = Readonly<Record<RenderErrorCode, string>>;

export interface AppText {
  readonly tabTemplates: string;
  readonly tabFunctions: string;
  readonly views: string;
  readonly language: string;
  readonly galleryIntro: string;
  readonly galleryLabel: string;
  readonly whoLabel: string;
  readonly who: PerKind;
  readonly pictureOf: string;
  readonly back: string;
  readonly optionsFor: string;
  readonly sheetLanguage: string;
  readonly preset: string;
  readonly presetNone: string;
  readonly period: string;
  readonly periodHelp: string;
  readonly department: string;
  readonly departmentHelp: string;
  readonly rows: PerKind;
  readonly rowsHelp: string;
  readonly content: string;
  readonly sample: string;
  readonly empty: string;
  readonly plan: string;
  readonly planNew: string;
  readonly planChoice: string;
  readonly plansLoading: string;
  readonly plansNone: string;
  readonly insert: string;
  readonly inserting: string;
  readonly progress: string;
  readonly progressLabel: string;
  readonly addedOne: string;
  readonly addedOneNoRows: string;
  readonly addedMany: string;
  readonly addedManyNoRows: string;
  readonly hint: PerKind;
  readonly hidden: string;
  readonly names: string;
  readonly cursor: string;
  readonly addAnother: string;
  readonly backToGallery: string;
  readonly errorTitle: string;
  /** When undoing a failed insert failed too, so part of the template is left in the workbook. */
  readonly errorTitlePartial: string;
  readonly errors: PerCode;
  readonly hostDetail: string;
  readonly unknownError: string;
  readonly leftAsWas: string;
  readonly rollbackFailed: string;
  readonly rollbackFailedUnknown: string;
  readonly tryAgain: string;
  readonly listSep: string;
  readonly occupied: string;
  readonly emptyCell: string;
  readonly replace: string;
  readonly cancel: string;
  readonly cancelled: string;
  readonly loading: string;
  /** The host cannot run the custom functions (Excel before version 2311); templates can be added. */
  readonly functionsUnsupported: string;
  /** The host can run neither the custom functions nor templates. */
  readonly nothingSupported: string;
  /** The plan list: KPI Kit plan sheets, tables of the user's own, and the active sheet's table. */
  readonly planKitGroup: string;
  readonly planOwnGroup: string;
  readonly planOwnChoice: string;
  readonly planActive: string;
  readonly planActiveHelp: string;
  readonly planOwnHelp: string;
  /** The confirm step for a table of the user's own. */
  readonly next: string;
  readonly confirmReading: string;
  readonly confirmTitle: string;
  readonly confirmIntro: string;
  readonly confirmColumns: string;
  readonly confirmColumn: string;
  readonly confirmRole: string;
  readonly confirmNoHeader: string;
  readonly confirmExamples: string;
  readonly roleNone: string;
  readonly confirmMissing: string;
  readonly confirmProblems: string;
  readonly confirmNoProblems: string;
  readonly confirmChanged: string;
  readonly confirmCell: string;
  readonly confirmCreate: string;
  readonly confirmBack: string;
  readonly confirmNoTable: string;
  readonly confirmFailed: string;
  /** From the host: the mapping sent cannot be read as a plan. */
  readonly confirmInvalid: string;
  readonly confirmNoSheet: string;
  /** The update of a generated review to a new roster. */
  readonly updateFound: string;
  /** The same for a bonus sheet or a 360 feedback set (no KPI lines). */
  readonly updateFoundSheet: string;
  readonly updateOpen: string;
  /** The same button for a bonus sheet or a 360 feedback set (UpdateChoice.kind). */
  readonly updateOpenKind: Readonly<Record<'bonus' | 'feedback360', string>>;
  readonly updateNone: string;
  readonly updateCheck: string;
  /** Over the reason a set found cannot be updated; {sheet}: the sheet found. */
  readonly updateRefused: string;
  readonly updateChecking: string;
  readonly updateTitle: string;
  readonly updateSheets: string;
  readonly updateIntro: string;
  readonly rosterLabel: string;
  readonly rosterHelp: string;
  readonly rosterCount: string;
  readonly updateSummary: string;
  readonly summaryKept: string;
  readonly summaryMoved: string;
  readonly summaryAdded: string;
  readonly summaryArchived: string;
  readonly summaryNone: string;
  /** A long list of names cut short. */
  readonly namesMore: string;
  readonly rosterBlank: string;
  readonly rosterDuplicate: string;
  readonly rosterEmpty: string;
  readonly rosterFix: string;
  readonly updateRun: string;
  readonly updating: string;
  readonly updateProgress: string;
  readonly updateDone: string;
  readonly reportKept: string;
  readonly reportAdded: string;
  readonly reportArchived: string;
  readonly reportKpis: string;
  readonly reportRestored: string;
  readonly updateErrorTitle: string;
  /** Where an update's failure needs other words than an insert's. */
  readonly updateErrors: Readonly<Partial<Record<RenderErrorCode, string>>>;
  /** Actuals read from a system export on a sheet of the workbook. */
  readonly actuals: string;
  readonly actualsTyped: string;
  readonly actualsGroup: string;
  readonly actualsActive: string;
  readonly actualsHelp: string;
  readonly actualsActiveHelp: string;
  readonly exportReading: string;
  readonly exportTitle: string;
  readonly exportIntro: string;
  readonly exportColumns: string;
  readonly exportRoles: Readonly<Record<'employee' | 'kpi' | 'actual' | 'period' | 'wide', string>>;
  readonly exportLong: string;
  readonly exportWide: string;
  readonly exportBoth: string;
  readonly exportNoHeader: string;
  readonly exportSameHeader: string;
  readonly exportProblems: string;
  readonly exportNoProblems: string;
  readonly exportNoTable: string;
  readonly exportNoTableActive: string;
  readonly exportInvalid: string;
}

const en: AppText = {
  tabTemplates: 'Templates',
  tabFunctions: 'Functions',
  views: 'KPI Kit views',
  language: 'Language',
  galleryIntro: 'Add ready KPI sheets to this workbook. Their numbers are ordinary formulas, so colleagues without the add-in see the same results.',
  galleryLabel: 'Templates',
  whoLabel: 'Filled in by',
  who: {
    plan: 'HR, with each department',
    review: 'Managers',
    scorecard: 'Management',
    feedback360: 'Colleagues; HR collects the ratings',
    bonus: 'Finance',
    shared: 'Management, with the departments involved',
    dashboard: 'Nobody: it reads the review (for HR and management)',
  },
  pictureOf: 'Layout of the {kind} sheet',
  back: 'Templates',
  optionsFor: '{kind}',
  sheetLanguage: 'Language of the sheets',
  preset: 'KPI preset',
  presetNone: 'None: I will type my own KPIs',
  period: 'Period',
  periodHelp: 'Shown under the title, e.g. 2026 Q4.',
  department: 'Department or position',
  departmentHelp: 'Leave empty to use the preset’s department.',
  rows: {
    plan: 'KPI lines',
    review: 'Employees',
    scorecard: 'KPI lines',
    feedback360: 'People rated',
    bonus: 'Employees',
    shared: 'KPI lines',
    dashboard: 'Employees',
  },
  rowsHelp: '1 to 5000. Leave empty for the usual size.',
  content: 'Contents',
  sample: 'Sample data, to learn the sheet',
  empty: 'Empty, for real use',
  plan: 'Plan to read',
  planNew: 'Make a new plan sheet alongside',
  planChoice: '{sheet} ({kpis} KPIs)',
  plansLoading: 'Looking for plan sheets in this workbook…',
  plansNone: 'No plan sheet found in this workbook.',
  insert: 'Add to workbook',
  inserting: 'Adding…',
  progress: 'Adding sheets: step {done} of {total}',
  progressLabel: 'Progress',
  addedOne: 'Added sheet “{sheet}” with {rows} rows; {hint}',
  addedOneNoRows: 'Added sheet “{sheet}”; {hint}',
  addedMany: 'Added sheets {sheets}; “{sheet}” has {rows} rows; {hint}',
  addedManyNoRows: 'Added sheets {sheets}; {hint}',
  hint: {
    plan: 'type the KPIs, targets and weights in the shaded cells. The total row checks that the weights add up to 100%.',
    review: 'type actuals and comments in the shaded cells. Scores, grades and coefficients are computed.',
    scorecard: 'type the KPIs, targets and actuals in the shaded cells of each perspective.',
    feedback360: 'type one rating per line in the shaded cells; the summary shows a group only with enough raters.',
    bonus: 'type the pool, each base and grade in the shaded cells. The check cell compares the shares with the pool.',
    shared: 'type the KPIs and each department’s part of the credit in the shaded cells (100% per row).',
    dashboard: 'fill in the review sheet; the dashboard follows it.',
  },
  hidden: 'Hidden helper sheet: {sheets}.',
  names: 'Workbook names for the option lists: {count} (such as {first}).',
  cursor: 'The cursor is on cell {cell} of “{sheet}”.',
  addAnother: 'Add another',
  backToGallery: 'Back to templates',
  errorTitle: 'Nothing was added',
  errorTitlePartial: 'The template was only partly added',
  errors: {
    unsupported: 'This Excel version cannot add templates (needs Excel 2021, Microsoft 365 or Excel on the web); the KPI functions still work.',
    payloadTooLarge: 'The template is too large to send to Excel in one piece. Choose fewer rows and try again.',
    protected: 'A sheet or the workbook structure is protected. Unprotect it (Review > Unprotect) and try again.',
    sheetGone: 'A sheet the template needs was deleted or renamed while it was being added. Choose the plan again and retry.',
    nameTaken: 'A sheet or name was added at the same moment under the same name. Please try again.',
    timeLimit: 'Adding the template would take longer than the spreadsheet allows. Choose fewer rows and try again.',
    busy: 'Another KPI Kit insert is running in this spreadsheet; try again in a moment.',
    edited: 'Someone else changed the review while it was being updated, so nothing was rewritten. Open the update again to include their changes.',
    badDescription: 'The template could not be written as described. Please report this to us with the details below.',
    hostError: 'The spreadsheet refused a change.',
  },
  hostDetail: 'Details: {detail}',
  unknownError: 'Something went wrong: {detail}',
  leftAsWas: 'Your workbook was left as it was.',
  rollbackFailed: 'Undoing the partial change failed too: please delete the sheets {sheets} by hand.',
  rollbackFailedUnknown: 'Undoing the partial change failed too: please delete the sheets this template added by hand.',
  tryAgain: 'Try again',
  listSep: ', ',
  occupied: '{address} holds {current}. Replace it?',
  emptyCell: 'a value',
  replace: 'Replace',
  cancel: 'Cancel',
  cancelled: 'Nothing was changed.',
  loading: 'Loading…',
  functionsUnsupported:
    'This Excel version cannot run the =KPI.* functions: they need Microsoft 365 or Excel 2021, version 2311 or later. Templates still work: their numbers are ordinary formulas.',
  nothingSupported:
    'This Excel version can neither run the =KPI.* functions nor add templates: the functions need Microsoft 365 or Excel 2021, version 2311 or later; templates need Excel 2021, Microsoft 365 or Excel on the web.',
  planKitGroup: 'KPI Kit plans',
  planOwnGroup: 'Tables of your own',
  planOwnChoice: '{sheet} ({kpis} rows, your table)',
  planActive: 'Use a table of my own…',
  planActiveHelp: 'Go to the sheet with your KPI table first: its columns are shown next for you to confirm.',
  planOwnHelp: 'Your table is read as it is, through a helper sheet; your sheet is not changed. Next you confirm its columns.',
  next: 'Next',
  confirmReading: 'Reading the table…',
  confirmTitle: 'Confirm the columns of “{sheet}”',
  confirmIntro: 'Rows {first}–{last} are read as KPI lines. Check what each column holds: the review reads your sheet through a helper sheet, and your sheet is not changed.',
  confirmColumns: 'Columns of your table',
  confirmColumn: 'Column (examples)',
  confirmRole: 'Holds',
  confirmNoHeader: '(no header)',
  confirmExamples: 'Examples: {values}',
  roleNone: 'not used',
  confirmMissing: 'Choose a column for: {roles}.',
  confirmProblems: 'Cells that cannot be read ({count}): the review marks them until they are fixed in your sheet.',
  confirmNoProblems: 'Every KPI, target and weight cell can be read.',
  confirmChanged: 'Columns you changed are checked in the helper sheet’s Check column once the review is made.',
  confirmCell: 'Cell {cell}',
  confirmCreate: 'Create review',
  confirmBack: 'Back to the options',
  confirmNoTable: 'No table was found on this sheet. Go to the sheet with your KPI table and try again.',
  confirmFailed: 'The sheet could not be read: {detail}',
  confirmInvalid: 'The columns chosen cannot be read as a plan: choose a KPI, a target and a weight column, each once.',
  confirmNoSheet: 'The sheet “{sheet}” is not in this workbook any more.',
  updateFound: '“{sheet}” was made by KPI Kit: {employees} employees, {kpis} KPI lines.',
  updateFoundSheet: '“{sheet}” was made by KPI Kit: {employees} employees.',
  updateOpen: 'Update this review',
  updateOpenKind: { bonus: 'Update this bonus sheet', feedback360: 'Update this 360 feedback' },
  updateNone: 'To update a review made by KPI Kit (new or leaving employees), go to one of its sheets, then check again.',
  updateCheck: 'Check the active sheet',
  updateRefused: '"{sheet}" cannot be updated',
  updateChecking: 'Checking the active sheet…',
  updateTitle: 'Update “{sheet}”',
  updateSheets: 'Sheets rewritten: {sheets}.',
  updateIntro: 'Edit the employees: what was typed for each one stays with them; new names get empty rows; names you remove move, with what was typed for them, to an archive sheet.',
  rosterLabel: 'Employees',
  rosterHelp: 'One per line: name, then department after a tab or a comma. You can paste two columns from a sheet.',
  rosterCount: '{count} employees listed',
  updateSummary: 'What the update will do',
  summaryKept: 'Kept: {count}, with everything typed for them',
  summaryMoved: 'New department: {names}',
  summaryAdded: 'Added ({count}): {names}',
  summaryArchived: 'To the archive sheet ({count}): {names}',
  summaryNone: 'Same employees as now: the update still writes back formulas that were typed over and adds KPI lines new in the plan.',
  namesMore: '{names} and {count} more',
  rosterBlank: 'Line {line} has no name.',
  rosterDuplicate: 'Line {line}: “{name}” is already on line {first}.',
  rosterEmpty: 'List at least one employee.',
  rosterFix: 'Fix these lines to update:',
  updateRun: 'Update',
  updating: 'Updating…',
  updateProgress: 'Updating sheets: step {done} of {total}',
  updateDone: 'Updated “{sheet}”',
  reportKept: '{count} employees kept, with everything typed for them.',
  reportAdded: 'Added ({count}): {names}.',
  reportArchived: 'Moved to “{sheet}” ({count}): {names}.',
  reportKpis: 'KPI lines added from the plan: {count}.',
  reportRestored: 'Formulas written back where a value had been typed over: {cells}.',
  updateErrorTitle: 'The review was not updated',
  updateErrors: {
    sheetGone: 'A sheet of this review was deleted or renamed meanwhile. Go to the review’s sheet and check again.',
    busy: 'Another KPI Kit change is running in this spreadsheet; try again in a moment.',
    nameTaken: 'A sheet or name was added at the same moment under the same name. Please try again.',
    timeLimit: 'The update would take longer than the spreadsheet allows. Please report this to us.',
  },
  actuals: 'Actuals',
  actualsTyped: 'Typed into the review',
  actualsGroup: 'From a system export on sheet',
  actualsActive: 'An export on the active sheet…',
  actualsHelp: 'The review reads each employee’s actual for each KPI from the export; the export is not changed, and a new export pasted over it is read the same way.',
  actualsActiveHelp: 'Go to the sheet with the export first, then choose this again.',
  exportReading: 'Reading the export…',
  exportTitle: 'Columns of the export “{sheet}”',
  exportIntro: 'Rows {first}–{last} are read. Say which column holds what: an employee, KPI, value and date per row; or an employee per row and one column per KPI.',
  exportColumns: 'Columns of the export',
  exportRoles: { employee: 'Employee', kpi: 'KPI', actual: 'Value', period: 'Date', wide: 'KPI in header' },
  exportLong: 'Read as one row per employee and KPI.',
  exportWide: 'Read as one row per employee, KPIs: {kpis}.',
  exportBoth: 'Use either a KPI column with a value column, or one column per KPI, not both.',
  exportNoHeader: 'Column {column} has no header: name the KPI in the export, or leave the column unused.',
  exportSameHeader: 'Columns {columns} have the same header.',
  exportProblems: 'Rows that cannot be read ({count}): the review leaves their actuals blank.',
  exportNoProblems: 'Every row of these columns can be read.',
  exportNoTable: 'No table was found on “{sheet}”. Choose the sheet with the export.',
  exportNoTableActive: 'No table was found on the active sheet. Go to the sheet with the export, then choose this again.',
  exportInvalid: 'The columns chosen cannot be read as an export: choose an employee column, and either a KPI and a value column or columns headed by KPI names.',
};

const zh: AppText = {
  tabTemplates: '模板',
  tabFunctions: '函数',
  views: 'KPI Kit 视图',
  language: '语言',
  galleryIntro: '向当前工作簿添加现成的KPI工作表。其中的数字都是普通公式，没有安装加载项的同事也能看到相同结果。',
  galleryLabel: '模板',
  whoLabel: '填写人',
  who: {
    plan: '人力资源部，与各部门一起',
    review: '各级经理',
    scorecard: '管理层',
    feedback360: '同事评价，人力资源部汇总',
    bonus: '财务部',
    shared: '管理层，与相关部门一起',
    dashboard: '无需填写：读取考核表（供人力资源部和管理层查看）',
  },
  pictureOf: '{kind} 工作表的布局',
  back: '模板',
  optionsFor: '{kind}',
  sheetLanguage: '工作表语言',
  preset: 'KPI 预设',
  presetNone: '不使用：我自己填写KPI',
  period: '考核期间',
  periodHelp: '显示在标题下方，例如 2026年第四季度。',
  department: '部门或岗位',
  departmentHelp: '留空则使用预设的部门。',
  rows: {
    plan: 'KPI 行数',
    review: '员工人数',
    scorecard: 'KPI 行数',
    feedback360: '被评价人数',
    bonus: '员工人数',
    shared: 'KPI 行数',
    dashboard: '员工人数',
  },
  rowsHelp: '1 到 5000。留空则使用常用行数。',
  content: '内容',
  sample: '示例数据（用于了解表格）',
  empty: '空白（用于实际填写）',
  plan: '读取的计划表',
  planNew: '同时新建一张计划表',
  planChoice: '{sheet}（{kpis} 个KPI）',
  plansLoading: '正在查找工作簿中的计划表…',
  plansNone: '工作簿中没有找到计划表。',
  insert: '添加到工作簿',
  inserting: '正在添加…',
  progress: '正在添加工作表：第 {done} 步，共 {total} 步',
  progressLabel: '进度',
  addedOne: '已添加工作表“{sheet}”，共 {rows} 行；{hint}',
  addedOneNoRows: '已添加工作表“{sheet}”；{hint}',
  addedMany: '已添加工作表 {sheets}；“{sheet}”共 {rows} 行；{hint}',
  addedManyNoRows: '已添加工作表 {sheets}；{hint}',
  hint: {
    plan: '请在底色单元格中填写KPI、目标和权重。合计行会检查权重之和是否为100%。',
    review: '请在底色单元格中填写实际值和评语。得分、等级和系数会自动计算。',
    scorecard: '请在各维度的底色单元格中填写KPI、目标和实际值。',
    feedback360: '请在底色单元格中每行填写一条评分；评价人数足够的组才会显示在汇总中。',
    bonus: '请在底色单元格中填写奖金池、每人的基数和等级。核对单元格会比较分配合计与奖金池。',
    shared: '请在底色单元格中填写KPI和各部门的分摊比例（每行合计100%）。',
    dashboard: '请填写考核表，仪表盘会随之更新。',
  },
  hidden: '隐藏的辅助工作表：{sheets}。',
  names: '选项列表使用的工作簿名称：{count} 个（例如 {first}）。',
  cursor: '光标位于“{sheet}”的 {cell} 单元格。',
  addAnother: '再添加一个',
  backToGallery: '返回模板列表',
  errorTitle: '没有添加任何内容',
  errorTitlePartial: '模板只添加了一部分',
  errors: {
    unsupported: '此 Excel 版本无法添加模板（需要 Excel 2021、Microsoft 365 或 Excel 网页版）；KPI 函数仍可正常使用。',
    payloadTooLarge: '模板太大，无法一次发送给 Excel。请减少行数后重试。',
    protected: '某个工作表或工作簿结构受保护。请先取消保护（审阅 > 取消保护）再重试。',
    sheetGone: '添加过程中，模板需要的某个工作表被删除或重命名。请重新选择计划表后重试。',
    nameTaken: '同一时刻有同名的工作表或名称被添加。请重试。',
    timeLimit: '添加此模板所需时间超过表格程序的限制。请减少行数后重试。',
    busy: '此表格中正在进行另一项 KPI Kit 插入；请稍后重试。',
    edited: '更新期间有其他人修改了考核表，因此没有改写任何内容。请重新打开更新，以包含他们的修改。',
    badDescription: '无法按描述写入此模板。请将下方详情告知我们。',
    hostError: '表格程序拒绝了一项更改。',
  },
  hostDetail: '详情：{detail}',
  unknownError: '出现问题：{detail}',
  leftAsWas: '您的工作簿保持原样，未作任何更改。',
  rollbackFailed: '撤销部分更改也失败了：请手动删除工作表 {sheets}。',
  rollbackFailedUnknown: '撤销部分更改也失败了：请手动删除此模板添加的工作表。',
  tryAgain: '重试',
  listSep: '、',
  occupied: '{address} 中已有 {current}。要替换吗？',
  emptyCell: '内容',
  replace: '替换',
  cancel: '取消',
  cancelled: '未作任何更改。',
  loading: '正在加载…',
  functionsUnsupported: '此 Excel 版本无法运行 =KPI.* 函数：需要 Microsoft 365 或 Excel 2021 的 2311 或更高版本。模板仍可使用：其中的数字都是普通公式。',
  nothingSupported:
    '此 Excel 版本既无法运行 =KPI.* 函数，也无法添加模板：函数需要 Microsoft 365 或 Excel 2021 的 2311 或更高版本；模板需要 Excel 2021、Microsoft 365 或 Excel 网页版。',
  planKitGroup: 'KPI Kit 计划表',
  planOwnGroup: '您自己的表格',
  planOwnChoice: '{sheet}（{kpis} 行，自有表格）',
  planActive: '使用我自己的表格…',
  planActiveHelp: '请先切换到您的 KPI 表格所在的工作表：下一步会列出各列供您确认。',
  planOwnHelp: '通过一张辅助表原样读取您的表格，不会修改您的工作表。下一步请确认各列的含义。',
  next: '下一步',
  confirmReading: '正在读取表格…',
  confirmTitle: '确认“{sheet}”的各列',
  confirmIntro: '第 {first}–{last} 行作为指标行读取。请确认每列的内容：考核表通过辅助表读取您的工作表，不会修改您的工作表。',
  confirmColumns: '您的表格的列',
  confirmColumn: '列（示例）',
  confirmRole: '内容',
  confirmNoHeader: '（无表头）',
  confirmExamples: '示例：{values}',
  roleNone: '不使用',
  confirmMissing: '请为以下内容选择一列：{roles}。',
  confirmProblems: '无法读取的单元格（{count} 个）：在您的表格中修正之前，考核表会标出它们。',
  confirmNoProblems: '所有指标、目标值和权重单元格均可读取。',
  confirmChanged: '您更改过的列，会在考核表生成后由辅助表的“检查”列核对。',
  confirmCell: '单元格 {cell}',
  confirmCreate: '生成考核表',
  confirmBack: '返回选项',
  confirmNoTable: '此工作表中没有找到表格。请切换到您的 KPI 表格所在的工作表后重试。',
  confirmFailed: '无法读取工作表：{detail}',
  confirmInvalid: '所选的列无法作为计划读取：请各选一列作为指标、目标值和权重，每列只用一次。',
  confirmNoSheet: '工作簿中已没有工作表“{sheet}”。',
  updateFound: '“{sheet}”由 KPI Kit 生成：{employees} 名员工，{kpis} 个KPI行。',
  updateFoundSheet: '“{sheet}”由 KPI Kit 生成：{employees} 名员工。',
  updateOpen: '更新此考核表',
  updateOpenKind: { bonus: '更新此奖金分配表', feedback360: '更新此360评价' },
  updateNone: '要更新 KPI Kit 生成的考核表（新员工或离职员工），请先切换到它的某张工作表，再重新检查。',
  updateCheck: '检查当前工作表',
  updateRefused: '“{sheet}”无法更新',
  updateChecking: '正在检查当前工作表…',
  updateTitle: '更新“{sheet}”',
  updateSheets: '将改写的工作表：{sheets}。',
  updateIntro: '编辑员工名单：已为每位员工填写的内容会随其保留；新名字获得空白行；删除的名字连同已填写的内容移入归档表。',
  rosterLabel: '员工',
  rosterHelp: '每行一人：姓名，然后用制表符或逗号隔开部门。可以直接从表格中粘贴两列。',
  rosterCount: '共 {count} 名员工',
  updateSummary: '本次更新将会',
  summaryKept: '保留：{count} 人，已填写的内容全部保留',
  summaryMoved: '部门变更：{names}',
  summaryAdded: '新增（{count}）：{names}',
  summaryArchived: '移入归档表（{count}）：{names}',
  summaryNone: '员工与现在相同：更新仍会恢复被手动覆盖的公式，并加入计划中新增的KPI行。',
  namesMore: '{names}，另有 {count} 人',
  rosterBlank: '第 {line} 行没有姓名。',
  rosterDuplicate: '第 {line} 行：“{name}”已在第 {first} 行出现。',
  rosterEmpty: '请至少填写一名员工。',
  rosterFix: '请先修正以下各行：',
  updateRun: '更新',
  updating: '正在更新…',
  updateProgress: '正在更新工作表：第 {done} 步，共 {total} 步',
  updateDone: '已更新“{sheet}”',
  reportKept: '保留 {count} 名员工，已填写的内容全部保留。',
  reportAdded: '新增（{count}）：{names}。',
  reportArchived: '已移入“{sheet}”（{count}）：{names}。',
  reportKpis: '从计划中新增的KPI行：{count} 行。',
  reportRestored: '被手动覆盖的单元格已恢复为公式：{cells}。',
  updateErrorTitle: '考核表未更新',
  updateErrors: {
    sheetGone: '此期间考核表的某张工作表被删除或重命名。请切换到考核表所在的工作表后重新检查。',
    busy: '此表格中正在进行另一项 KPI Kit 更改；请稍后重试。',
    nameTaken: '同一时刻有同名的工作表或名称被添加。请重试。',
    timeLimit: '更新所需时间超过表格程序的限制。请将此情况告知我们。',
  },
  actuals: '实际值',
  actualsTyped: '在考核表中填写',
  actualsGroup: '来自工作表中的系统导出数据',
  actualsActive: '来自当前工作表中的系统导出数据…',
  actualsHelp: '考核表从导出数据中读取每位员工每个KPI的实际值；导出数据不会被修改，之后粘贴覆盖的新导出数据也会按同样方式读取。',
  actualsActiveHelp: '请先切换到导出数据所在的工作表，再重新选择此项。',
  exportReading: '正在读取导出数据…',
  exportTitle: '导出数据“{sheet}”的各列',
  exportIntro: '读取第 {first}–{last} 行。请说明每列的内容：每行一名员工、一个KPI、数值和日期；或每行一名员工，每个KPI一列。',
  exportColumns: '导出数据的列',
  exportRoles: { employee: '员工', kpi: 'KPI', actual: '数值', period: '日期', wide: '表头KPI数值' },
  exportLong: '按“每行一名员工和一个KPI”读取。',
  exportWide: '按“每行一名员工”读取，KPI：{kpis}。',
  exportBoth: '请只用一种方式：一列KPI加一列数值，或每个KPI一列，不能同时使用。',
  exportNoHeader: '第 {column} 列没有表头：请在导出数据中写上KPI名称，或不使用此列。',
  exportSameHeader: '第 {columns} 列的表头相同。',
  exportProblems: '无法读取的行（{count} 行）：考核表中这些实际值留空。',
  exportNoProblems: '这些列的所有行均可读取。',
  exportNoTable: '“{sheet}”中没有找到表格。请选择导出数据所在的工作表。',
  exportNoTableActive: '当前工作表中没有找到表格。请切换到导出数据所在的工作表，再重新选择此项。',
  exportInvalid: '所选的列无法作为导出数据读取：请选择员工列，以及KPI列和数值列，或以KPI名称为表头的各列。',
};

export const APP_TEXT: Readonly<Record<Locale, AppText>> = { en, 'zh-CN': zh };
