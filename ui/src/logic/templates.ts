// What the reply-template editor checks as the user types.

/** The placeholders Kith fills in (see src-tauri/core/src/template.rs). */
export const PLACEHOLDERS: ReadonlyArray<[string, string]> = [
  ["{first_name}", "first name"],
  ["{last_name}", "last name"],
  ["{name}", "full name"],
  ["{company}", "company"],
  ["{role}", "role"],
  ["{how_we_met}", "how you met"],
  ["{topic}", "what matters to them"],
];

const KNOWN = new Set(PLACEHOLDERS.map(([p]) => p));

/** Warnings about a template body, in words; empty when it looks personal. */
export function templateWarnings(body: string): string[] {
  const warnings: string[] = [];
  const used = body.match(/\{[^{}\s]*\}/gu) ?? [];
  const unknown = [...new Set(used.filter((p) => !KNOWN.has(p)))];
  if (unknown.length) warnings.push(`Kith does not fill ${unknown.join(", ")}; it would be sent as typed.`);
  if (body.trim() && !used.some((p) => KNOWN.has(p))) {
    warnings.push("This reads like generic text: every reply would be the same. Add {first_name}, {company} or {topic}.");
  }
  return warnings;
}
