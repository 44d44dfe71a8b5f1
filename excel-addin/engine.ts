/**
 * The template engine of the task pane, a second script (templates.js) that the pane loads when
 * templates are first needed: option validation, the generators and the Office.js renderer. It
 * keeps the pane itself small and quick to open; the functions need none of it.
 */
export { generateTemplate, parseTemplateOptions } from '../core/templates/index.js';
export { readPlanChoices, readWorkbookContext, runTemplate } from './workbook.js';
