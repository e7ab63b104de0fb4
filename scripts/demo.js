// `npm run demo`: the whole product on one screen, on a fresh machine, with no model and no network.
// 1. `passk check` on the shipped examples (all clean), then on a recipe with planted mistakes.
// 2. A real evaluation of examples/sim-gsm8k.recipe.yaml against `passk sim`, the local dry-run simulator on
//    127.0.0.1 (a test tool, not a model): N samples per problem, graded, stored, summarised as pass@k / maj@k.
// 3. The HTML report of that run, then a synthesis dry run (new problems from GSM8K train seeds, filtered and
//    labelled by majority vote), the scaling figure of five simulated checkpoints (examples/sim-scaling.recipe.yaml,
//    with its cost estimate first) and a prompt preview. Running the demo again resumes and sends no request.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const rel = (p) => path.relative(root, p);
const heading = (t) => console.log(`\n\x1b[1m━━ ${t}\x1b[0m`);

function passk(args, env = {}) {
  console.log(`\n$ passk ${args.join(' ')}`);
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;
}

function startSim() {
  return new Promise((resolve, reject) => {
    // The simulator learns the GSM8K test problems (to evaluate) and train problems (the synthesis seeds).
    const datasets = ['data/gsm8k/test.jsonl', 'data/gsm8k/train.jsonl', 'data/math/test.jsonl'].flatMap((d) => ['--dataset', d]);
    const child = spawn(process.execPath, [cli, 'sim', '--port', '0', ...datasets], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('the simulator did not start within 20 s')), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) {
        clearTimeout(timer);
        process.stdout.write(out);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited with code ${code}`)));
  });
}

async function main() {
  const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.recipe.yaml')).map((f) => path.join('examples', f));
  const clean = examples.filter((f) => !f.includes('planted-mistakes'));
  heading('1. Validate the example recipes');
  if (passk(['check', ...clean]) !== 0) throw new Error('the shipped examples should check clean');
  heading('2. A recipe with planted mistakes: every one has a position, a stable code and a fix');
  if (passk(['check', 'examples/planted-mistakes.recipe.yaml']) !== 1) throw new Error('the planted mistakes should be reported as errors');

  heading('3. Evaluate against the local simulator (dry run on 127.0.0.1, no real model)');
  const { child, url } = await startSim();
  try {
    const env = { PASSK_SIM_URL: url };
    const recipe = 'examples/sim-gsm8k.recipe.yaml';
    const status = passk(['eval', recipe], env);
    if (status !== 0) throw new Error(`passk eval exited with ${status}`);
    heading('4. The report: pass@k curve and the per-problem instability histogram');
    const html = path.join(root, 'examples', '.passk', 'demo-report.html');
    if (passk(['report', recipe, '--html', html], env) !== 0) throw new Error('passk report failed');
    heading('5. Synthesize: generate → dedup → decontaminate → verify → solve → majority label → SFT JSONL');
    if (passk(['synth', recipe, '--limit', '8'], env) !== 0) throw new Error('passk synth failed');
    heading('6. The scaling figure: five simulated checkpoints, pass@1 beside pass@16 and maj@16 against SFT data size');
    const scaling = 'examples/sim-scaling.recipe.yaml';
    passk(['eval', scaling, '--dry-run'], env);
    if (passk(['eval', scaling], env) !== 0) throw new Error('passk eval of the series failed');
    const figure = path.join(root, 'examples', '.passk', 'demo-scaling.html');
    if (passk(['report', scaling, '--html', figure], env) !== 0) throw new Error('passk report of the series failed');
    heading('7. Preview what the Xwin-Math recipe will send (rendered prompts, no model call)');
    passk(['preview', 'examples/xwin-gsm8k.recipe.yaml', '--limit', '1']);
    console.log(`\nThe runs are stored under ${rel(path.join(root, 'examples', '.passk'))}/; the report is ${rel(html)} and the scaling figure ${rel(figure)}.`);
    console.log('Run `npm run demo` again: the unchanged recipe resumes its run and sends no request.');
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(`\npassk demo failed: ${e.message}`);
  process.exit(1);
});
