// The editor's result views: a run's report, one problem's samples (the sample browser) and a comparison of
// runs. The server answers `passk/report`, `passk/problem` and `passk/compare` with view data, and ./view-panel
// renders it with the CLI's renderer. A problem id clicked in the report or the comparison opens that
// problem's samples in the problem panel.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CompareRequest,
  ProblemRequest,
  ReportRequest,
  type CompareParams,
  type CompareResult,
  type ProblemParams,
  type ProblemResult,
  type ReportParams,
  type ReportResult,
} from '../../server/src/protocol/requests';
import { request } from './server-requests';
import { ViewPanel } from './view-panel';

export class ReportView implements vscode.Disposable {
  private readonly reportPanel = new ViewPanel('passk.report');
  private readonly problemPanel = new ViewPanel('passk.problem');
  private readonly comparePanel = new ViewPanel('passk.compare');

  async show(client: LanguageClient, params: ReportParams): Promise<ReportResult> {
    const result = await request(client, ReportRequest, params);
    const ids = new Set(result.view?.kind === 'report' ? result.view.report.perProblem.map((p) => p.id) : []);
    const where = { ...(params.uri ? { uri: params.uri } : {}), ...(result.entry ? { entry: result.entry } : {}), ...(result.runDir ? { runDir: result.runDir } : {}) };
    this.reportPanel.show(result.title, result.view, result.view ? result.problems : [...result.problems, ...(result.problems.length ? [] : ['There is no run to report yet. Run the evaluation first.'])], {
      ids,
      open: (problem) => void this.showProblem(client, { ...where, problem }),
    });
    return result;
  }

  async showProblem(client: LanguageClient, params: ProblemParams): Promise<ProblemResult> {
    const result = await request(client, ProblemRequest, params);
    this.problemPanel.show(result.title, result.view, result.problems);
    return result;
  }

  async compare(client: LanguageClient, params: CompareParams): Promise<CompareResult> {
    const result = await request(client, CompareRequest, params);
    const ids = new Set(result.view?.compare.perProblem.map((p) => p.problem) ?? []);
    const last = params.runDirs[params.runDirs.length - 1];
    this.comparePanel.show(result.title, result.view, result.problems, {
      ids,
      // A problem of the comparison opens in the last run picked: the one being compared with the baseline.
      open: (problem) => void (last ? this.showProblem(client, { runDir: last, problem }) : undefined),
    });
    return result;
  }

  dispose(): void {
    this.reportPanel.dispose();
    this.problemPanel.dispose();
    this.comparePanel.dispose();
  }
}
