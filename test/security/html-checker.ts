// A strict checker for the HTML passk produces, written as a small tokenizer that follows the HTML parsing
// rules that matter for injection (a start tag is "<" plus a letter; "/" between attributes separates them, so
// `<img src="x"/onerror=…>` has an onerror attribute; style and title are raw text outside SVG; comments,
// CDATA and processing instructions are markup) instead of regular expressions, which is how sanitisers get
// bypassed. It reports every element or attribute outside the allow-lists, every event handler, every URL that
// is not http(s) or an anchor, and collects the decoded text, so a test can also check that hostile input is
// shown as text rather than lost.

export interface CheckedHtml {
  violations: string[];
  /** The text content with character references decoded, as a reader sees it. */
  text: string;
  /** Start tags in order, lower-cased, with their decoded attributes. */
  tags: { name: string; attrs: [string, string][] }[];
  /** The contents of style elements. */
  styles: string[];
  /** The contents of script elements (a document may hold the views' one constant script, allowed by hash). */
  scripts: string[];
}

const BUILDER_TAGS = [
  'a', 'b', 'code', 'dd', 'details', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'i', 'input', 'label', 'li', 'mark',
  'ol', 'p', 'pre', 'section', 'small', 'span', 'strong', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  'svg', 'g', 'title', 'rect', 'line', 'polyline', 'circle', 'path', 'text',
  // MathML rendered ahead of time from LaTeX (server/src/report/math-text.ts).
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'mtext', 'ms', 'mspace', 'mfrac', 'msqrt', 'mroot', 'msup', 'msub', 'msubsup',
  'munder', 'mover', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom', 'menclose', 'mglyph', 'mlabeledtr', 'mmultiscripts',
  'mprescripts', 'none',
];
const DOCUMENT_TAGS = ['html', 'head', 'body', 'meta', 'style', 'script'];
const BUILDER_ATTRS = [
  'class', 'id', 'lang', 'title', 'role', 'aria-label', 'aria-controls', 'colspan', 'rowspan', 'href', 'open', 'type', 'placeholder', 'data-v', 'for', 'hidden',
  'xmlns', 'viewbox', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'd', 'points',
  'fill', 'stroke', 'stroke-width', 'font-size', 'text-anchor',
  'display', 'encoding', 'mathvariant', 'mathcolor', 'mathbackground', 'mathsize', 'stretchy', 'fence', 'separator', 'lspace', 'rspace', 'depth',
  'voffset', 'scriptlevel', 'displaystyle', 'minsize', 'maxsize', 'accent', 'accentunder', 'columnalign', 'rowalign', 'rowspacing', 'columnspacing',
  'columnlines', 'rowlines', 'frame', 'framespacing', 'linethickness', 'movablelimits', 'symmetric', 'notation', 'largeop', 'form', 'align', 'side',
  'equalrows', 'equalcolumns',
];
const DOCUMENT_ATTRS = ['charset', 'name', 'content', 'http-equiv'];
/** Elements whose content the HTML parser reads as raw text (outside SVG), up to their end tag. */
const RAW_TEXT = ['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title', 'plaintext'];
const URL_ATTRS = ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc', 'background', 'poster', 'data'];

const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

const words = (s: string): string[] => {
  const out: string[] = [];
  let w = '';
  for (const c of s) {
    if (isSpace(c)) {
      if (w) out.push(w);
      w = '';
    } else w += c;
  }
  if (w) out.push(w);
  return out;
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references the builder writes (and numeric ones, which an attacker might try). */
export function decodeEntities(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '&') {
      out += s[i];
      continue;
    }
    const end = s.indexOf(';', i);
    const body = end > i ? s.slice(i + 1, end) : '';
    let ch: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) ch = String.fromCodePoint(parseInt(body.slice(2), 16) || 0xfffd);
    else if (body.startsWith('#')) ch = String.fromCodePoint(parseInt(body.slice(1), 10) || 0xfffd);
    else ch = NAMED[body];
    if (ch === undefined || body.length === 0 || body.length > 10) out += '&';
    else {
      out += ch;
      i = end;
    }
  }
  return out;
}

/** What a browser would follow: scheme after dropping whitespace and control characters. */
function urlIsSafe(value: string): boolean {
  let v = '';
  for (const c of value) if (c.charCodeAt(0) > 0x20 && c.charCodeAt(0) !== 0x7f) v += c;
  const lower = v.toLowerCase();
  return lower.startsWith('https://') || lower.startsWith('http://') || lower.startsWith('#');
}

