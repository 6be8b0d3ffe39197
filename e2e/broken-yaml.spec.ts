// A search file with a mistake: the UI shows the problem with file:line and will not run it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { testdataDir } from './support/paths';

test('shows a broken YAML file’s error with file and line, and cannot run it', async ({ kpat }) => {
  const broken = join(kpat.dir, 'broken.yaml');
  // Line 6: max_results must be -1 or positive.
  await writeFile(broken, ['fine_search:', '  regex: "^System_Hostname::"', '  comment: a search that is fine', 'broken_search:', '  regex: "^Users_"', '  max_results: 0', ''].join('\n'));
  const app = await kpat.launch({ pickFolder: testdataDir, pickFile: broken });
  const page = app.page;

  await openFolder(page, 6);
  await chooseSearchFile(page);
  const problem = page.getByTestId('config-problem');
  await expect(problem).toHaveCount(1);
  await expect(page.getByTestId('config-problem-location')).toHaveText(`${broken}:6:16`);
  await expect(problem).toContainText('broken_search');
  await expect(problem).toContainText('max_results');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await kpat.screenshot(page, 'broken-yaml');
});
