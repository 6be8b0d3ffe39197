// "Export report → PDF" in the desktop app: the report's HTML file is loaded in a hidden window
// that runs no script and prints it with webContents.printToPDF (electron.d.ts: "Resolves with the
// generated PDF data"; `landscape` is ignored when the page has an `@page` rule, which ours has:
// A4 landscape, so preferCSSPageSize keeps the report's own page). printBackground keeps the
// pass/fail colours. The PDF is written beside the HTML through a temporary file and a rename.
import { writeFile } from 'node:fs/promises';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { commitPartial, discardPartial, partialPath } from '../../src-worker/export/atomic';

/** The part of a BrowserWindow the printer uses (BrowserWindow.loadFile, webContents.printToPDF, destroy). */
export interface PdfWindow {
  /** Resolves when the page has finished loading; rejects when it fails to load. */
  loadFile(filePath: string): Promise<void>;
  webContents: { printToPDF(options: PrintToPDFOptions): Promise<Buffer> };
  /** Force-closes the window (no unload handlers; the report has none). */
  destroy(): void;
}

/** Never shown, sandboxed, no script, no preload: the report needs none of it. */
export const PDF_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false, devTools: false },
};

export const REPORT_PDF_OPTIONS: PrintToPDFOptions = {
  preferCSSPageSize: true,
  printBackground: true,
  pageSize: 'A4',
  landscape: true,
  displayHeaderFooter: true,
  // Chromium's templates take inline styles only; the page number classes are filled in by it.
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span> — page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
};

export async function printHtmlToPdf(makeWindow: () => PdfWindow, htmlPath: string, pdfPath: string): Promise<void> {
  const win = makeWindow();
  try {
    await win.loadFile(htmlPath);
    const data = await win.webContents.printToPDF(REPORT_PDF_OPTIONS);
    const temp = partialPath(pdfPath);
    try {
      await writeFile(temp, data);
      await commitPartial(temp, pdfPath);
    } catch (err) {
      await discardPartial(temp);
      throw err;
    }
  } finally {
    win.destroy();
  }
}
