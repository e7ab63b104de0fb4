// The source of syntaxes/passk-recipe.tmLanguage.json. TextMate grammars are JSON with regexes in strings,
// which is hard to read and easy to break; here the shared pieces (key forms, block-scalar indicators, the
// known field names) are named once and composed. Run `node syntaxes/generate-grammar.js` after an edit; the
// grammar tests fail when the JSON and this file disagree. Field names mirror the recipe format (docs/recipe-format.md).
const r = String.raw;
const SECTIONS = 'models|datasets|prompts';
const REF_SECTIONS = 'synthesize|evaluate';
const REF_KEYS = { model: 'model', dataset: 'dataset', prompt: 'prompt', seeds: 'dataset' };
const TOP = 'passk|name|description';
const FIELDS = [
  'baseUrl','model','apiKey','api','concurrency','rpm','tpm','timeoutSeconds','maxRetries','price','inputPerMTok','outputPerMTok','batch','headers',
  'path','question','answer','field','extract','id',
  'system','user',
  'seeds','perSeed','count','generate','verify','solve','filters','consistency','minAgreement','dedup','ngram','threshold','decontaminate','against','output','parse','accept',
  'dataset','prompt','samples','temperature','topP','maxTokens','seed','k','grader','compare','expect',
].join('|');
const PLAIN_KEY = r`[^\s#'"\[\]{},:|>&*!%@` + '`' + r`-][^#:]*?|-[^\s#:][^#:]*?`;
const KEY = `(?:${PLAIN_KEY}|"(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*')`;
const FLOW_PLAIN_KEY = r`[^\s#'"\[\]{},:|>&*!%@` + '`' + r`-][^#:,\[\]{}]*?`;
const FLOW_KEY = `(?:${FLOW_PLAIN_KEY}|"(?:[^"\\\\]|\\\\.)*"|'(?:[^']|'')*')`;
const KEY_END = r`(?=\s|$)`;
const BLOCK_IND = r`([|>])([1-9]?[-+]?|[-+][1-9])\s*(#.*)?$`;
const FLOW_END = r`(?=\s*[,\]}]|\s+#|\s*$)`;
const BLOCK_END = r`(?=\s*(?:#.*)?$)`;

