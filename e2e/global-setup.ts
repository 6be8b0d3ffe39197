// Builds the app once before the tests (main, worker, web host, preload, renderer), and says
// up front when the electron project cannot run here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { electronBinary } from './support/hosts';
import { repoRoot } from './support/paths';

export default function globalSetup(config: FullConfig): void {
  const built = existsSync(join(repoRoot, 'out/main/web.js')) && existsSync(join(repoRoot, 'out/renderer/index.html'));
  if (!(process.env.KPAT_E2E_SKIP_BUILD === '1' && built)) {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (config.projects.some((p) => p.name === 'electron') && electronBinary() === null) {
    console.log(
      '\n[kpat e2e] electron project: SKIPPED — the Electron binary is not installed on this machine. ' +
        'Its specs run where it is (the release workflow runs them under Xvfb).\n',
    );
  }
}
