// The line index of a document: text without carriage returns takes a fast path (a MATH file is indexed when it
// opens), and it must agree with the character-by-character reading every other text gets, line by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextLines } from '../../../server/src/text/text-lines';
import { dataDir } from '../../helpers/paths';

/** Line starts read one character at a time, the way the index read every text before it had a fast path. */
function startsByHand(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

const startsOf = (lines: TextLines) => Array.from({ length: lines.lineCount }, (_, line) => lines.offsetAt({ line, character: 0 }));

test('line starts agree with a reading by hand for LF, CRLF, CR, mixed, empty and unterminated texts', () => {
  for (const text of ['', 'a', 'a\n', '\n\n', 'a\nbb\nccc', 'a\r\nb\r\n', 'a\rb\rc', 'a\r\nb\nc\rd', '\r\n\r', 'x\n\ny\n']) {
    const lines = new TextLines(text);
    assert.deepEqual(startsOf(lines), startsByHand(text), JSON.stringify(text));
  }
});

test('the MATH test set is indexed line by line as read by hand, and lines read back without their breaks', () => {
  const text = fs.readFileSync(path.join(dataDir, 'math', 'test.jsonl'), 'utf8');
  const lines = new TextLines(text);
  const expected = startsByHand(text);
  assert.equal(lines.lineCount, expected.length);
  assert.deepEqual(startsOf(lines), expected);
  const split = text.split('\n');
  for (const line of [0, 1, 2499, split.length - 2]) assert.equal(lines.lineText(line), split[line]);
  assert.deepEqual(lines.positionAt(expected[1234]! + 3), { line: 1234, character: 3 });
});
