/** Fills `{name}` placeholders; numbers go through `Intl.NumberFormat` for `locale`, so "1,200" reads "1.200" in German. */
export function formatMessage(template: string, locale: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
}
