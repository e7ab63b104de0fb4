// The colour scale of dataset lines by pass@1, shared by the gutter marks and the scrollbar strip. Five steps
// are enough to see at a glance where the hard problems sit in a file of thousands of lines; the exact figure
// is in the line's hint and hover. Editor-independent so it can be tested without VS Code.

/** Upper bounds (exclusive) of each step, then its colour; the last step takes everything up to 1. */
export const HEAT_STEPS: readonly { below: number; color: string; name: string }[] = [
  { below: 0.005, color: '#d73a49', name: 'never solved' },
  { below: 0.25, color: '#e36209', name: 'pass@1 below 0.25' },
  { below: 0.5, color: '#dbab09', name: 'pass@1 below 0.50' },
  { below: 0.8, color: '#7cb342', name: 'pass@1 below 0.80' },
  { below: Number.POSITIVE_INFINITY, color: '#2ea043', name: 'pass@1 0.80 or more' },
];

/** The step of a pass@1 value; a value that is not a number counts as the lowest, never as solved. */
export function heatStep(passAt1: number): number {
  if (!Number.isFinite(passAt1)) return 0;
  return HEAT_STEPS.findIndex((s) => passAt1 < s.below);
}

/** A small SVG bar in the step's colour, as a data URI for the gutter (no file to ship or load). */
export function gutterSvg(step: number): string {
  const color = HEAT_STEPS[step]!.color;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="6" height="16"><rect x="1" y="0" width="4" height="16" fill="${color}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
