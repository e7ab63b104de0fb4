-- Neovim as a second, independent LSP client (adapted from the team's neovim-lsp probe). Usage:
--   PASSK_SERVER=/abs/dist/server.js nvim --headless -u NONE -c "luafile check.lua" broken.recipe.yaml
-- Starts the passk server over stdio, attaches it to the current buffer, waits for diagnostics and prints one
-- `DIAG line:col sev=N [code] message` line each (1-based), then a hover probe; exits non-zero when no
-- diagnostic arrives within ten seconds. Written for Neovim 0.7 (Debian 12), which has no vim.lsp.start.
local server = os.getenv('PASSK_SERVER')
local client_id = vim.lsp.start_client({
  name = 'passk',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
  init_options = { diagnosticsDelayMs = 0 },
})
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local ok = vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(out, string.format('DIAG %d:%d sev=%d [%s] %s', d.lnum + 1, d.col + 1, d.severity, code, d.message))
end
if not ok then table.insert(out, 'TIMEOUT: no diagnostics') end
-- The server must still answer requests after publishing diagnostics for a broken file.
local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, 5000)
local answered = res ~= nil and res[client_id] ~= nil and res[client_id].err == nil
table.insert(out, 'SYMBOLS ' .. (answered and 'answered' or 'no-answer'))
io.stdout:write(table.concat(out, '\n') .. '\n')
vim.lsp.stop_client(client_id)
vim.cmd(ok and 'qa!' or 'cq!')
