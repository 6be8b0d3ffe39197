// The PDF export against a typed fake window (the Electron binary is not available here): the
// report file is loaded, printed with the report's own page size and backgrounds, written whole
// beside it, and the hidden window is destroyed whatever happens.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrintToPDFOptions } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { PDF_WINDOW_OPTIONS, printHtmlToPdf, type PdfWindow } from './report-pdf';

const dir = mkdtempSync(join(tmpdir(), 'kpat-report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeWindow(fail?: 'load' | 'print'): PdfWindow & { loaded: string[]; printed: PrintToPDFOptions[]; destroyed: number } {
  const w = {
    loaded: [] as string[],
    printed: [] as PrintToPDFOptions[],
    destroyed: 0,
    async loadFile(path: string) {
      w.loaded.push(path);
      if (fail === 'load') throw new Error('ERR_FILE_NOT_FOUND (-6) loading file');
    },
    webContents: {
      async printToPDF(options: PrintToPDFOptions) {
        w.printed.push(options);
        if (fail === 'print') throw new Error('Printing failed');
        return Buffer.from('%PDF-1.4 fake');
      },
    },
    destroy() {
      w.destroyed += 1;
    },
  };
  return w;
}

describe('printHtmlToPdf', () => {
  it('prints the report file with its CSS page size and backgrounds and writes the PDF whole', async () => {
    const win = fakeWindow();
    const pdf = join(dir, 'kpat_report-1.pdf');
    await printHtmlToPdf(() => win, join(dir, 'kpat_report-1.html'), pdf);
    expect(win.loaded).toEqual([join(dir, 'kpat_report-1.html')]);
    expect(win.printed[0]).toMatchObject({ preferCSSPageSize: true, printBackground: true, pageSize: 'A4' });
    expect(readFileSync(pdf, 'latin1')).toBe('%PDF-1.4 fake');
    expect(win.destroyed).toBe(1);
    expect(PDF_WINDOW_OPTIONS).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true } });
  });

  it('a failed load or print leaves no file and still destroys the window', async () => {
    for (const fail of ['load', 'print'] as const) {
      const win = fakeWindow(fail);
      const pdf = join(dir, `failed-${fail}.pdf`);
      await expect(printHtmlToPdf(() => win, join(dir, 'x.html'), pdf)).rejects.toThrow(fail === 'load' ? /ERR_FILE_NOT_FOUND/ : /Printing failed/);
      expect(win.destroyed).toBe(1);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('failed-') || n.endsWith('.partial'))).toEqual([]);
  });
});
