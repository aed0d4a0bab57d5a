// A CSV's columns mapped to what Kith keeps, as `kith import --columns`
// takes them ("Full name=name,Mail=email"). The reading and the guesses
// are the core's (src-tauri/exchange/src/address_books.rs).

import type { CsvColumnsDto } from "../ipc/bindings";

const LABELS: Record<string, string> = {
  name: "Full name",
  first: "First name",
  middle: "Middle name",
  last: "Last name",
  suffix: "Suffix (MSc, Jr.)",
  nickname: "Nickname",
  email: "E-mail",
  phone: "Phone",
  company: "Company",
  role: "Role or job title",
  birthday: "Birthday",
  anniversary: "Anniversary",
  tags: "Tags",
  notes: "Notes",
  url: "LinkedIn or website",
  connected: "Connected on",
  ignore: "Leave out",
};

/** Words for a field. */
export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

/** Each column's field to start from: the mapping used last for this
 * header when there is one, else the guesses; null leaves it out. */
export function initialFields(csv: CsvColumnsDto): Array<string | null> {
  if (csv.remembered) {
    const byName = new Map<string, string>();
    for (const pair of csv.remembered.split(",")) {
      const at = pair.lastIndexOf("=");
      if (at > 0) byName.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
    }
    return csv.header.map((name) => byName.get(name.trim().toLowerCase()) ?? null);
  }
  return csv.guesses.map((g) => g ?? null);
}

/** The mapping as `--columns` text, or null when it names no column Kith
 * can call a person by (a name, an e-mail or a company). */
export function mappingText(header: string[], fields: Array<string | null>): string | null {
  const pairs = header.flatMap((name, i) => {
    const field = fields[i];
    // A comma or an equals sign in a header cannot be said in the mapping.
    if (!field || field === "ignore" || /[,=]/.test(name) || !name.trim()) return [];
    return [`${name.trim()}=${field}`];
  });
  const callable = fields.some((f) => f === "name" || f === "first" || f === "last" || f === "email" || f === "company");
  return pairs.length > 0 && callable ? pairs.join(",") : null;
}
