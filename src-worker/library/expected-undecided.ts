// Built-in checks that do not come to a definite pass or fail on any of the shared reference files,
// and why. The library test runs every check on the six real result files in
// ../shared/reference/testdata: each must pass or fail on at least one system of its OS family, or be
// listed here with the reason (the test fails when a listed check starts deciding, so the list stays
// true). Keys are `<search key> / <check title>`.

export const EXPECTED_UNDECIDED: Readonly<Record<string, string>> = {};
