import { describe, expect, it } from 'vitest';
import { buf } from './zlib-crc32';

describe('zlib-crc32 (crc-32 stand-in)', () => {
  const bytes = Buffer.from('123456789');

  it('gives the standard CRC-32 as a signed integer, like crc-32', () => {
    expect(buf(bytes) >>> 0).toBe(0xcbf43926);
    expect(buf(bytes)).toBe(0xcbf43926 | 0);
  });

  it('continues from a seed, and counts a non-number seed (crc32-stream passes a Buffer) as 0', () => {
    const first = buf(bytes.subarray(0, 4), Buffer.alloc(4)) >>> 0;
    expect(buf(bytes.subarray(4), first) >>> 0).toBe(0xcbf43926);
  });
});
