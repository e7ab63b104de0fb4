// The body of the prompt preview: each problem's rendered messages, built with the escaping builder of
// server/src/report/html.ts because every piece of text comes from datasets and recipes. Kept free of the
// vscode API so it can be unit-tested in plain Node.
import type { PreviewResult } from '../../server/src/protocol/requests';
import { el, fragment, join, type Html } from '../../server/src/report/html';

/** The request's problems (unreadable rows, missing fields) as error paragraphs. */
export function problemParagraphs(problems: readonly string[]): Html {
  return fragment(problems.map((p) => el('p', { class: 'problem' }, p)));
}

export function previewBody(result: PreviewResult): Html {
  const items = result.items.map((item) =>
    fragment(el('h2', null, 'Problem ', item.problem), item.messages.map((m) => fragment(el('div', { class: 'role' }, m.role), el('pre', null, m.content)))));
  return fragment(
    el('h1', null, 'Prompts of ', result.entry),
    problemParagraphs(result.problems),
    items.length ? join(items, '\n') : el('p', null, 'No problem could be rendered.'),
  );
}
