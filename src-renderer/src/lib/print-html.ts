// The browser's print of a self-contained HTML document (the report in the browser host): the
// document goes into a hidden frame of this page and that frame is printed, so no pop-up is
// opened (a pop-up after an await is blocked as not user-initiated). The frame stays until the
// next print, for the print preview that some browsers show after print() returns.
export const PRINT_FRAME_ID = 'kpat-print-frame';

export function printHtml(html: string, doc: Document = document): Promise<void> {
  doc.getElementById(PRINT_FRAME_ID)?.remove();
  const frame = doc.createElement('iframe');
  frame.id = PRINT_FRAME_ID;
  frame.title = 'Report to print';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  // Out of sight but laid out (a display:none frame has no layout to print).
  Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '0', height: '0', border: '0', visibility: 'hidden' });
  return new Promise((resolve, reject) => {
    frame.addEventListener(
      'load',
      () => {
        try {
          const win = frame.contentWindow;
          if (!win) throw new Error('The report could not be prepared for printing');
          win.focus();
          win.print();
          resolve();
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
      { once: true },
    );
    frame.srcdoc = html;
    doc.body.append(frame);
  });
}
