// The one way passk makes HTML. Reports and previews show text that comes from datasets, models and run files
// (a planted `.passk/` folder is attacker-controlled), so markup is never assembled from strings: `el` builds an
// element whose tag and attribute names come from allow-lists, every string child and attribute value is
// escaped, URLs are restricted to http(s) and in-page anchors, and numbers go through a formatter that refuses
// anything but a finite number. The result is an `Html` value that only this module can create, so "trusted
// markup" cannot be smuggled in as a string: a string, or an object that merely looks like `Html`, is escaped
// as text. Style sheets are `Css` values made only from template literals without substitutions, so no data can
// reach a `<style>` element either. docs/reports.md describes what the reports show and the policy they carry.
import { createHash } from 'node:crypto';
import { escapeMarkup } from '../text/escape-markup';
import { formatNumber, formatPercent } from './format';

let make: (markup: string) => Html;

/** Markup built by this module; its text can only be produced by `el`, `fragment`, `num` and `percent`. */
export class Html {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  static {
    make = (markup) => new Html(markup);
  }

  /** True only for values this module made; a look-alike object (e.g. parsed from JSON) is not `Html`. */
  static is(v: unknown): v is Html {
    return typeof v === 'object' && v !== null && #markup in v;
  }

  toString(): string {
    return this.#markup;
  }
}

let makeCss: (text: string) => Css;

/** A style sheet written in the source code; see `css`. */
export class Css {
  readonly #text: string;

  private constructor(text: string) {
    this.#text = text;
  }

  static {
    makeCss = (text) => new Css(text);
  }

  get text(): string {
    return this.#text;
  }
}

/**
 * A style sheet from a template literal written in the source: css`body{margin:0}`. Substitutions are refused
 * (the type allows none, and a call with any throws), so no data can flow into a style element; `<` is refused
 * too, so the sheet cannot close its element. Both are programming errors, caught when the module loads.
 */
export function css(strings: TemplateStringsArray, ...none: never[]): Css {
  if (!Array.isArray(strings.raw) || strings.length !== 1 || none.length !== 0) throw new Error('css`…` takes no substitutions');
  const text = strings[0]!;
  if (text.includes('<')) throw new Error('a style sheet must not contain "<"');
  return makeCss(text);
}

/** Joins style sheets written in the source. */
export function joinCss(...sheets: readonly Css[]): Css {
  return makeCss(sheets.map((s) => s.text).join('\n'));
}

const HTML_TAGS = [
  'a', 'b', 'code', 'dd', 'details', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'i', 'input', 'label',
  'li', 'mark', 'ol', 'p', 'pre', 'section', 'small', 'span', 'strong', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
] as const;
/** Elements that have no content and no closing tag. */
const VOID_TAGS: ReadonlySet<string> = new Set<string>(['input']);
/** SVG elements for the charts: shapes and text only (no `animate`, `set`, `use`, `foreignObject`, `image`). */
const SVG_TAGS = ['svg', 'g', 'title', 'rect', 'line', 'polyline', 'circle', 'path', 'text'] as const;
export type Tag = (typeof HTML_TAGS)[number] | (typeof SVG_TAGS)[number];
const TAGS: ReadonlySet<string> = new Set<string>([...HTML_TAGS, ...SVG_TAGS]);
const SVG_SHAPES: ReadonlySet<string> = new Set<string>(['rect', 'line', 'polyline', 'circle', 'path']);

const ATTRIBUTES = [
  'class', 'id', 'lang', 'title', 'role', 'aria-label', 'aria-controls', 'colspan', 'rowspan', 'href', 'open',
  'type', 'placeholder', 'data-v', 'for', 'hidden',
  'xmlns', 'viewBox', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'd', 'points',
  'fill', 'stroke', 'stroke-width', 'font-size', 'text-anchor',
] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];
const ATTRIBUTE_SET: ReadonlySet<string> = new Set<string>(ATTRIBUTES);
/** Attributes whose value a browser follows; anything but these schemes is dropped. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set<string>(['href']);

export type AttributeValue = string | number | boolean | null | undefined;
export type Attributes = Partial<Record<AttributeName, AttributeValue>>;
export type Child = Html | string | null | undefined | false | readonly Child[];

/** Escapes text for element content and quoted attribute values alike. */
const escape = escapeMarkup;

