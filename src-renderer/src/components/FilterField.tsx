/** The free-text filter above a table: a search box with a label for screen readers. */
export function FilterField(p: { label: string; placeholder: string; value: string; onChange: (value: string) => void; testId: string; controls?: string }) {
  return (
    <label className="filter-field">
      <span className="visually-hidden">{p.label}</span>
      <input type="search" placeholder={p.placeholder} value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId} aria-controls={p.controls} />
    </label>
  );
}
