// What a per-search table knows about the engine's leading columns (the layout itself is the
// user's: grid-view.ts).

export function isNumericColumn(name: string): boolean {
  return name === 'Line Number';
}
