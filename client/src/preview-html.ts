// The body of the prompt preview: each problem's rendered messages, with every piece of text escaped because it
// comes from datasets and recipes. Kept free of the vscode API so it can be unit-tested in plain Node.
import type { PreviewResult } from '../../server/src/protocol/requests';
import { escapeHtml } from './webview-page';

export function previewBody(result: PreviewResult): string {
  const items = result.items
    .map(
      (item) =>
        `<h2>Problem ${escapeHtml(item.problem)}</h2>` +
        item.messages.map((m) => `<div class="role">${escapeHtml(m.role)}</div><pre>${escapeHtml(m.content)}</pre>`).join(''),
    )
    .join('\n');
  const problems = result.problems.map((p) => `<p class="problem">${escapeHtml(p)}</p>`).join('');
  return `<h1>Prompts of ${escapeHtml(result.entry)}</h1>${problems}${items || '<p>No problem could be rendered.</p>'}`;
}
