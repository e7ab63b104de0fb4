// The words of a synthesis run's progress, shared by the CLI's status line and the editor's progress
// notification, so both tell the same story: how far each stage got, why candidates were rejected, how fast the
// run goes and when it will be done.
import type { SynthProgress } from './run-synthesis';

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}

/** e.g. `120/400 · generated 118 · verified 110 · solved 104 · kept 96 · rejected: duplicate 8, inconsistent 8 · 3.2/s · ETA 2 min`. */
export function progressText(p: SynthProgress): string {
  const rejected = Object.entries(p.rejected).map(([k, v]) => `${k} ${v}`).join(', ');
  const eta = formatEta(p.etaSeconds);
  return [
    `${p.done}/${p.total}`, `generated ${p.generated}`, `verified ${p.verified}`, `solved ${p.solved}`, `kept ${p.accepted}`,
    ...(rejected ? [`rejected: ${rejected}`] : []), `${p.rate.toFixed(1)}/s`, ...(eta ? [`ETA ${eta}`] : []),
    ...(p.retries ? [`retries ${p.retries}`] : []), ...(p.errors ? [`errors ${p.errors}`] : []),
  ].join(' · ');
}