const key = (scope) => ({ name: scope });
const g = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'passk recipe',
  scopeName: 'source.passk-recipe',
  comment: 'passk recipe files (*.recipe.yaml): YAML with Jinja-style template spans and ${env:VAR} references. The grammar stands alone (keys, strings, numbers, comments, block scalars, flow collections) and falls back to source.yaml, when the editor has it, only for constructs it does not model itself.',
  patterns: [
    { include: '#leading-blank-lines' },
    { include: '#comment' },
    { include: '#document' },
    { include: '#top-level-block-scalar' },
    { include: '#section' },
    { include: '#ref-section' },
    { include: '#top-level-key' },
    { include: '#block-body' },
    { include: 'source.yaml' },
  ],
  repository: {
    'leading-blank-lines': {
      comment: 'Blank lines that open the file are consumed here: otherwise the \\A rule of source.yaml, the fallback included last, would match first and claim the whole document.',
      begin: r`\A(?=[ \t]*$)`,
      end: r`^(?=[ \t]*\S)`,
    },
    comment: {
      comment: 'A YAML comment starts at a # that begins the line or follows whitespace.',
      match: r`(?:^|(?<=\s))(#).*$`,
      name: 'comment.line.number-sign.yaml',
      captures: { 1: { name: 'punctuation.definition.comment.yaml' } },
    },
    document: {
      patterns: [
        { match: r`^(---|\.\.\.)(?=\s|$)`, name: 'entity.other.document.begin.yaml' },
        { match: r`^%.*$`, name: 'meta.directive.yaml' },
      ],
    },
    section: {
      comment: 'A top-level section that holds named entries; it ends at the next line that starts in column one.',
      begin: `^(${SECTIONS})\\s*(:)${KEY_END}`,
      beginCaptures: { 1: key('entity.name.tag.section.passk-recipe'), 2: key('punctuation.separator.key-value.mapping.yaml') },
      end: r`^(?=[^\s#])`,
      name: 'meta.section.$1.passk-recipe',
      patterns: [
        { include: '#comment' },
        { include: '#entry-block-scalar' },
        { include: '#entry' },
        { include: '#block-body' },
      ],
    },
    'top-level-key': {
      patterns: [
        {
          match: `^(${TOP})\\s*(:)${KEY_END}`,
          captures: { 1: key('entity.name.tag.section.passk-recipe'), 2: key('punctuation.separator.key-value.mapping.yaml') },
        },
      ],
    },
    'top-level-block-scalar': {
      begin: `^(${TOP})\\s*(:)\\s+${BLOCK_IND}`,
      beginCaptures: {
        1: key('entity.name.tag.section.passk-recipe'), 2: key('punctuation.separator.key-value.mapping.yaml'),
        3: key('keyword.control.flow.block-scalar.yaml'), 4: key('storage.modifier.chomping-indicator.yaml'), 5: { patterns: [{ include: '#comment' }] },
      },
      end: r`^(?!\s|$)`,
      contentName: 'string.unquoted.block.yaml',
      patterns: [{ include: '#embedded' }],
    },
    entry: {
      comment: 'The first key inside a section names an entry (a model, dataset, prompt, pipeline or evaluation); the entry lasts while lines are indented deeper than its name.',
      begin: `^(\\s+)(${KEY})\\s*(:)${KEY_END}`,
      beginCaptures: { 2: key('entity.name.type.entry.passk-recipe'), 3: key('punctuation.separator.key-value.mapping.yaml') },
      end: r`^(?!\1\s|\s*$)`,
      name: 'meta.entry.passk-recipe',
      patterns: [{ include: '#block-body' }],
    },
    'entry-block-scalar': {
      comment: 'An entry whose whole value is a block scalar, typically a prompt written with | or >.',
      begin: `^(\\s+)(${KEY})\\s*(:)\\s+${BLOCK_IND}`,
      beginCaptures: {
        2: key('entity.name.type.entry.passk-recipe'), 3: key('punctuation.separator.key-value.mapping.yaml'),
        4: key('keyword.control.flow.block-scalar.yaml'), 5: key('storage.modifier.chomping-indicator.yaml'), 6: { patterns: [{ include: '#comment' }] },
      },
      end: r`^(?!\1\s|\s*$)`,
      name: 'meta.entry.passk-recipe',
      contentName: 'string.unquoted.block.yaml',
      patterns: [{ include: '#embedded' }],
    },
    'block-body': {
      patterns: [
        { include: '#comment' },
        { include: '#block-scalar' },
        { include: '#block-key' },
        { include: '#sequence-dash' },
        { include: '#node-properties' },
        { include: '#value' },
      ],
    },
    'block-scalar': {
      comment: 'A | or > scalar; its content is every following line indented deeper than the line that opened it.',
      begin: `^(\\s*)(?:(-)\\s+)?(?:(${KEY})\\s*(:)\\s+)?${BLOCK_IND}`,
      beginCaptures: {
        2: key('punctuation.definition.block.sequence.item.yaml'),
        3: { patterns: [{ include: '#key-name' }] },
        4: key('punctuation.separator.key-value.mapping.yaml'),
        5: key('keyword.control.flow.block-scalar.yaml'), 6: key('storage.modifier.chomping-indicator.yaml'),
        7: { patterns: [{ include: '#comment' }] },
      },
      end: r`^(?!\1\s|\s*$)`,
      contentName: 'string.unquoted.block.yaml',
      patterns: [{ include: '#embedded' }],
    },
    'block-key': {
      match: `^(\\s*)(?:(-)\\s+)?(${KEY})\\s*(:)${KEY_END}`,
      captures: {
        2: key('punctuation.definition.block.sequence.item.yaml'),
        3: { patterns: [{ include: '#key-name' }] },
        4: key('punctuation.separator.key-value.mapping.yaml'),
      },
    },
    'key-name': {
      comment: 'Capture patterns see the line up to the end of the key, so they anchor with a look-behind and $. Keys the recipe format defines are marked as fields so themes and tests can tell them from typos.',
      patterns: [
        { match: `(?<![^\\s{,\\[])(?:${FIELDS})$`, name: 'entity.name.tag.field.passk-recipe' },
        { match: r`(?<![^\s{,\[])(?:pass|maj)@\d+$`, name: 'entity.name.tag.field.passk-recipe' },
        { match: r`".*"$`, name: 'entity.name.tag.yaml string.quoted.double.yaml' },
        { match: r`'.*'$`, name: 'entity.name.tag.yaml string.quoted.single.yaml' },
        { match: r`\S.*$`, name: 'entity.name.tag.yaml' },
      ],
    },
    'sequence-dash': { match: r`(?<=^|\s)(-)(?=\s|$)`, name: 'punctuation.definition.block.sequence.item.yaml' },
    'node-properties': {
      patterns: [
        { match: r`(&)([^\s\[\]{},]+)`, name: 'meta.anchor.yaml', captures: { 1: key('keyword.control.flow.anchor.yaml'), 2: key('variable.other.anchor.yaml') } },
        { match: r`(\*)([^\s\[\]{},]+)`, name: 'meta.alias.yaml', captures: { 1: key('keyword.control.flow.alias.yaml'), 2: key('variable.other.alias.yaml') } },
        { match: r`!\S*`, name: 'storage.type.tag-handle.yaml' },
      ],
    },
    value: {
      patterns: [
        { include: '#string-double' },
        { include: '#string-single' },
        { include: '#template' },
        { include: '#flow-mapping' },
        { include: '#flow-sequence' },
        { include: '#scalar-constant' },
        { include: '#plain-block' },
      ],
    },
    'scalar-constant': {
      patterns: [
        { match: r`(?<![^\s\[{,])(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x\h+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))` + FLOW_END, name: 'constant.numeric.yaml' },
        { match: r`(?<![^\s\[{,])(?:true|false|True|False|TRUE|FALSE|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF)` + FLOW_END, name: 'constant.language.boolean.yaml' },
        { match: r`(?<![^\s\[{,])(?:null|Null|NULL|~)` + FLOW_END, name: 'constant.language.null.yaml' },
      ],
    },
    'plain-block': {
      comment: 'An unquoted scalar in block context runs to a comment or the end of the line.',
      begin: r`(?=[^\s#'"\[\]{},|>&*!%@` + '`' + r`])`,
      end: r`(?=\s+#|\s*$)`,
      name: 'string.unquoted.plain.yaml',
      patterns: [{ include: '#embedded' }],
    },
    'plain-flow': {
      comment: 'An unquoted scalar inside [ ] or { } also stops at a comma or a closing bracket.',
      begin: r`(?=[^\s#'"\[\]{},|>&*!%@` + '`' + r`])`,
      end: r`(?=\s*[,\]}]|\s+#|\s*$)`,
      name: 'string.unquoted.plain.yaml',
      patterns: [{ include: '#embedded' }],
    },
    'flow-mapping': {
      begin: r`\{(?![{%#])`,
      beginCaptures: { 0: key('punctuation.definition.mapping.begin.yaml') },
      end: r`\}`,
      endCaptures: { 0: key('punctuation.definition.mapping.end.yaml') },
      name: 'meta.flow-mapping.yaml',
      patterns: [{ include: '#flow-body' }],
    },
    'flow-sequence': {
      begin: r`\[`,
      beginCaptures: { 0: key('punctuation.definition.sequence.begin.yaml') },
      end: r`\]`,
      endCaptures: { 0: key('punctuation.definition.sequence.end.yaml') },
      name: 'meta.flow-sequence.yaml',
      patterns: [{ include: '#flow-body' }],
    },
    'flow-body': {
      patterns: [
        { include: '#comment' },
        { match: ',', name: 'punctuation.separator.sequence.yaml' },
        {
          match: `(${FLOW_KEY})\\s*(:)(?=\\s|[,\\]}]|$)`,
          captures: { 1: { patterns: [{ include: '#key-name' }] }, 2: key('punctuation.separator.key-value.mapping.yaml') },
        },
        { include: '#node-properties' },
        { include: '#string-double' },
        { include: '#string-single' },
        { include: '#template' },
        { include: '#flow-mapping' },
        { include: '#flow-sequence' },
        { include: '#scalar-constant' },
        { include: '#plain-flow' },
      ],
    },
    'string-double': {
      begin: '"',
      beginCaptures: { 0: key('punctuation.definition.string.begin.yaml') },
      end: '"',
      endCaptures: { 0: key('punctuation.definition.string.end.yaml') },
      name: 'string.quoted.double.yaml',
      patterns: [
        { match: r`\\(?:[0abtnvfre "/\\N_LP\t]|x\h{2}|u\h{4}|U\h{8})`, name: 'constant.character.escape.yaml' },
        { match: r`\\.`, name: 'invalid.illegal.escape.yaml' },
        { include: '#embedded' },
      ],
    },
    'string-single': {
      begin: "'",
      beginCaptures: { 0: key('punctuation.definition.string.begin.yaml') },
      end: "'(?!')",
      endCaptures: { 0: key('punctuation.definition.string.end.yaml') },
      name: 'string.quoted.single.yaml',
      patterns: [{ match: "''", name: 'constant.character.escape.single-quote.yaml' }, { include: '#embedded' }],
    },
    embedded: { patterns: [{ include: '#template' }, { include: '#env' }] },
    env: {
      comment: '${env:VAR} or ${env:VAR:default}: resolved from the environment when a recipe runs.',
      match: r`(\$\{)(env)(:)([A-Za-z_][A-Za-z0-9_]*)(?:(:)([^}]*))?(\})`,
      name: 'meta.env-reference.passk-recipe',
      captures: {
        1: key('punctuation.definition.variable.begin.passk-recipe'),
        2: key('support.variable.env.passk-recipe'),
        3: key('punctuation.separator.env.passk-recipe'),
        4: key('variable.other.env.passk-recipe'),
        5: key('punctuation.separator.default.passk-recipe'),
        6: key('string.unquoted.default.passk-recipe'),
        7: key('punctuation.definition.variable.end.passk-recipe'),
      },
    },
    template: {
      patterns: [
        {
          begin: r`\{#`, end: r`#\}`, name: 'comment.block.template.passk-recipe',
          beginCaptures: { 0: key('punctuation.definition.comment.begin.template.passk-recipe') },
          endCaptures: { 0: key('punctuation.definition.comment.end.template.passk-recipe') },
        },
        {
          begin: r`\{\{-?`, end: r`-?\}\}`, name: 'meta.embedded.expression.template.passk-recipe',
          beginCaptures: { 0: key('punctuation.section.embedded.begin.template.passk-recipe') },
          endCaptures: { 0: key('punctuation.section.embedded.end.template.passk-recipe') },
          patterns: [{ include: '#template-expression' }],
        },
        {
          begin: r`(\{%-?)\s*([A-Za-z_]\w*)?`, end: r`-?%\}`, name: 'meta.embedded.statement.template.passk-recipe',
          beginCaptures: { 1: key('punctuation.section.embedded.begin.template.passk-recipe'), 2: key('keyword.control.template.passk-recipe') },
          endCaptures: { 0: key('punctuation.section.embedded.end.template.passk-recipe') },
          patterns: [{ include: '#template-expression' }],
        },
      ],
    },
    'template-expression': {
      patterns: [
        { match: r`\b(?:and|or|not|in|is|if|else)\b`, name: 'keyword.operator.word.template.passk-recipe' },
        { match: r`\b(?:true|false|none|True|False|None)\b`, name: 'constant.language.template.passk-recipe' },
        { match: r`\b\d+(?:\.\d+)?\b`, name: 'constant.numeric.template.passk-recipe' },
        { match: r`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`, name: 'string.quoted.template.passk-recipe' },
        { match: r`(\|)\s*([A-Za-z_]\w*)`, captures: { 1: key('keyword.operator.filter.template.passk-recipe'), 2: key('support.function.filter.template.passk-recipe') } },
        { match: r`(\.)([A-Za-z_]\w*)`, captures: { 1: key('punctuation.accessor.template.passk-recipe'), 2: key('variable.other.property.template.passk-recipe') } },
        { match: r`[A-Za-z_]\w*(?=\s*\()`, name: 'entity.name.function.template.passk-recipe' },
        { match: r`[A-Za-z_]\w*`, name: 'variable.other.template.passk-recipe' },
        { match: r`==|!=|<=|>=|[-+*/%<>=~]`, name: 'keyword.operator.template.passk-recipe' },
        { match: r`[()\[\],]`, name: 'punctuation.template.passk-recipe' },
      ],
    },
  },
};
// Evaluations and syntheses name models, datasets and prompts. Their sections use a copy of the block and flow
// rules (prefixed ref-) that first tries the reference forms, so a name that points at another entry is
// marked as a reference there, while \`model:\` under \`models\` (a provider's model id) stays a plain string.
const R = g.repository;
const cloned = ['entry', 'block-body', 'value', 'flow-mapping', 'flow-sequence', 'flow-body'];
const retarget = (rule) => JSON.parse(JSON.stringify(rule), (k, v) => (k === 'include' && cloned.includes(v.slice(1)) ? `#ref-${v.slice(1)}` : v));
for (const name of cloned) R[`ref-${name}`] = retarget(R[name]);
const refName = r`[A-Za-z0-9_][\w.-]*`;
const refValue = (kind) => `variable.other.reference.${kind}.passk-recipe`;
const refRules = Object.entries(REF_KEYS).map(([k, kind]) => ({
  match: `^(\\s*)(?:(-)\\s+)?(${k})\\s*(:)\\s+(${refName})(?=\\s*$|\\s+#)`,
  captures: { 2: key('punctuation.definition.block.sequence.item.yaml'), 3: key('entity.name.tag.field.passk-recipe'), 4: key('punctuation.separator.key-value.mapping.yaml'), 5: key(refValue(kind)) },
}));
const flowRefRules = Object.entries(REF_KEYS).map(([k, kind]) => ({
  match: `(?<![\\w@.-])(${k})\\s*(:)\\s+(${refName})(?=\\s*[,\\]}])`,
  captures: { 1: key('entity.name.tag.field.passk-recipe'), 2: key('punctuation.separator.key-value.mapping.yaml'), 3: key(refValue(kind)) },
}));
const againstRule = {
  comment: 'decontaminate.against lists dataset names.',
  begin: r`(?<![\w@.-])(against)\s*(:)\s*(\[)`,
  beginCaptures: { 1: key('entity.name.tag.field.passk-recipe'), 2: key('punctuation.separator.key-value.mapping.yaml'), 3: key('punctuation.definition.sequence.begin.yaml') },
  end: r`\]`,
  endCaptures: { 0: key('punctuation.definition.sequence.end.yaml') },
  contentName: 'meta.flow-sequence.yaml',
  patterns: [{ include: '#comment' }, { match: ',', name: 'punctuation.separator.sequence.yaml' }, { match: refName, name: refValue('dataset') }],
};
R['ref-block-body'].patterns.splice(1, 0, ...refRules, { ...againstRule, begin: `^\\s*${againstRule.begin}` });
R['ref-flow-body'].patterns.splice(2, 0, againstRule, ...flowRefRules);
R['ref-section'] = {
  ...R.section,
  comment: 'The evaluate and synthesize sections, whose entries reference models, datasets and prompts by name.',
  begin: `^(${REF_SECTIONS})\\s*(:)${KEY_END}`,
  patterns: R.section.patterns.map((p) => (p.include === '#entry' ? { include: '#ref-entry' } : p.include === '#block-body' ? { include: '#ref-block-body' } : p)),
};
const out = require('path').join(__dirname, 'passk-recipe.tmLanguage.json');
const text = JSON.stringify(g, null, 2) + '\n';
if (require.main === module) require('fs').writeFileSync(process.argv[2] || out, text);
module.exports = { grammar: g, text, out };
