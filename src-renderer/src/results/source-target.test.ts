import { describe, expect, it } from 'vitest';
import { sourceTargetOfRow } from './source-target';

const search = { family: 'Linux' as const, index: 3 };
const header = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];

describe('sourceTargetOfRow', () => {
  it('points at the row system and line', () => {
    expect(sourceTargetOfRow(search, header, ['web1', 6893, 'Network_OpenSSHServerConfig::permitrootlogin no', 'permitrootlogin', 'no'])).toEqual({
      family: 'Linux',
      index: 3,
      system: 'web1',
      line: 6893,
      column: null,
    });
  });

  it('has nothing to show for a NO RESULTS FOUND row or a row without a line', () => {
    expect(sourceTargetOfRow(search, header, ['web1', 1, 'NO RESULTS FOUND', '', ''])).toBeNull();
    expect(sourceTargetOfRow(search, header, ['web1', '', 'x', 'a', 'b'])).toBeNull();
    expect(sourceTargetOfRow(search, ['System Name', 'Matched Text'], ['web1', 'x'])).toBeNull();
  });
});
