// Builds the app once before the tests (main, worker, web host, preload, renderer).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/paths';

export default function globalSetup(): void {
  const built = existsSync(join(repoRoot, 'out/main/web.js')) && existsSync(join(repoRoot, 'out/renderer/index.html'));
  if (process.env.KPAT_E2E_SKIP_BUILD === '1' && built) return;
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repoRoot, stdio: 'inherit' });
}
