// Remembering the window's size and position. The logic is plain data so vitest covers it;
// main.ts feeds it Electron's displays and bounds. A saved position that no longer lies on any
// screen (monitor unplugged, resolution changed) is dropped and the window is centred instead.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/settings/settings-store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the window manager place it (centred). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 860, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the title bar must be on a screen for the position to count as visible. */
const VISIBLE_MARGIN = 48;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Parses a stored state; anything malformed yields the default. */
export function parseWindowState(raw: unknown): WindowState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW };
  const r = raw as Record<string, unknown>;
  if (!isFiniteNumber(r.width) || !isFiniteNumber(r.height)) return { ...DEFAULT_WINDOW };
  const state: WindowState = {
    width: Math.round(r.width),
    height: Math.round(r.height),
    maximized: r.maximized === true,
  };
  if (isFiniteNumber(r.x) && isFiniteNumber(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/** Fits a saved state to the current screens: sizes clamped to the largest work area, off-screen positions dropped. */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return { ...state };
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.width, maxW), Math.min(MIN_SIZE.width, maxW));
  const height = Math.max(Math.min(state.height, maxH), Math.min(MIN_SIZE.height, maxH));
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar: Rect = { x: state.x, y: state.y, width, height: VISIBLE_MARGIN };
    if (workAreas.some((area) => overlap(titleBar, area) >= VISIBLE_MARGIN * VISIBLE_MARGIN)) {
      fitted.x = state.x;
      fitted.y = state.y;
    }
  }
  return fitted;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** What to save: the normal (un-maximized) bounds plus the maximized flag. */
export function stateFromWindow(normalBounds: Rect, maximized: boolean): WindowState {
  return { ...normalBounds, maximized };
}

export async function loadWindowState(userDataDir: string): Promise<WindowState> {
  try {
    return parseWindowState(JSON.parse(await readFile(join(userDataDir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

export function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  return writeFileAtomic(join(userDataDir, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`);
}
