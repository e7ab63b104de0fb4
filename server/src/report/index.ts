// Pure renderings of a run summary: a terminal table, a self-contained HTML report and JUnit XML. All HTML is
// made with the builder of ./html.
export { renderSummaryTable } from './summary-table';
export { renderHtmlReport, reportPage, type HtmlReportOptions } from './html-report';
export { reportData, type ReportData } from './report-data';
export { renderJUnit } from './junit-report';
export { passAtKCurveSvg, successHistogramSvg } from './svg-charts';
export { Html, Css, css, el, fragment, join, num, percent, htmlDocument, standaloneCsp, type HtmlPage } from './html';
export { provenanceOf, provenanceLine, STALE_WARNING, type Provenance } from './provenance';
export type { ReportOptions } from './summary-table';
