import { createHash } from 'node:crypto';
import type { SearchSpec } from '../engine/types';

/** Content key of a list of searches: the same searches always get the same key, so a worker compiles them once. */
export function searchSetKey(searches: readonly SearchSpec[]): string {
  return createHash('sha256').update(JSON.stringify(searches)).digest('hex').slice(0, 32);
}
