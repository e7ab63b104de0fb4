// Which problems a stored sample counts for, for readers that have the run folder but not the recipe (a report
// of an interrupted run, the editor's live view). run.json maps each planned problem to its request identity; a
// sample counts for every problem whose current request it answers, so samples of an edited question (kept, not
// lost) do not count for the new one (docs/runs.md). Run folders written before request identities existed
// have no map, and their samples count for the problem they name.
import type { SampleVerdict } from './sample-record';

export class RequestMap {
  private readonly byReq: Map<string, string[]> | undefined;

  constructor(requests: Record<string, string> | undefined) {
    if (!requests) return;
    this.byReq = new Map();
    for (const [id, req] of Object.entries(requests)) this.byReq.set(req, [...(this.byReq.get(req) ?? []), id]);
  }

  /**
   * The problem ids `r` is a sample of; empty when it answers no current request. Problems with the same question
   * share a request but may have different gold answers, and a sample was judged for the problem it names: when
   * that problem is among them, it counts for that one alone.
   */
  idsFor(r: Pick<SampleVerdict, 'problem' | 'req'>): readonly string[] {
    if (!this.byReq) return [r.problem];
    const ids = r.req === undefined ? [] : (this.byReq.get(r.req) ?? []);
    return ids.length > 1 && ids.includes(r.problem) ? [r.problem] : ids;
  }
}