export function checkHtml(html: string, opts: { document: boolean }): CheckedHtml {
  const tags = new Set([...BUILDER_TAGS, ...(opts.document ? DOCUMENT_TAGS : [])]);
  const attrsAllowed = new Set([...BUILDER_ATTRS, ...(opts.document ? DOCUMENT_ATTRS : [])]);
  const violations: string[] = [];
  const out: CheckedHtml = { violations, text: '', tags: [], styles: [], scripts: [] };
  let text = '';
  let svgDepth = 0;
  let i = 0;
  const n = html.length;
  const flush = () => {
    out.text += decodeEntities(text);
    text = '';
  };
  while (i < n) {
    const c = html[i]!;
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const next = html[i + 1] ?? '';
    if (next === '!') {
      const rest = html.slice(i, i + 9).toLowerCase();
      if (rest === '<!doctype' && opts.document && out.tags.length === 0) {
        const end = html.indexOf('>', i);
        i = end < 0 ? n : end + 1;
        continue;
      }
      violations.push(`markup declaration at ${i}: ${html.slice(i, i + 20)}`);
      const end = html.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (next === '?') {
      violations.push(`processing instruction at ${i}`);
      const end = html.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (next === '/') {
      if (!isAlpha(html[i + 2] ?? '')) {
        violations.push(`bogus end tag at ${i}`);
        const end = html.indexOf('>', i);
        i = end < 0 ? n : end + 1;
        continue;
      }
      let j = i + 2;
      while (j < n && !isSpace(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
      const name = html.slice(i + 2, j).toLowerCase();
      if (!tags.has(name)) violations.push(`end tag </${name}> not allowed`);
      if (name === 'svg') svgDepth = Math.max(0, svgDepth - 1);
      const end = html.indexOf('>', j);
      if (end < 0) violations.push(`unterminated end tag </${name}`);
      flush();
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!isAlpha(next)) {
      text += c;
      i++;
      continue;
    }
    // A start tag: its name, then attributes separated by whitespace or "/".
    flush();
    let j = i + 1;
    while (j < n && !isSpace(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
    const name = html.slice(i + 1, j).toLowerCase();
    const attrs: [string, string][] = [];
    let closed = false;
    let selfClosing = false;
    while (j < n) {
      const ch = html[j]!;
      if (isSpace(ch)) {
        j++;
        continue;
      }
      if (ch === '/') {
        if (html[j + 1] === '>') {
          selfClosing = true;
          closed = true;
          j += 2;
          break;
        }
        j++;
        continue;
      }
      if (ch === '>') {
        closed = true;
        j++;
        break;
      }
      const start = j;
      j++; // a first "=" belongs to the name
      while (j < n && !isSpace(html[j]!) && html[j] !== '/' && html[j] !== '>' && html[j] !== '=') j++;
      const attr = html.slice(start, j).toLowerCase();
      while (j < n && isSpace(html[j]!)) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < n && isSpace(html[j]!)) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          const vs = j;
          while (j < n && !isSpace(html[j]!) && html[j] !== '>') j++;
          value = html.slice(vs, j);
        }
      }
      attrs.push([attr, decodeEntities(value)]);
    }
    if (!closed) violations.push(`unterminated start tag <${name}`);
    out.tags.push({ name, attrs });
    if (!tags.has(name)) violations.push(`element <${name}> not allowed`);
    for (const [a, v] of attrs) {
      if (a.startsWith('on')) violations.push(`event handler ${a} on <${name}>`);
      else if (!attrsAllowed.has(a)) violations.push(`attribute ${a} not allowed on <${name}>`);
      if (URL_ATTRS.includes(a) && !urlIsSafe(v)) violations.push(`unsafe URL in ${a} on <${name}>: ${v}`);
    }
    i = j;
    if (name === 'svg' && !selfClosing) svgDepth++;
    if (svgDepth === 0 && RAW_TEXT.includes(name)) {
      // Raw text up to the matching end tag, whatever it contains.
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const content = html.slice(i, close < 0 ? n : close);
      if (name === 'style') out.styles.push(content);
      else if (name === 'script') out.scripts.push(content);
      else if (name === 'title' || name === 'textarea') out.text += decodeEntities(content);
      i = close < 0 ? n : close;
      if (close < 0) violations.push(`raw text element <${name}> is never closed`);
    }
  }
  flush();
  return out;
}

export interface CspCheck {
  violations: string[];
  csp: string;
}

/**
 * A standalone document must open with a Content-Security-Policy, before any style, that allows no script but
 * its own: default-src 'none', script-src 'none' or exactly the hash of its one script element, and styles only
 * inline-by-hash (matching the one style element) or 'unsafe-inline'.
 */
export function checkStandaloneCsp(checked: CheckedHtml, sha256Base64: (text: string) => string): CspCheck {
  const violations: string[] = [];
  const metaIndex = checked.tags.findIndex((t) => t.name === 'meta' && t.attrs.some(([a, v]) => a === 'http-equiv' && v.toLowerCase() === 'content-security-policy'));
  const styleIndex = checked.tags.findIndex((t) => t.name === 'style');
  if (metaIndex < 0) return { violations: ['no Content-Security-Policy meta element'], csp: '' };
  if (styleIndex >= 0 && styleIndex < metaIndex) violations.push('a style element comes before the policy');
  const csp = checked.tags[metaIndex]!.attrs.find(([a]) => a === 'content')?.[1] ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = words(d);
    return [name!.toLowerCase(), values] as const;
  }));
  if (directives.get('default-src')?.join(' ') !== "'none'") violations.push(`default-src is not 'none': ${csp}`);
  const script = directives.get('script-src');
  const ownScript = checked.scripts.length === 1 ? `'sha256-${sha256Base64(checked.scripts[0]!)}'` : undefined;
  if (script && script.join(' ') !== "'none'" && script.join(' ') !== ownScript) violations.push(`script-src allows more than the page's own script: ${csp}`);
  if (checked.scripts.length > 1) violations.push(`more than one script element (${checked.scripts.length})`);
  const styleSrc = directives.get('style-src') ?? [];
  if (checked.styles.length !== 1) violations.push(`expected one style element, found ${checked.styles.length}`);
  const hash = `'sha256-${sha256Base64(checked.styles[0] ?? '')}'`;
  if (!styleSrc.includes("'unsafe-inline'") && !styleSrc.includes(hash)) violations.push(`style-src does not admit the page's style sheet (${hash}): ${csp}`);
  const img = directives.get('img-src');
  if (img && img.some((v) => v !== 'data:' && v !== "'none'")) violations.push(`img-src allows more than data: ${csp}`);
  if (checked.scripts.length && !script?.includes(ownScript ?? '')) violations.push('a script element the policy does not name');
  return { violations, csp };
}
