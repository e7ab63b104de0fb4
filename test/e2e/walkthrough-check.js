// The Getting Started walkthrough as a new user meets it: a fresh code-server profile with only the .vsix
// installed, an empty folder, no `passk` on PATH and no data/. The check clicks the walkthrough's own buttons to
// create the example workspace and start the bundled simulator, runs the evaluation from the recipe's CodeLens,
// opens the report, and comes back to the walkthrough to see the steps ticked. Screenshots go to
// test-results/e2e/40-*.png.
const fs = require('node:fs');
const path = require('node:path');

/**
 * Clicks a walkthrough step's title (to expand it), then the command button in its description. When the button
 * cannot be found the command is run from the palette instead, so the rest of the walkthrough is still checked
 * and screenshotted, and the miss is returned for the check to fail on at the end.
 */
async function walkthroughButton(page, stepTitle, button, palette) {
  await page.locator('.getting-started-step', { hasText: stepTitle }).first().click();
  const target = page.locator('.gettingStartedContainer').getByRole('button', { name: button, exact: true }).first();
  try {
    await target.waitFor({ state: 'visible', timeout: 10_000 });
    await target.click();
    return undefined;
  } catch {
    await palette(page, `passk: ${button}`);
    return `the walkthrough step "${stepTitle}" has no visible "${button}" button`;
  }
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
        const misses = [];
        const createMiss = await walkthroughButton(page, 'Create the example workspace', 'Create Example Workspace', palette);
        if (createMiss) misses.push(createMiss);
        await page.waitForSelector('.tab.active:has-text("gsm8k-sim.recipe.yaml")', { timeout: 60_000 });
        await page.waitForSelector('.statusbar-item:has-text("passk: ready")', { timeout: 60_000 });
        const examples = path.join(folder, 'passk-examples');
        for (const f of ['gsm8k-sim.recipe.yaml', 'math-sim.recipe.yaml', 'data/PROVENANCE.md', 'data/gsm8k/LICENSE', 'data/gsm8k/test.jsonl', 'data/math/LICENSE.hendrycks-math']) {
          if (!fs.existsSync(path.join(examples, f))) throw new Error(`Create Example Workspace did not write passk-examples/${f}`);
        }
        const recipe = fs.readFileSync(path.join(examples, 'gsm8k-sim.recipe.yaml'), 'utf8');
        if (!recipe.includes(`127.0.0.1:${simPort}/v1`)) throw new Error(`the example recipe does not point at the configured simulator port ${simPort}`);
        await shot('41-example-recipe');
        metric(`fresh profile → example recipe open with "passk: ready": ${Date.now() - t0} ms`);

        // The walkthrough tab is still open beside the recipe; its "Start Simulator" button starts the bundled one.
        await page.locator('.tab', { hasText: /Walkthrough/ }).first().click();
        const simMiss = await walkthroughButton(page, 'Start the simulator', 'Start Simulator', palette);
        if (simMiss) misses.push(simMiss);
        await page.waitForSelector(`.statusbar-item:has-text("passk sim :${simPort}")`, { timeout: 30_000 });
        await shot('42-simulator-started');

        // The evaluation entry is below the fold of this recipe, so the run starts from the editor title's ▶.
        await page.locator('.tab', { hasText: 'gsm8k-sim.recipe.yaml' }).first().click();
        const run = page.locator('.editor-actions [aria-label*="Run Evaluation"]').first();
        await run.waitFor({ timeout: 30_000 });
        const t1 = Date.now();
        await run.click();
        const toast = page.locator('.notification-toast', { hasText: 'finished' }).first();
        await toast.waitFor({ timeout: 120_000 });
        metric(`walkthrough run of 20 problems × 8 samples on the bundled simulator: ${Date.now() - t1} ms`);
        const toastText = (await toast.innerText()).replace(/\s+/g, ' ');
        if (!/20\/20|160\/160/.test(toastText) || !/pass@1 \d/.test(toastText)) throw new Error(`run toast: ${toastText}`);
        await shot('43-run-finished');

        // From the palette rather than the toast's button: that button runs the command inside the extension host,
        // where the walkthrough's completion event may not see it, and the step is what this check reads.
        await palette(page, 'passk: Show Report');
        const chart = webviewContent(page).locator('svg').first();
        await chart.waitFor({ timeout: 30_000 });
        await shot('44-report');

        await openWalkthrough(page, palette);
        // A finished step's check mark is a codicon with the `complete` class and the step's id.
        const done = await page.locator('[data-done-step-id].complete').evaluateAll((els) => els.map((e) => e.getAttribute('data-done-step-id')));
        await shot('45-walkthrough-progress');
        if (misses.length) throw new Error(misses.join('; '));
        const open = ['create', 'simulator', 'run', 'report'].filter((id) => !done.some((d) => d === id || d.endsWith(`#${id}`) || d.endsWith(`.${id}`)));
        if (open.length) throw new Error(`walkthrough steps not ticked after doing them: ${open.join(', ')} (ticked: ${done.join(', ') || 'none'})`);
        return `${toastText}; ticked steps: ${done.join(', ')}`;
      },
    },
  ];
}

module.exports = { walkthroughChecks };
