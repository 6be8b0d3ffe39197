// What "dialogs" and "open file" mean in the browser host. There is no native dialog on a
// headless box: "Open folder…" returns the folder the host was started for (--root, or
// KPAT_WEB_PICK_FOLDER), "Open search file…" returns KPAT_WEB_PICK_FILE, "Open results…"
// returns KPAT_WEB_PICK_RESULTS (default: --root's `results` folder). Opening a workbook
// is recorded (log line, and a JSON line in KPAT_WEB_OPEN_LOG when set) for the user or test.

import { appendFile } from 'node:fs/promises';
import type { HostShell } from '../core/app/dispatch';

export interface BrowserShellOptions {
  pickFolder: string | null;
  pickFile: string | null;
  pickResults: string | null;
  openLog: string | null;
  log: (message: string) => void;
}

export function browserHostShell(o: BrowserShellOptions): HostShell {
  async function record(action: 'open' | 'show', path: string): Promise<void> {
    o.log(`${action === 'open' ? 'open' : 'show in folder'} requested: ${path}`);
    if (o.openLog) await appendFile(o.openLog, `${JSON.stringify({ action, path, at: new Date().toISOString() })}\n`);
  }
  return {
    chooseFolder: async () => o.pickFolder,
    chooseSearchFile: async () => o.pickFile,
    chooseResults: async () => o.pickResults,
    openPath: (path) => record('open', path),
    showInFolder: (path) => record('show', path),
    printToPdf: async () => {
      throw new Error('The browser host makes no PDF itself: print the report with the browser (Print report), or export it as HTML');
    },
  };
}
