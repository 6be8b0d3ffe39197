import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectionGaps } from './collection-gaps';
import { inspectSystemBytes } from './system-file';

const reference = '../shared/reference/testdata';
const inspect = (rel: string) => {
  const filePath = `${reference}/${rel}`;
  const outcome = inspectSystemBytes(readFileSync(filePath), { filePath, relPath: rel } as Parameters<typeof inspectSystemBytes>[1]);
  if (!outcome.ok) throw new Error(outcome.skipped.reason);
  return outcome.system;
};

describe('collectionGaps', () => {
  it('finds the modules kpnixaudit skipped in the reference files', () => {
    expect(inspect('linux/ubuntu-22.04-0.6.22.txt').collectionGaps).toEqual([
      { kind: 'module', name: 'K8sMaster', note: null },
      { kind: 'module', name: 'K8sWorker', note: null },
    ]);
    expect(inspect('linux/rhel86-kp0.6.16-1.txt').collectionGaps).toEqual([{ kind: 'module', name: 'K8sMaster', note: null }]);
  });

  it('finds a test kpwinaudit skipped, with its reason, and nothing in a file without markers', () => {
    expect(inspect('windows/windows11-0.4.8.txt').collectionGaps).toEqual([{ kind: 'test', name: 'Time_W32TimeLogs', note: 'Unsupported OS detected' }]);
    // macOS sysctl values named *_skipped are data, not markers.
    expect(inspect('macos/macos-13.4.1-kp0.1.0.txt').collectionGaps).toBeUndefined();
  });

  it('lists each part once and ignores data lines that merely say "skipped"', () => {
    expect(
      collectionGaps(['###Docker skipped', '###Docker skipped', 'Logging_Syslog::3 messages skipped', '### the next check is skipped because', 'X_Y:: ###Test skipped.']),
    ).toEqual([
      { kind: 'module', name: 'Docker', note: null },
      { kind: 'test', name: 'X_Y', note: null },
    ]);
  });
});
