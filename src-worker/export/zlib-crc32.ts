// Stands in for the `crc-32` package inside the bundled exceljs zip writer (crc32-stream calls
// only `buf`): Node's native zlib.crc32 instead of a JavaScript table loop, which cost each export
// worker ~0.17 s of CPU on 120 systems. electron.vite.config.ts aliases `crc-32` to this file.
import { crc32 } from 'node:zlib';

/**
 * crc-32's `buf(data, seed)`: the CRC-32 of `data` continuing from `seed`, as a signed 32-bit
 * integer. Like crc-32, a seed that is not a number counts as 0 (crc32-stream starts from a Buffer).
 */
export function buf(data: Uint8Array, seed?: unknown): number {
  const start = typeof seed === 'number' ? seed >>> 0 : 0;
  return crc32(data, start) | 0;
}
