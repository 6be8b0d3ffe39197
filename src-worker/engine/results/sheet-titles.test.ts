import { describe, expect, it } from 'vitest';
import { assignSheetTitles, sanitizeSheetTitle } from './sheet-titles';

describe('sanitizeSheetTitle (SPEC §5.3 examples)', () => {
  it.each([
    ['Installed Packages (DPKG)', 'Installed_Packages_(DPKG)'],
    ['Test/Sheet\\With*Invalid[?]Chars', 'Test_Sheet_With_Invalid___Chars'],
    ['Test/Sheet\\With*Invalid[:?]Chars', 'Test_Sheet_With_Invalid____C...'], // 32 characters after step 2
    ['This_is_a_very_long_sheet_name_that_exceeds_the_limit', 'This_is_a_very_long_sheet_na...'],
    ['', 'Unnamed_Sheet'],
    ['  __  ', 'Unnamed_Sheet'],
    ['a \t\n b', 'a_b'],
    ['_x_', 'x'],
    ['exactly_thirty_one_characters__', 'exactly_thirty_one_characters'],
    ['1234567890123456789012345678901', '1234567890123456789012345678901'],
  ])('%j → %j', (raw, want) => {
    expect(sanitizeSheetTitle(raw)).toBe(want);
  });
});

describe('assignSheetTitles (Q6 fixed)', () => {
  it('makes titles unique case-insensitively, avoids the summary sheets, keeps 31 characters', () => {
    expect(assignSheetTitles(['A B', 'a_b', 'A/B', 'Summary', 'summary', 'Systems Summary'])).toEqual(['A_B', 'a_b_2', 'A_B_3', 'Summary_2', 'summary_3', 'Systems_Summary']);
    const long = 'This_is_a_very_long_sheet_name_that_exceeds_the_limit';
    const titles = assignSheetTitles([long, long]);
    expect(titles).toEqual(['This_is_a_very_long_sheet_na...', 'This_is_a_very_long_sheet_nam_2']);
    expect(titles.every((t) => t.length <= 31)).toBe(true);
  });
});
