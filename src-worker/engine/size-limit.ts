// How large one source file may be. A file is searched as one decoded text (decode.ts splits it
// into slices of one flat string), and V8 cannot make a string longer than
// buffer.constants.MAX_STRING_LENGTH (2^29 - 24 characters on 64-bit): a larger file would fail
// deep in the decoder with a raw "Cannot create a string longer than 0x1fffffe8 characters", on
// every retry. Audit files are a few MB, so such a file is refused from its size before it is
// read, by discovery (listed with the other entries that are not read) and again by the reader
// (the file may have grown since).
import { constants } from 'node:buffer';

/** Bytes one source file may have: a byte-oriented file decodes to at most one character per byte. */
export const MAX_SOURCE_FILE_BYTES = constants.MAX_STRING_LENGTH;

/** Why a file of `bytes` bytes is not searched, or null when its size is fine. */
export function tooLargeReason(bytes: number, limit: number = MAX_SOURCE_FILE_BYTES): string | null {
  if (bytes <= limit) return null;
  const mib = Math.round(limit / 1024 / 1024);
  return (
    `file too large to search: ${bytes.toLocaleString('en-US')} bytes, over the ${limit.toLocaleString('en-US')} bytes (about ${mib} MiB) ` +
    `one file may have (the longest text JavaScript can hold); split it, or search only the sections needed`
  );
}
