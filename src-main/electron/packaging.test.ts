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
  };

  it("matches electron-builder's schema", async () => {
    const { validateConfiguration } = require_('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require_('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
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
