import { describe, expect, it } from 'vitest';
import { sectionsOf } from './sections';

describe('sectionsOf', () => {
  it('lists line prefixes in order of first appearance with counts, ignoring markers and comments', () => {
    const lines = [
      'System Report for host',
      '#[BEGIN]: System_VersionInformation',
      '###Running: uname -a',
      'System_VersionInformation::Linux host',
      'System_VersionInformation::/etc/os-release::NAME="Ubuntu"',
      'System_Timers-apt.timer::active',
      'DateTime:: ###[BEGIN]',
      'System_VersionInformation::x86_64',
      '::no name',
    ];
    expect(sectionsOf(lines)).toEqual([
      { name: 'System_VersionInformation', lines: 3 },
      { name: 'System_Timers-apt.timer', lines: 1 },
      { name: 'DateTime', lines: 1 },
    ]);
  });
});
