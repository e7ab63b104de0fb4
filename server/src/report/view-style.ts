// The one style sheet of every passk view (report, comparison, sample browser), in the editor and in a
// standalone file alike. Colours are custom properties that take the workbench's theme variables when VS Code
// defines them (a webview gets `--vscode-*` for the active theme) and fall back to a light palette, or to a
// dark one when the reader's system prefers it, in a file opened in a browser. Charts are inline SVG drawn
// with classes rather than colours, so they follow the same properties, and they scale to the panel's width
// through their viewBox instead of running past its edge (docs/reports.md).
import { css } from './html';

export const VIEW_STYLE = css`:root{--fg:var(--vscode-foreground,#1f2328);--bg:var(--vscode-editor-background,#ffffff);
--muted:var(--vscode-descriptionForeground,#656d76);--border:var(--vscode-panel-border,#d0d7de);
--head:var(--vscode-editorWidget-background,#f6f8fa);--code:var(--vscode-textCodeBlock-background,#f6f8fa);
--ok:var(--vscode-testing-iconPassed,#1a7f37);--bad:var(--vscode-errorForeground,#cf222e);
--mark:var(--vscode-editor-findMatchHighlightBackground,#fff8c5);--link:var(--vscode-textLink-foreground,#0969da);
--s0:var(--vscode-charts-blue,#1f6feb);--s1:var(--vscode-charts-orange,#d4582a);--s2:var(--vscode-charts-green,#1a7f37);
--s3:var(--vscode-charts-purple,#8250df);--s4:var(--vscode-charts-red,#cf222e);--s5:var(--vscode-charts-yellow,#9a6700);
--font:var(--vscode-font-family,system-ui,sans-serif)}
@media (prefers-color-scheme:dark){:root{--fg:var(--vscode-foreground,#e6edf3);--bg:var(--vscode-editor-background,#0d1117);
--muted:var(--vscode-descriptionForeground,#8d96a0);--border:var(--vscode-panel-border,#30363d);
--head:var(--vscode-editorWidget-background,#161b22);--code:var(--vscode-textCodeBlock-background,#161b22);
--ok:var(--vscode-testing-iconPassed,#3fb950);--bad:var(--vscode-errorForeground,#f85149);
--mark:var(--vscode-editor-findMatchHighlightBackground,#5a4a00);--link:var(--vscode-textLink-foreground,#4493f8);
--s0:var(--vscode-charts-blue,#4493f8);--s1:var(--vscode-charts-orange,#f0883e);--s2:var(--vscode-charts-green,#3fb950);
--s3:var(--vscode-charts-purple,#a371f7);--s4:var(--vscode-charts-red,#f85149);--s5:var(--vscode-charts-yellow,#d29922)}}
html{color-scheme:light dark}
body{font:14px/1.45 var(--font);margin:0;padding:16px 24px 32px;color:var(--fg);background:var(--bg);max-width:1100px;box-sizing:border-box}
h1{font-size:1.4em;font-weight:600}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid var(--border)}
a{color:var(--link)}
.scroll{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid var(--border);padding:4px 8px;text-align:right;vertical-align:top}
th{background:var(--head)}td.l,th.l{text-align:left}.bad{color:var(--bad)}.ok{color:var(--ok)}.muted{color:var(--muted)}
code,pre{background:var(--code);padding:1px 4px;border-radius:3px}pre{white-space:pre-wrap;padding:6px 8px;overflow-wrap:anywhere}
mark{background:var(--mark);color:inherit;padding:0 2px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0 0 16px;flex:1 1 420px;min-width:0;max-width:720px}
svg.chart{display:block;width:100%;height:auto}
svg.chart text{fill:var(--fg);font-family:var(--font)}svg.chart .grid{stroke:var(--border)}
svg.chart .line{fill:none;stroke-width:2}svg.chart .band{stroke:none;opacity:.18}svg.chart .dash{stroke-dasharray:6 4}
.c0{stroke:var(--s0);fill:var(--s0)}.c1{stroke:var(--s1);fill:var(--s1)}.c2{stroke:var(--s2);fill:var(--s2)}
.c3{stroke:var(--s3);fill:var(--s3)}.c4{stroke:var(--s4);fill:var(--s4)}.c5{stroke:var(--s5);fill:var(--s5)}
svg.chart text.c0{fill:var(--s0);stroke:none}svg.chart text.c1{fill:var(--s1);stroke:none}svg.chart text.c2{fill:var(--s2);stroke:none}
svg.chart text.c3{fill:var(--s3);stroke:none}svg.chart text.c4{fill:var(--s4);stroke:none}svg.chart text.c5{fill:var(--s5);stroke:none}
svg.chart .line.c0,svg.chart .line.c1,svg.chart .line.c2,svg.chart .line.c3,svg.chart .line.c4,svg.chart .line.c5{fill:none}
.bar-never{fill:var(--bad)}.bar-always{fill:var(--ok)}.bar{fill:var(--s3)}
details.problem{border:1px solid var(--border);border-radius:6px;padding:6px 10px;margin:0 0 10px}
details.problem>summary{cursor:pointer}
.sample{border-left:3px solid var(--border);padding-left:8px;margin:8px 0}.sample.s-ok{border-color:var(--ok)}.sample.s-bad{border-color:var(--bad)}
.sample .ok,.sample .bad{font-weight:600}
.filters a{margin-right:10px}
.row-hidden{display:none}
body[class*=vscode] td.pid{cursor:pointer;text-decoration:underline;color:var(--link)}
.katex-display{overflow-x:auto;overflow-y:hidden}
section.candidate{border:1px solid var(--border);border-radius:6px;padding:8px 12px;margin:0 0 16px}
section.candidate h2{font-size:1.05em;border:0;margin:4px 0 8px}section.candidate h3{font-size:.95em;margin:8px 0 2px}`;
