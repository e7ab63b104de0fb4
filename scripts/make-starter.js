// Regenerates starter/data/ from data/: the first rows of each shipped dataset, byte for byte, with the same
// licence files and a provenance note. starter/ is what "passk: Create Example Workspace" copies out of the
// .vsix, so it must stay small (the whole data/ folder is over the package budget). The recipes and README in
// starter/ are written by hand; test/unit/client/starter.test.ts fails when starter/data drifts from this script.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Which rows ship: enough for an evaluation and a small synthesis against the simulator, nothing more. */
const subsets = [
  { from: 'gsm8k/test.jsonl', rows: 50 },
  { from: 'gsm8k/train.jsonl', rows: 20 },
  { from: 'math/test.jsonl', rows: 50 },
];
const licences = ['gsm8k/LICENSE', 'math/LICENSE.ToRA', 'math/LICENSE.hendrycks-math'];

function firstRows(file, rows) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  return lines.slice(0, rows).join('\n') + '\n';
}

/** The files of starter/data as path → content, computed from data/ (used by the script and its test). */
function starterData() {
  const files = new Map();
  for (const s of subsets) files.set(s.from, firstRows(path.join(root, 'data', s.from), s.rows));
  for (const l of licences) files.set(l, fs.readFileSync(path.join(root, 'data', l), 'utf8'));
  const table = subsets.map((s) => `| \`${s.from}\` | first ${s.rows} lines of \`data/${s.from}\` in the passk repository |`).join('\n');
  files.set(
    'PROVENANCE.md',
    `# Example data — provenance

These files are the first lines, byte for byte, of the datasets the passk repository ships under \`data/\`
(see its \`data/PROVENANCE.md\` for the upstream repositories, commits and checksums). They are small on purpose:
they are enough for the example recipes to run against the passk simulator.

| file | rows |
|---|---|
${table}

- \`gsm8k/\` — GSM8K (Cobbe et al. 2021), https://github.com/openai/grade-school-math, MIT licence,
  Copyright (c) 2021 OpenAI: see \`gsm8k/LICENSE\`.
- \`math/\` — MATH test set (Hendrycks et al. 2021) in ToRA's JSONL packaging, https://github.com/microsoft/ToRA:
  \`math/LICENSE.ToRA\` (MIT, Microsoft Corporation) covers the file, \`math/LICENSE.hendrycks-math\` (MIT, Dan
  Hendrycks) the dataset.
`,
  );
  return files;
}

function main() {
  const dir = path.join(root, 'starter', 'data');
  for (const [rel, content] of starterData()) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  console.log(`passk make-starter: wrote ${starterData().size} files under starter/data`);
}

module.exports = { starterData, subsets };
if (require.main === module) main();
