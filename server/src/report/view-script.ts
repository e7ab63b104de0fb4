// The only script a passk view carries: sorting a table by a column and searching its rows. It is a constant
// of the source (html.ts's `script` refuses substitutions), allowed by its hash in a standalone file and by a
// nonce in the editor's webview, and it reads and moves existing rows only: it never writes markup, so text
// from a run cannot become code through it. Without it (scripts off) every row is still shown, hardest first.
import { script } from './html';

export const VIEW_SCRIPT = script`(function () {
  'use strict';
  var collator = new Intl.Collator(undefined, { numeric: true });
  function cellValue(row, i) {
    var cell = row.cells[i];
    if (!cell) return '';
    var v = cell.getAttribute('data-v');
    return v === null ? cell.textContent : v;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var body = table.tBodies[0];
    if (!body) return;
    table.querySelectorAll('thead th').forEach(function (th, i) {
      th.setAttribute('role', 'button');
      th.setAttribute('tabindex', '0');
      th.title = 'Sort by this column';
      var ascending = true;
      function sort() {
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          var nx = Number(x), ny = Number(y);
          var c = x !== '' && y !== '' && isFinite(nx) && isFinite(ny) ? nx - ny : collator.compare(x, y);
          return ascending ? c : -c;
        });
        ascending = !ascending;
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
  // In the editor's webview a problem's id opens its samples (the extension checks the id it is sent); in a
  // standalone file the id is a link to the problem's section on the page.
  var host = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  if (host) document.querySelectorAll('td.pid').forEach(function (td) {
    td.title = 'Show the samples of this problem';
    td.addEventListener('click', function (e) {
      if (e.target && e.target.closest && e.target.closest('a')) return;
      host.postMessage({ type: 'showProblem', problem: td.getAttribute('data-v') });
    });
  });
  document.querySelectorAll('input.search').forEach(function (box) {
    var table = document.getElementById(box.getAttribute('aria-controls') || '');
    if (!table || !table.tBodies[0]) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    box.hidden = false;
    box.addEventListener('input', function () {
      var words = box.value.toLowerCase().split(' ').filter(Boolean);
      rows.forEach(function (r) {
        var text = r.textContent.toLowerCase();
        r.classList.toggle('row-hidden', !words.every(function (w) { return text.indexOf(w) !== -1; }));
      });
    });
  });
})();`;
