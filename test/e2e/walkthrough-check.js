// The Getting Started walkthrough as a new user meets it: a fresh code-server profile with only the .vsix
// installed, an empty folder, no `passk` on PATH and no data/. The check clicks the walkthrough's own buttons to
// create the example workspace and start the bundled simulator, runs the evaluation from the recipe's CodeLens,
// opens the report, and comes back to the walkthrough to see the steps ticked. Screenshots go to
// test-results/e2e/40-*.png.
const fs = require('node:fs');
const path = require('node:path');

/** Clicks a walkthrough step's title (to expand it), then the command button in its description. */
async function walkthroughButton(page, stepTitle, button) {
  await page.locator('.getting-started-step', { hasText: stepTitle }).first().click();
  const target = page.locator('.gettingStartedContainer').getByRole('button', { name: button, exact: true }).first();
  await target.waitFor({ state: 'visible', timeout: 10_000 });
  await target.click();
}

async function openWalkthrough(page, palette) {
  await palette(page, 'Welcome: Open Walkthrough');
  await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Get started with passk")', { timeout: 15_000 });
  await page.keyboard.type('Get started with passk');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.getting-started-step:has-text("Create the example workspace")', { timeout: 15_000 });
}

/**
 * `folder` is the empty workspace on disk (to check what was written), `simPort` the port the profile's
 * passk.simulator.port setting names.
 */
function walkthroughChecks({ folder, simPort, palette, webviewContent }) {
  return [
    {
      name: 'walkthrough from a fresh profile: create example workspace → start simulator → run evaluation → report',
      async run(page, shot, metric) {
        const t0 = Date.now();
        await page.waitForSelector('.statusbar', { timeout: 30_000 });
        await openWalkthrough(page, palette);
        await shot('40-walkthrough-fresh');
        await walkthroughButton(page, 'Create the example workspace', 'Create Example Workspace');
        await page.waitForSelector('.tab.active:has-text("gsm8k-sim.recipe.yaml")', { timeout: 60_000 });
        await page.waitForSelector('.statusbar-item:has-text("passk: ready")', { timeout: 60_000 });
        const examples = path.join(folder, 'passk-examples');
        for (const f of ['gsm8k-sim.recipe.yaml', 'math-sim.recipe.yaml', 'data/PROVENANCE.md', 'data/gsm8k/LICENSE', 'data/gsm8k/test.jsonl', 'data/math/LICENSE.hendrycks-math']) {
          if (!fs.existsSync(path.join(examples, f))) throw new Error(`Create Example Workspace did not write passk-examples/${f}`);
        }
        const recipe = fs.readFileSync(path.join(examples, 'gsm8k-sim.recipe.yaml'), 'utf8');
        if (!recipe.includes(`127.0.0.1:${simPort}/v1`)) throw new Error(`the example recipe does not point at the configured simulator port ${simPort}`);
        await page.waitForSelector('.codelens-decoration a:has-text("Run")', { timeout: 30_000 });
        await shot('41-example-recipe');
        metric(`fresh profile → example recipe open with "passk: ready": ${Date.now() - t0} ms`);

        // The walkthrough tab is still open beside the recipe; its "Start Simulator" button starts the bundled one.
        await page.locator('.tab', { hasText: /Walkthrough|Welcome/ }).first().click();
        await walkthroughButton(page, 'Start the simulator', 'Start Simulator');
        await page.waitForSelector(`.statusbar-item:has-text("passk sim :${simPort}")`, { timeout: 30_000 });
        await shot('42-simulator-started');

        await page.locator('.tab', { hasText: 'gsm8k-sim.recipe.yaml' }).first().click();
        const lens = page.locator('.codelens-decoration a', { hasText: /Run/ }).first();
        await lens.waitFor({ timeout: 30_000 });
        const t1 = Date.now();
        await lens.click();
        await page.waitForSelector('.notification-toast:has-text("finished")', { timeout: 120_000 });
        metric(`walkthrough run of 20 problems × 8 samples on the bundled simulator: ${Date.now() - t1} ms`);
        const summary = page.locator('.codelens-decoration', { hasText: /pass@1 \d/ }).first();
        await summary.waitFor({ timeout: 20_000 });
        const lensText = (await summary.innerText()).replace(/\s+/g, ' ');
        await shot('43-run-finished');

        await palette(page, 'passk: Show Report');
        const chart = webviewContent(page).locator('svg').first();
        await chart.waitFor({ timeout: 30_000 });
        await shot('44-report');

        await openWalkthrough(page, palette);
        const done = await page.locator('.getting-started-step.complete').count();
        await shot('45-walkthrough-progress');
        if (done < 3) throw new Error(`only ${done} walkthrough steps show as complete after create, start, run and report`);
        return `${lensText}; ${done} steps complete`;
      },
    },
  ];
}

module.exports = { walkthroughChecks };
