// `npm run test:vscode`: the same extension tests (test/e2e/suite) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach VS Code's download host (this project's CI cannot, so
// it runs them in code-server through scripts/e2e.js). Here the extension under test is the repository itself
// (extensionDevelopmentPath), built into dist/ by `scripts/ensure.js` first.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { buildSuite } = require('./build-suite');

const root = path.join(__dirname, '..', '..');

async function main() {
  const extensionTestsPath = await buildSuite();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-ws-'));
  fs.cpSync(path.join(__dirname, 'workspace'), workspace, { recursive: true });
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-ud-'));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'passk.server.debounceMs': 50, 'workbench.startupEditor': 'none' }));
  try {
    const code = await runTests({
      version: process.env.PASSK_VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData, '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { PASSK_E2E_EXPECT_INSTALLED: '0' },
    });
    process.exitCode = code;
  } catch (e) {
    console.error(`passk test:vscode: ${e instanceof Error ? e.message : String(e)}`);
    console.error('VS Code could not be downloaded or started; `npm run test:e2e` runs the same tests in code-server.');
    process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main();
