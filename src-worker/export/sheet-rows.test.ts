// SheetRows must write what exceljs wrote for the same cells through its Row objects (the
// byte-level comparison with exceljs itself is in sheet-xml.test.ts).

import { describe, expect, it } from 'vitest';
import { CellText } from './cells';
import type { ExportContext } from './context';
import type { RawSheet, SheetLink } from './exceljs-internals';
import { SheetRows } from './sheet-rows';
import { STYLES, type StyleName } from './styles';
import { resolveLimits } from './workbook';

/** A sheet that numbers shared strings in order of first use and links everything in the workbook. */
function fakeSheet(): RawSheet & { strings: string[] } {
  const strings: string[] = [];
  return {
    name: 'Sheet',
    strings,
    write: () => undefined,
    end: () => undefined,
    pendingBytes: () => 0,
    repeatRows: () => undefined,
    sharedString: (text) => {
      const i = strings.indexOf(text);
      if (i !== -1) return i;
      strings.push(text);
      return strings.length - 1;
    },
    link: (ref, target): SheetLink => ({ ref, location: target.slice(1) }),
  };
}

function fakeContext(maxCellChars = 100): ExportContext {
  const styleIds = Object.fromEntries(Object.keys(STYLES).map((name, i) => [name, i + 1])) as Record<StyleName, number>;
  return {
    wb: undefined as never,
    text: new CellText(maxCellChars),
    limits: resolveLimits({ maxCellChars }),
    signal: undefined,
    takenTitles: new Set(),
    styleIds,
    failure: () => null,
    sheetCount: 0,
    rowsWritten: 0,
    onRows: () => undefined,
  };
}

describe('rows written as exceljs renders them', () => {
  it('writes text as shared strings, numbers, booleans and links, with spans over the cells', () => {
    const ctx = fakeContext();
    const sheet = fakeSheet();
    const rows = new SheetRows(ctx, sheet);
    rows.begin(3);
    rows.put(2, 'a\r\nb', 'plain');
    rows.put(3, { text: 'to x', hyperlink: "#'X'!A1" }, 'link');
    rows.put(4, '', 'plain');
    rows.put(5, null, 'plain');
    rows.put(6, 42, 'value');
    rows.put(7, false, 'plain');
    rows.put(8, 'a\nb', 'plain');
    rows.begin(4);
    rows.begin(5);
    rows.end(20);
    const s = ctx.styleIds;
    expect(rows.xml).toBe(
      `<row r="3" spans="2:8" x14ac:dyDescent="0.25"><c r="B3" s="${s.plain}" t="s"><v>0</v></c><c r="C3" s="${s.link}" t="s"><v>1</v></c>` +
        `<c r="F3" s="${s.value}"><v>42</v></c><c r="G3" s="${s.plain}" t="b"><v>0</v></c><c r="H3" s="${s.plain}" t="s"><v>0</v></c></row>` +
        '<row r="5" ht="20" customHeight="1" x14ac:dyDescent="0.25"></row>',
    );
    expect(sheet.strings).toEqual(['a\nb', 'to x']);
    expect(rows.closeXml('A2:C3')).toContain('<autoFilter ref="A2:C3"/><hyperlinks><hyperlink ref="C3" location="&apos;X&apos;!A1"/></hyperlinks>');
  });

  it('writes merged cells empty and lists the merge; cuts long text and counts it for the sheet', () => {
    const ctx = fakeContext(64);
    const rows = new SheetRows(ctx, fakeSheet());
    rows.begin(1);
    rows.merge(1, 3);
    rows.put(1, 'x'.repeat(100), 'comment');
    rows.mergedCell(2);
    rows.mergedCell(3);
    rows.end(30);
    expect(rows.xml).toBe(
      `<row r="1" ht="30" customHeight="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="${ctx.styleIds.comment}" t="s"><v>0</v></c><c r="B1"/><c r="C1"/></row>`,
    );
    expect(rows.closeXml()).toContain('<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>');
    expect(ctx.text.truncatedBySheet.get('Sheet')).toBe(1);
  });
});
