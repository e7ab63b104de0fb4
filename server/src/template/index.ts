// Prompt templates: static analysis (variables with spans, syntax errors), rendering, and the mapping from a
// YAML scalar's unescaped text back to recipe offsets.
export { analyzeTemplate, type TemplateAnalysis, type TemplateVariable } from './analyze-template';
export { renderTemplate } from './render-template';
export { docOffset, docSpan, plainTemplateSource, scalarTemplateSource, type ScalarStyle } from './template-source';
