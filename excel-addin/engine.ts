/**
 * The template engine of the task pane, a second script (templates.js) that the pane loads when
 * templates are first needed: option validation, the generators and the Office.js renderer. It
 * keeps the pane itself small and quick to open; the functions need none of it.
 */
export { generateTemplate, parseTemplateOptions } from '../core/templates/index.js';
export { generateReviewFromUserPlan } from '../core/templates/index.js';
export { readPlanChoices, readSheetValues, readTableProposal, readUsedValues, readWorkbookContext, runTemplate } from './workbook.js';
export { readUpdateChoice, runUpdate } from './update.js';
export { renderErrorOf } from './render.js';
export { userPlanInput } from '../ui/proposal.js';
