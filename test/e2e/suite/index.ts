// The extension-test entry the launchers pass as extensionTestsPath (bundled to JS first): VS Code calls
// `run()` inside the extension host after the workspace opened. Test files register themselves on import.
import './editor.e2e';
import './runs.e2e';
import { runAll } from './runner';

export function run(): Promise<void> {
  return runAll();
}
