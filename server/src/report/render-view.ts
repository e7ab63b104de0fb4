// Presentation as data, one renderer. The language server answers the editor's view requests with plain data
// (a `ViewModel`: what a report, a comparison or a problem's samples show, already read through the guards
// of ./report-data), and this function turns it into a page: the client frames that page in its webview, and the
// CLI writes it as a standalone file with ./html's `htmlDocument`. So the editor and `passk report --html` /
// `passk compare --html` cannot drift apart, and the style (./view-style) and the one script (./view-script)
// are the same everywhere (docs/reports.md).
import type { ComparisonView } from '../stats';
import { comparePage } from './compare-page';
import { reportBody } from './html-report';
import type { HtmlPage } from './html';
import { livePreviewPage, type LivePreviewView } from './live-preview-page';
import { problemPage } from './problem-page';
import type { ProblemView } from './problem-view';
import type { ReportData } from './report-data';
import type { SeriesData } from './series-data';
import { seriesBody } from './series-report';
import { VIEW_SCRIPT } from './view-script';
import { VIEW_STYLE } from './view-style';

export interface ReportViewModel {
  kind: 'report';
  report: ReportData;
  /** What produced the figures (./provenance), one line. */
  provenance: string;
  stale: boolean;
  generated?: string;
}

export interface CompareViewModel {
  kind: 'compare';
  compare: ComparisonView;
}

export interface ProblemViewModel {
  kind: 'problem';
  problem: ProblemView;
}

/** An evaluation's `series`: each checkpoint's figures against its value, as `passk report` shows them. */
export interface SeriesViewModel {
  kind: 'series';
  series: SeriesData;
}

/** A synthesis entry's pipeline on its first seeds (passk/previewLive), redacted and cut by the server. */
export interface LivePreviewViewModel {
  kind: 'livePreview';
  live: LivePreviewView;
}

export type ViewModel = ReportViewModel | SeriesViewModel | CompareViewModel | ProblemViewModel | LivePreviewViewModel;

export function renderView(v: ViewModel): HtmlPage {
  switch (v.kind) {
    case 'report':
      return {
        title: `passk report — ${v.report.entry}`,
        style: VIEW_STYLE,
        body: reportBody(v.report, v.provenance, { stale: v.stale, ...(v.generated ? { generated: v.generated } : {}) }),
        script: VIEW_SCRIPT,
      };
    case 'series':
      // The editor's series view takes the shared theme-aware style; the standalone page keeps its own.
      return { title: `passk series — ${v.series.entry}`, style: VIEW_STYLE, body: seriesBody(v.series) };
    case 'compare':
      return comparePage(v.compare);
    case 'problem':
      return problemPage(v.problem);
    case 'livePreview':
      return livePreviewPage(v.live);
  }
}
