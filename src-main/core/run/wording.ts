// Counted nouns in what a run says (the CLI's closing summary, the outcome, the Summary sheet's
// label): "1 system", "2 systems", "1 family export", "3 family exports". One rule, so that no
// line says "1 systems".

/** `n` and the noun, singular for 1; the plural is `many` (default: `one` + "s", "…y" → "…ies"). */
export function counted(n: number, one: string, many = one.endsWith('y') && !/[aeiou]y$/.test(one) ? `${one.slice(0, -1)}ies` : `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
