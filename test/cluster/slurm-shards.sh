#!/usr/bin/env bash
# Sharded evaluation on a real scheduler: starts a one-node SLURM cluster (scripts/slurm/start-slurm.sh), submits
# a 4-task job array in which task i runs `passk eval --shard i/4` against `passk sim` on 127.0.0.1, merges the
# shards with `passk merge`, runs the same recipe unsharded in a second folder, and fails unless the merged
# run's figures equal the unsharded run's (docs/cluster.md). Needs root (it starts slurmctld, slurmd and munged)
# and stops everything it started, also when it fails. Bounded: the array gets 5 minutes, each task 3.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
node esbuild.js >/dev/null
cli="$repo/dist/cli.js"
node="$(command -v node)"
work="$(mktemp -d /tmp/passk-slurm-XXXXXX)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  bash "$repo/scripts/slurm/stop-slurm.sh"
  rm -rf "$work"
}
trap cleanup EXIT

# The simulator answers the GSM8K test set with seeded, deterministic samples, so both runs see the same model.
"$node" "$cli" sim --port 0 --dataset "$repo/data/gsm8k/test.jsonl" >"$work/sim.out" 2>&1 &
sim_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/v1' "$work/sim.out" | head -n 1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "slurm-shards: passk sim did not start" >&2; cat "$work/sim.out" >&2; exit 1; }

mkdir -p "$work/sharded" "$work/whole"
head -n 40 data/gsm8k/test.jsonl >"$work/sharded/gsm8k.jsonl"
cat >"$work/sharded/cluster.recipe.yaml" <<RECIPE
passk: 1
name: cluster-shards
models:
  sim:
    baseUrl: $url
    model: passk-sim
    api: chat
    concurrency: 4
datasets:
  gsm8k:
    path: gsm8k.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  cot: "{{ question }}\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  gsm8k-sim:
    model: sim
    dataset: gsm8k
    prompt: cot
    samples: 8
    temperature: 0.7
    maxTokens: 512
    seed: 7
    k: [1, 4, 8]
RECIPE
cp "$work/sharded/"* "$work/whole/"

bash scripts/slurm/start-slurm.sh
# The array index is the shard: SLURM numbers tasks from 0, as --shard does.
timeout 300 sbatch --array=0-3 --time=3 --wait --chdir="$work/sharded" --output="$work/task-%a.txt" \
  --wrap "\"$node\" \"$cli\" eval cluster.recipe.yaml --shard \$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT --json" \
  || { echo "slurm-shards: the job array failed" >&2; tail -n 20 "$work"/task-*.txt >&2; exit 1; }
for i in 0 1 2 3; do
  grep -q "\"shard\":{\"index\":$i,\"count\":4" "$work/task-$i.txt" || { echo "slurm-shards: task $i did not run shard $i/4" >&2; cat "$work/task-$i.txt" >&2; exit 1; }
done

"$node" "$cli" merge "$work/sharded/cluster.recipe.yaml" --json >"$work/merged.json"
"$node" "$cli" eval "$work/whole/cluster.recipe.yaml" --json >"$work/whole.json"
"$node" - "$work/merged.json" "$work/whole.json" <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
// Everything in a summary but where the run lives and when it ran.
const figures = (file) => {
  const { runDir, created, updated, provenance, config, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { recipe, dataset, ...cfg } = config;
  return JSON.stringify({ ...rest, config: { ...cfg, dataset: { ...dataset, path: path.basename(dataset.path) } } });
};
const [merged, whole] = process.argv.slice(2).map(figures);
if (merged !== whole) {
  console.error('slurm-shards: the merged run differs from the unsharded run');
  console.error(merged);
  console.error(whole);
  process.exit(1);
}
const s = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
console.log(`slurm-shards: 4 SLURM array tasks merged; ${s.problems} problems, pass@1 ${s.passAtK['1']}, maj@8 ${s.majAtK['8']} equal the unsharded run`);
NODE
