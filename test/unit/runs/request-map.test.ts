// Which problems a stored sample counts for when only run.json is at hand (report of an interrupted run, the
// editor's live view, `passk score` of a run's samples.jsonl). Two problems with the same question text share a
// request identity but may have different gold answers, so a sample judged for one of them must not be counted
// for the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestMap } from '../../../server/src/runs/request-map';

test('a sample counts for its own problem when that problem shares its request with another', () => {
  const map = new RequestMap({ a: 'r1', b: 'r1', c: 'r2' });
  assert.deepEqual(map.idsFor({ problem: 'a', req: 'r1' }), ['a']);
  assert.deepEqual(map.idsFor({ problem: 'b', req: 'r1' }), ['b']);
  // A sample stored under an id the run no longer plans counts for every problem asking its request.
  assert.deepEqual([...map.idsFor({ problem: 'old', req: 'r1' })].sort(), ['a', 'b']);
  assert.deepEqual(map.idsFor({ problem: 'c', req: 'r2' }), ['c']);
  assert.deepEqual(map.idsFor({ problem: 'c', req: 'r3' }), []);
  assert.deepEqual(map.idsFor({ problem: 'c' }), []);
});

test('a run folder without request identities counts each sample for the problem it names', () => {
  assert.deepEqual(new RequestMap(undefined).idsFor({ problem: 'x' }), ['x']);
});
