// The column mapping of a CSV Kith does not know: each column with its
// first values and what it holds (guessed, or as mapped last time for the
// same header), which the user corrects; each change previews again.

import { h } from "../dom";
import type { CsvColumnsDto } from "../ipc/api";
import { fieldLabel, initialFields, mappingText } from "../logic/columns";

/** The mapping card; `changed` gets the mapping as text (null while no
 * column can name a person), first right away. */
export function columnsCard(csv: CsvColumnsDto, changed: (mapping: string | null) => void): HTMLElement {
  const fields = initialFields(csv);
  const selects = csv.header.map((name, i) => {
    const select = h(
      "select",
      { attrs: { "aria-label": `What “${name}” holds` }, dataset: { column: String(i) } },
      h("option", { attrs: { value: "" } }, "—"),
      ...csv.fields.filter((f) => f !== "ignore").map((f) => h("option", { attrs: { value: f, ...(fields[i] === f ? { selected: "" } : {}) } }, fieldLabel(f))),
    ) as HTMLSelectElement;
    select.addEventListener("change", () => {
      fields[i] = select.value || null;
      changed(mappingText(csv.header, fields));
    });
    return select;
  });
  const card = h(
    "section",
    { class: "card import-columns", attrs: { id: "import-columns", "aria-label": "Columns" } },
    h("h3", null, "Which column holds what"),
    h("p", { class: "muted small" }, csv.remembered ? "As you mapped a file with these columns last time. Change any; the preview follows." : "Kith does not know this file's layout; it guessed from the names and the first rows. Change any; the preview follows."),
    h(
      "table",
      { class: "columns-table" },
      h("thead", null, h("tr", null, h("th", null, "Column"), h("th", null, "First values"), h("th", null, "Holds"))),
      h(
        "tbody",
        null,
        ...csv.header.map((name, i) =>
          h("tr", null, h("td", null, name || `Column ${i + 1}`), h("td", { class: "muted small samples" }, (csv.samples[i] ?? []).join(" · ")), h("td", null, selects[i])),
        ),
      ),
    ),
  );
  changed(mappingText(csv.header, fields));
  return card;
}
