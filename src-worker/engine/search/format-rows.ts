// The rows of a `format` search (ours, issue 17): the lines it matched, read as PowerShell Format-List or
// Format-Table output section by section, one row a record, one column a property.
import { pyStrip, removeControlChars } from '../text';
import type { ResultRow } from '../types';
import { psReader, type PsFormat, type PsReader, type PsRecord } from './ps-format';

/**
 * The first column of every format row: the section the record came from. A search over several
 * sections (kpadaudit writes `Group_Admins-<group>-ADAC` for each admin group) needs it to tell whose
 * member a row is.
 */
export const FORMAT_SECTION_COLUMN = 'Section';

const LINE_END = /\r?\n$/;

/** One search's records on one system. A record never spans two sections. */
export class FormattedRows {
  private readonly reader: PsReader;
  private section: string | null = null;

  constructor(
    format: PsFormat,
    /** With format, field_list names the properties to keep, in this order; [] keeps them all. */
    private readonly fieldList: readonly string[],
  ) {
    this.reader = psReader(format);
  }

  /** A matched line (as read, line end included); the rows it completes. */
  feed(line: string, lineNo: number): ResultRow[] {
    const cut = line.indexOf('::');
    const section = cut < 0 ? '' : line.slice(0, cut);
    const text = (cut < 0 ? line : line.slice(cut + 2)).replace(LINE_END, '');
    const rows = section === this.section ? [] : this.end();
    this.section = section;
    for (const r of this.reader.push(text, lineNo, line)) rows.push(this.row(r));
    return rows;
  }

  /** End of file (or of the section): the pending record, if any. */
  end(): ResultRow[] {
    const rows = this.reader.end().map((r) => this.row(r));
    this.section = null;
    return rows;
  }

  private row(record: PsRecord): ResultRow {
    const fields: Record<string, string> = { [FORMAT_SECTION_COLUMN]: this.section ?? '' };
    if (this.fieldList.length === 0) {
      for (const [name, value] of record.properties) if (!(name in fields)) fields[name] = removeControlChars(value);
    } else {
      // PowerShell property names are case-insensitive.
      for (const f of this.fieldList) {
        const want = f.toLowerCase();
        const hit = record.properties.find(([name]) => name.toLowerCase() === want);
        fields[f] = hit ? removeControlChars(hit[1]) : '';
      }
    }
    return { line: record.line, text: removeControlChars(record.lines.map((l) => pyStrip(l)).join('\n')), fields };
  }
}
