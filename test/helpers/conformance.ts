// The conformance corpus (test/fixtures/grading/conformance/*.jsonl, one category per file) and how it is scored.
// Shared by the floor test (test/unit/answers/conformance.test.ts) and the grading benchmark (bench/grading.js),
// so both report the same agreement. A row is {gold, pred, equal, reason}; rows with kind "output" hold a whole
// model output that goes through the same extraction `passk grade` and `eval` use before it is compared.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answersEqual, extractAnswer, extractGold } from '../../server/src/answers';

export interface ConformanceRow {
  category: string;
  gold: string;
  pred: string;
  equal: boolean;
  reason: string;
  kind?: 'output';
}

export interface CategoryScore {
  category: string;
  rows: number;
  agree: number;
  /** Rows labelled different that the grader called equal: the error that inflates pass@k. */
  falseEqual: number;
  falseDifferent: number;
  misjudged: ConformanceRow[];
}

export function loadConformance(dir: string): ConformanceRow[] {
  const rows: ConformanceRow[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const category = file.replace(/\.jsonl$/, '');
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      rows.push({ category, ...(JSON.parse(line) as Omit<ConformanceRow, 'category'>) });
    }
  }
  return rows;
}

/** The grader's verdict on one row, through the same path `passk grade` takes. */
export function judge(row: ConformanceRow): boolean {
  const gold = extractGold(row.gold, 'auto').answer ?? row.gold;
  if (row.kind !== 'output') return answersEqual(gold, row.pred, 'math');
  const pred = extractAnswer(row.pred, 'auto', gold).answer;
  return pred !== null && answersEqual(gold, pred, 'math');
}

export function scoreConformance(rows: readonly ConformanceRow[]): CategoryScore[] {
  const by = new Map<string, CategoryScore>();
  for (const row of rows) {
    let s = by.get(row.category);
    if (!s) by.set(row.category, (s = { category: row.category, rows: 0, agree: 0, falseEqual: 0, falseDifferent: 0, misjudged: [] }));
    const verdict = judge(row);
    s.rows++;
    if (verdict === row.equal) s.agree++;
    else {
      if (verdict) s.falseEqual++;
      else s.falseDifferent++;
      s.misjudged.push(row);
    }
  }
  return [...by.values()];
}
