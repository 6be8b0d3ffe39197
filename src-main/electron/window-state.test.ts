import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, parseWindowState, saveWindowState, stateFromWindow, WINDOW_STATE_FILE } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('keeps a position that is on a screen', () => {
    expect(fitToDisplays({ x: 2000, y: 100, width: 1400, height: 900, maximized: false }, [laptop, rightMonitor])).toEqual({
      x: 2000,
      y: 100,
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('drops a position on a monitor that is gone, and shrinks to the largest screen', () => {
    const fitted = fitToDisplays({ x: 2000, y: 100, width: 2400, height: 1300, maximized: true }, [laptop]);
    expect(fitted).toEqual({ width: 1920, height: 1050, maximized: true });
  });

  it('grows a window below the minimum size when the screen allows', () => {
    expect(fitToDisplays({ width: 100, height: 100, maximized: false }, [laptop])).toEqual({ width: 900, height: 600, maximized: false });
  });

  it('reads malformed files as the default', () => {
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState({ width: 'wide', height: 3 })).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState({ width: 1000.4, height: 700, x: 5, maximized: 'yes' })).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('round-trips through the user-data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpat-win-'));
    try {
      expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW);
      await saveWindowState(dir, stateFromWindow({ x: 10, y: 20, width: 1000, height: 700 }, true));
      expect(await loadWindowState(dir)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
      await writeFile(join(dir, WINDOW_STATE_FILE), 'garbage');
      expect(await loadWindowState(dir)).toEqual(DEFAULT_WINDOW);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
