// Pure renderings of a run summary: a terminal table, a self-contained HTML report and JUnit XML.
export { renderSummaryTable } from './summary-table';
export { renderHtmlReport } from './html-report';
export { renderJUnit } from './junit-report';
export { passAtKCurveSvg, successHistogramSvg } from './svg-charts';
export { provenanceOf, provenanceLine, STALE_WARNING, type Provenance } from './provenance';
export type { ReportOptions } from './summary-table';
