// Runs the extension tests inside code-server's extension host: opens the workbench in Debian's Chromium
// through playwright-core and passes extensionDevelopmentPath/extensionTestsPath in the `payload` URL
// parameter (code-server refuses them as command-line flags). Resolves with the tests' exit code.
const { chromium } = require('playwright-core');

const browserArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function launchBrowser() {
  return chromium.launch({ executablePath: process.env.PASSK_CHROMIUM || '/usr/bin/chromium', headless: true, args: browserArgs });
}

async function runSuite({ port, devPath, testsPath, folder, timeoutMs = 300_000, log = console.log }) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const host = `127.0.0.1:${port}`;
    let done;
    const exit = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => log(`[exthost ${type}]`, ...(args || [])));
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${host}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsPath}`],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exit, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') log(`extension tests did not finish within ${timeoutMs} ms`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

module.exports = { runSuite, launchBrowser };
