// The installer configuration cannot be exercised here (no Electron binary), so at least check
// it against electron-builder's own schema and check that what it refers to exists.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = resolve(__dirname, '../..');
const require_ = createRequire(resolve(repo, 'package.json'));

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(resolve(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    extraResources: { from: string; to: string }[];
    icon: string;
    linux: { target: string[] };
    win: { target: string[] };
    mac: { target: string[] };
    electronFuses: Record<string, boolean>;
  };

  it("matches electron-builder's schema", async () => {
    const { validateConfiguration } = require_('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require_('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('flips the Electron fuses that close what the app does not use, in a form the schema accepts', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The schema knows every fuse name: a misspelt one is refused, not silently ignored.
    const { validateConfiguration } = require_('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require_('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    // onlyLoadAppFromAsar needs the app in an asar.
    expect(config.asar).toBe(true);
  });

  it("builds the desktop app on a Node that electron's own packages accept", () => {
    const atLeast = (range: string) => (/>=\s*(\d+)\.(\d+)/.exec(range) ?? []).slice(1).map(Number);
    const electronNeeds = atLeast((JSON.parse(readFileSync(require_.resolve('electron/package.json'), 'utf8')) as { engines: { node: string } }).engines.node);
    const workflow = parse(readFileSync(resolve(repo, '.github/workflows/release.yml'), 'utf8')) as { jobs: { installers: { steps: { with?: { 'node-version'?: string | number } }[] } } };
    const used = String(workflow.jobs.installers.steps.find((s) => s.with?.['node-version'] !== undefined)?.with?.['node-version']).split('.').map(Number);
    const [needMajor = 0, needMinor = 0] = electronNeeds;
    const [major = 0, minor = 0] = used;
    expect(major > needMajor || (major === needMajor && minor >= needMinor), `release.yml uses Node ${used.join('.')}, electron needs ${electronNeeds.join('.')}`).toBe(true);
  });

  it('builds the four installer kinds and ships the icon and the built-in library', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(existsSync(resolve(repo, config.icon))).toBe(true);
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'builtin-searches', to: 'builtin-searches' }));
    expect((JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.dist).toMatch(/electron-builder/);
  });
});
