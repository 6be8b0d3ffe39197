// Turning a file's bytes into lines (SPEC §1.2, §1.3). charset-normalizer parity is not realistic; this is the
// deterministic rule set SPEC §1.2 recommends:
//   BOM → UTF-8 (`utf_8_sig`, BOM stripped — a deliberate change from Q17 so `^` anchors work on line 1)
//         or UTF-16 LE/BE (`utf_16`, BOM stripped);
//   NUL bytes in a UTF-16 pattern → `utf_16_le` / `utf_16_be`;
//   valid UTF-8 → `ascii` (all bytes < 0x80) or `utf_8`;
//   otherwise windows-1252 (`cp1252`).
// Mostly-control-byte content in any of these is "binary" and refused.
import { isAscii, isUtf8 } from 'node:buffer';

const SAMPLE_BYTES = 64 * 1024;
/** Share of control bytes (NUL included) in the sample above which a file is binary, not text. */
const MAX_CONTROL_SHARE = 0.05;

function isControlByte(b: number): boolean {
  // Text controls: \t \n \v \f \r, plus ESC (terminal colour codes do occur in captured command output).
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f;
}

function controlShareOfBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start) return 0;
  let n = 0;
  for (let i = start; i < end; i++) if (isControlByte(bytes[i] as number)) n++;
  return n / (end - start);
}

function controlShareOfText(text: string): number {
  const n = Math.min(text.length, SAMPLE_BYTES);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x100 && isControlByte(c)) bad++;
  }
  return bad / n;
}

/** BOM-less UTF-16 by its NUL pattern: ASCII-range text has a zero byte in every other position. */
function sniffUtf16(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (n < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'le';
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'be';
  return null;
}

const BINARY = 'binary or undecodable content';

export type DecodedLines = { ok: true; lines: string[]; encoding: string } | { ok: false; reason: string };

function textOrBinary(text: string, encoding: string): DecodedLines {
  return controlShareOfText(text) > MAX_CONTROL_SHARE ? { ok: false, reason: BINARY } : { ok: true, lines: splitLines(text), encoding };
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Lines of a byte-oriented encoding (ASCII-compatible: `\r` and `\n` bytes only ever mean themselves).
 * The bytes are split as Latin-1 text and only lines with a byte ≥ 0x80 are decoded for real, so ASCII lines
 * stay V8 one-byte strings: half the memory, and regexes then never need their two-byte compilation.
 */
function byteOrientedLines(bytes: Uint8Array, label: 'utf-8' | 'windows-1252'): string[] {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const lines = splitLines(latin1);
  if (isAscii(bytes)) return lines;
  const decoder = new TextDecoder(label, { ignoreBOM: true });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (NON_ASCII.test(line)) lines[i] = decoder.decode(Buffer.from(line, 'latin1'));
  }
  return lines;
}

/** Bytes → lines (SPEC §1.2, §1.3) with the old tool's codec name, or why the file is not text. */
export function decodeLines(bytes: Uint8Array): DecodedLines {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    if (controlShareOfBytes(body, 0, Math.min(body.length, SAMPLE_BYTES)) > MAX_CONTROL_SHARE) return { ok: false, reason: BINARY };
    return { ok: true, lines: byteOrientedLines(body, 'utf-8'), encoding: 'utf_8_sig' };
  }
  if (b0 === 0xff && b1 === 0xfe) return textOrBinary(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf_16');
  if (b0 === 0xfe && b1 === 0xff) return textOrBinary(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf_16');
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const label = utf16 === 'le' ? 'utf-16le' : 'utf-16be';
    return textOrBinary(new TextDecoder(label, { ignoreBOM: true }).decode(bytes), utf16 === 'le' ? 'utf_16_le' : 'utf_16_be');
  }
  if (controlShareOfBytes(bytes, 0, Math.min(bytes.length, SAMPLE_BYTES)) > MAX_CONTROL_SHARE) return { ok: false, reason: BINARY };
  if (isAscii(bytes)) return { ok: true, lines: byteOrientedLines(bytes, 'utf-8'), encoding: bytes.length === 0 ? 'utf_8' : 'ascii' };
  if (isUtf8(bytes)) return { ok: true, lines: byteOrientedLines(bytes, 'utf-8'), encoding: 'utf_8' };
  return { ok: true, lines: byteOrientedLines(bytes, 'windows-1252'), encoding: 'cp1252' };
}

/**
 * Universal newlines (SPEC §1.3): `\r\n` and lone `\r` become `\n`; every line keeps its `\n` (Python's `$` and
 * `\s` see it); the last line has none when the file does not end with a newline; no trailing empty piece.
 */
export function splitLines(text: string): string[] {
  const normalised = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  // Slices of one flat string (not `piece + '\n'`): V8 reads cons strings char by char very slowly.
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = normalised.indexOf('\n', start);
    if (nl === -1) break;
    lines.push(normalised.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < normalised.length) lines.push(normalised.slice(start));
  return lines;
}
