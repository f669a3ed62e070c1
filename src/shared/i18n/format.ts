export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills {name} placeholders; an unknown placeholder stays visible rather than vanishing. */
export function fillPlaceholders(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
