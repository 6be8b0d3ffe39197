// Turning a file's bytes into lines (SPEC §1.2, §1.3). charset-normalizer parity is not realistic; this is the
// deterministic rule set SPEC §1.2 recommends:
//   BOM → UTF-8 (`utf_8_sig`, BOM stripped — a deliberate change from Q17 so `^` anchors work on line 1)
//         or UTF-16 LE/BE (`utf_16`, BOM stripped);
//   NUL bytes in a UTF-16 pattern → `utf_16_le` / `utf_16_be`;
//   valid UTF-8 → `ascii` (all bytes < 0x80) or `utf_8`;
//   otherwise windows-1252 (`cp1252`).
// Content with more than 5% control bytes (zero-filled blocks aside) in any of these is "binary"
// and refused, with the share measured.
import { isAscii, isUtf8 } from 'node:buffer';

const SAMPLE_BYTES = 64 * 1024;
/** Share of control bytes (NUL included) in the sample above which a file is binary, not text. */
const MAX_CONTROL_SHARE = 0.05;
/**
 * A run of at least this many NULs is a zero-filled block (a crash, a pre-allocated log, a copy
 * that lost a page), not binary content: it is left out of the share, so that one such block
 * in an otherwise normal audit file does not make the whole file "binary".
 */
const NUL_RUN_MIN = 64;
/** ...unless such blocks fill most of the sample: then there is no text to speak of. */
const MAX_NUL_RUN_SHARE = 0.5;

function isControlCode(c: number): boolean {
  // Text controls: \t \n \v \f \r, plus ESC (terminal colour codes do occur in captured command output).
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) || c === 0x7f;
}

interface ControlCount {
  /** Units looked at (bytes, or UTF-16 code units). */
  units: number;
  /** Units inside runs of NUL_RUN_MIN or more NULs. */
  inNulRuns: number;
  /** Other control units. */
  scattered: number;
}

/** Counts control codes among the first `limit` units that `codeAt` gives. */
function countControls(length: number, limit: number, codeAt: (i: number) => number): ControlCount {
  const units = Math.min(length, limit);
  let inNulRuns = 0;
  let scattered = 0;
  let run = 0;
  const endRun = (): void => {
    if (run >= NUL_RUN_MIN) inNulRuns += run;
    else scattered += run;
    run = 0;
  };
  for (let i = 0; i < units; i++) {
    const c = codeAt(i);
    if (c === 0) run++;
    else {
      if (run) endRun();
      if (isControlCode(c)) scattered++;
    }
  }
  endRun();
  return { units, inNulRuns, scattered };
}

function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('en-US')}%`;
}

/** Why these counts are not text (naming the test that failed and what it measured), or null. */
function binaryReason(count: ControlCount, sample: string): string | null {
  if (count.units === 0) return null;
  if (count.inNulRuns / count.units > MAX_NUL_RUN_SHARE) return `no text: ${percent(count.inNulRuns / count.units)} of ${sample} are runs of NUL bytes`;
  const content = count.units - count.inNulRuns;
  const share = content > 0 ? count.scattered / content : 0;
  if (share <= MAX_CONTROL_SHARE) return null;
  const what = sample.endsWith('characters') ? 'control characters' : 'control bytes';
  return `binary content: ${percent(share)} of ${sample} are ${what} (text has at most ${percent(MAX_CONTROL_SHARE)})`;
}

function kb(bytes: number): string {
  const k = bytes / 1024;
  return `${Number.isInteger(k) ? k : k.toFixed(1)} KB`;
}

function bytesBinaryReason(bytes: Uint8Array): string | null {
  const count = countControls(bytes.length, SAMPLE_BYTES, (i) => bytes[i] as number);
  return binaryReason(count, `the first ${kb(count.units)}`);
}

function textBinaryReason(text: string): string | null {
  const count = countControls(text.length, SAMPLE_BYTES, (i) => {
    const c = text.charCodeAt(i);
    return c < 0x100 ? c : 0x20;
  });
  return binaryReason(count, `the first ${count.units.toLocaleString('en-US')} characters`);
}

/**
 * BOM-less UTF-16 by its NUL pattern: ASCII-range text has a zero byte in every other position.
 * Pairs of two zero bytes (a NUL character, or a zero-filled block) say nothing either way.
 */
function sniffUtf16(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (n < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  let pairs = 0;
  for (let i = 0; i < n; i += 2) {
    const even = bytes[i] === 0;
    const odd = bytes[i + 1] === 0;
    if (even && odd) continue;
    pairs++;
    if (even) evenZero++;
    if (odd) oddZero++;
  }
  if (pairs === 0) return null;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'le';
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'be';
  return null;
}

export type DecodedLines = { ok: true; lines: string[]; encoding: string } | { ok: false; reason: string };

function textOrBinary(text: string, encoding: string): DecodedLines {
  const binary = textBinaryReason(text);
  return binary ? { ok: false, reason: binary } : { ok: true, lines: splitLines(text), encoding };
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
    const binary = bytesBinaryReason(body);
    if (binary) return { ok: false, reason: binary };
    return { ok: true, lines: byteOrientedLines(body, 'utf-8'), encoding: 'utf_8_sig' };
  }
  if (b0 === 0xff && b1 === 0xfe) return textOrBinary(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf_16');
  if (b0 === 0xfe && b1 === 0xff) return textOrBinary(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf_16');
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const label = utf16 === 'le' ? 'utf-16le' : 'utf-16be';
    return textOrBinary(new TextDecoder(label, { ignoreBOM: true }).decode(bytes), utf16 === 'le' ? 'utf_16_le' : 'utf_16_be');
  }
  const binary = bytesBinaryReason(bytes);
  if (binary) return { ok: false, reason: binary };
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