/**
 * How a value that is not markup becomes text. The types only allow strings, but run files are read from disk,
 * so a field declared a string may hold a number, an object or null; none of them may throw or be trusted.
 */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/**
 * Whether a URL may be followed: absolute http(s) or an in-page anchor. Browsers ignore tabs and newlines
 * inside URLs and trim spaces and control characters, so any such character refuses the URL outright rather
 * than letting "java\tscript:" through.
 */
export function safeUrl(url: string): boolean {
  for (let i = 0; i < url.length; i++) if (url.charCodeAt(i) <= 0x20 || url.charCodeAt(i) === 0x7f) return false;
  const lower = url.toLowerCase();
  return lower.startsWith('https://') || lower.startsWith('http://') || lower.startsWith('#');
}

function attribute(name: string, value: unknown): string {
  if (!ATTRIBUTE_SET.has(name) || value === null || value === undefined || value === false) return '';
  if (value === true) return ` ${name}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const text = textOf(value);
  if (URL_ATTRIBUTES.has(name) && !safeUrl(text)) return '';
  return ` ${name}="${escape(text)}"`;
}

function childMarkup(c: unknown): string {
  if (c === null || c === undefined || c === false || c === true) return '';
  if (Html.is(c)) return c.toString();
  if (Array.isArray(c)) return c.map(childMarkup).join('');
  return escape(textOf(c));
}

/**
 * An element. An unknown tag name (a programming error: the type allows none) becomes a `span`, and unknown
 * attribute names, event handlers among them, are dropped, so no input can add an element or an attribute
 * the allow-lists do not name.
 */
export function el(tag: Tag, attrs?: Attributes | null, ...children: Child[]): Html {
  const name = TAGS.has(tag) ? tag : 'span';
  let open = `<${name}`;
  if (attrs) for (const key of Object.keys(attrs)) open += attribute(key, (attrs as Record<string, unknown>)[key]);
  if (VOID_TAGS.has(name)) return make(`${open}>`);
  const inner = children.map(childMarkup).join('');
  if (inner === '' && SVG_SHAPES.has(name)) return make(`${open}/>`);
  return make(`${open}>${inner}</${name}>`);
}

/** Several children as one value, escaped like element content. */
export function fragment(...children: Child[]): Html {
  return make(children.map(childMarkup).join(''));
}

/** Children joined by a separator (itself a child, so a string separator is escaped too); empty ones are left out. */
export function join(children: readonly Child[], separator: Child): Html {
  const sep = childMarkup(separator);
  return make(children.map(childMarkup).filter((m) => m !== '').join(sep));
}

/** A number as text: `digits` fixed decimals when given; '—' for a missing value, '?' for anything but a finite number. */
export function num(v: unknown, digits?: number): Html {
  return make(escape(formatNumber(v, digits)));
}

/** A fraction as a percentage ('41.7%'), with the same refusals as `num`. */
export function percent(v: unknown, digits = 1): Html {
  return make(escape(formatPercent(v, digits)));
}

let makeScript: (text: string) => Script;

/** A script written in the source code; see `script`. */
export class Script {
  readonly #text: string;

  private constructor(text: string) {
    this.#text = text;
  }

  static {
    makeScript = (text) => new Script(text);
  }

  get text(): string {
    return this.#text;
  }
}

/**
 * A script from a template literal written in the source, with the refusals of `css`: no substitutions (no
 * data can become code) and no `<` (it cannot close its element). Pages allow it by its hash or a nonce.
 */
export function script(strings: TemplateStringsArray, ...none: never[]): Script {
  if (!Array.isArray(strings.raw) || strings.length !== 1 || none.length !== 0) throw new Error('script`…` takes no substitutions');
  const text = strings[0]!;
  if (text.includes('<')) throw new Error('a script must not contain "<"');
  return makeScript(text);
}

const MATHML_TAGS: ReadonlySet<string> = new Set([
  'span', 'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'mtext', 'ms', 'mspace', 'mfrac', 'msqrt', 'mroot', 'msup', 'msub',
  'msubsup', 'munder', 'mover', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded', 'mphantom', 'menclose', 'mglyph', 'mlabeledtr',
  'mmultiscripts', 'mprescripts', 'none',
]);
const MATHML_ATTRIBUTES: ReadonlySet<string> = new Set([
  'class', 'xmlns', 'display', 'encoding', 'mathvariant', 'mathcolor', 'mathbackground', 'mathsize', 'stretchy', 'fence', 'separator',
  'lspace', 'rspace', 'width', 'height', 'depth', 'voffset', 'scriptlevel', 'displaystyle', 'minsize', 'maxsize', 'accent', 'accentunder',
  'columnalign', 'rowalign', 'rowspacing', 'columnspacing', 'columnlines', 'rowlines', 'frame', 'framespacing', 'linethickness',
  'movablelimits', 'symmetric', 'notation', 'largeop', 'form', 'align', 'side', 'equalrows', 'equalcolumns',
]);
const MARKUP_TOKEN = /<[^<>]*>|[^<>]+|[<>]/g;
const TAG = /^<(\/?)([a-z]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>$/;
const TAG_ATTRIBUTE = /\s+([a-z-]+)="([^"<>]*)"/g;
const TEXT = /^(?:[^&<>]|&(?:amp|lt|gt|quot|#39|#x[0-9a-f]+|#[0-9]+);)*$/i;

/**
 * MathML from the math renderer (KaTeX, run without `trust` so it makes no link, image or style) accepted as
 * markup only after every tag, attribute and text run of it passes the allow-lists above: MathML elements,
 * presentation attributes whose values hold no quote or bracket, text with only named or numeric entities, and
 * tags that close in order. Anything else, whatever the renderer's reason, makes it null and the caller shows
 * the source as text. So a renderer bug cannot put a script, a handler or a link on the page either.
 */
export function verifiedMathMl(markup: string): Html | null {
  const open: string[] = [];
  for (const token of markup.match(MARKUP_TOKEN) ?? []) {
    if (token.startsWith('<')) {
      const m = TAG.exec(token);
      if (!m || !MATHML_TAGS.has(m[2]!)) return null;
      for (const a of m[3]!.matchAll(TAG_ATTRIBUTE)) if (!MATHML_ATTRIBUTES.has(a[1]!) || !TEXT.test(a[2]!)) return null;
      if (m[1]) {
        if (open.pop() !== m[2]) return null;
      } else if (!m[4]) open.push(m[2]!);
    } else if (!TEXT.test(token)) {
      return null;
    }
  }
  return open.length === 0 ? make(markup) : null;
}

/** The parts of a page: the client's webview frames `body` and `style` itself, the CLI writes a whole file. */
export interface HtmlPage {
  title: string;
  style: Css;
  body: Html;
  /** Sorting and searching of tables; the page is complete without it (a reader with scripts off sees it all). */
  script?: Script;
}

/**
 * The Content-Security-Policy of a standalone report: nothing may load (no network), no script runs but the
 * page's own constant one (by its hash, so an injected script element would not), only the page's own style
 * sheet applies (by its hash, so an injected style element would not either), and images
 * only from data: URLs. base-uri and form-action do not fall back to default-src, so they are closed apart.
 */
export function standaloneCsp(style: Css, code?: Script): string {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
  const scripts = code ? `script-src 'sha256-${sha(code.text)}'` : "script-src 'none'";
  return `default-src 'none'; style-src 'sha256-${sha(style.text)}'; ${scripts}; img-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * A whole HTML document for a file of its own: the policy comes first in the head, before anything it governs.
 * The policy is constants and a base64 hash, so it holds no quote or ampersand and is written as it is.
 */
export function htmlDocument(page: HtmlPage): string {
  const csp = standaloneCsp(page.style, page.script);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(textOf(page.title))}</title><style>${page.style.text}</style></head><body>
${page.body.toString()}
${page.script ? `<script>${page.script.text}</script>\n` : ''}</body></html>
`;
}

/** Escapes text for HTML outside the builder's elements (the webview shell's title). */
export function escapeText(text: string): string {
  return escape(textOf(text));
}
