// Import and export: pick a file or a LinkedIn export folder (or type its
// path), preview exactly what the import will do, then import it in one
// go; export everything as JSON, people as vCard or CSV, follow-ups as a
// calendar. A calendar export, a WhatsApp chat or a Telegram export gives
// touches instead of people: Kith asks who you are in it when it cannot
// tell, previews, then records.

import { api, KithError, type ActivityReportDto, type ImportReportDto } from "../ipc/api";
import { calendarLines, chatLine, chatOutcome } from "../logic/activity";
import { field, h, replace } from "../dom";
import { navigate } from "../navigate";
import { commitLabel, connectionsLine, keptApartLine, nationalReportLine, reportLine, rowPlace } from "../logic/report";
import { countryOf, countrySelect, localePreset, saveHomeCountry } from "./country";
import type { View } from "../navigate";
import { openDialog } from "./dialog";
import { columnsCard } from "./import-columns";
import { showError, toast } from "./toast";

const FORMATS: Array<[string, string]> = [
  ["", "Detect from the content"],
  ["linkedin-connections", "LinkedIn Connections.csv"],
  ["linkedin-invitations", "LinkedIn Invitations.csv"],
  ["linkedin-messages", "LinkedIn messages.csv"],
  ["google", "Google Contacts CSV"],
  ["outlook", "Outlook contacts CSV"],
  ["thunderbird", "Thunderbird address book CSV"],
  ["thunderbird-no-header", "Thunderbird CSV without a header row"],
  ["vcard", "vCard (.vcf)"],
  ["facebook", "Facebook friends (JSON)"],
  ["kith-json", "Kith export (JSON)"],
];

const EXPORTS: Array<[string, string, string]> = [
  ["json", "Everything (JSON)", "Every table, restorable into a new Kith."],
  ["vcard", "People (vCard)", "For any address book: vCard 3.0, as Apple, Google and Outlook read it."],
  ["vcard4", "People (vCard 4.0)", "The newer vCard, for address books that read it."],
  ["csv", "People (CSV)", "With stage and last touch, safe to open in a spreadsheet."],
  ["ics", "Follow-ups (iCalendar)", "Follow-ups and keep-in-touch dates with alarms, for any calendar."],
];

/** Writes an export where the user chooses, sealed when `passphrase` is given. */
async function save(format: string, passphrase: string | null): Promise<void> {
  try {
    const saved = await api.exportToFile(format, null, passphrase);
    if (saved) toast(passphrase ? `Saved ${saved}, sealed with your passphrase` : `Saved ${saved}`);
  } catch (error) {
    showError(error);
  }
}

/** Everything as JSON: offers to seal it with a passphrase first. */
function exportEverything(): void {
  const dialog = openDialog("Export everything");
  const first = h("input", { attrs: { type: "password", id: "export-passphrase", autocomplete: "new-password" } });
  const again = h("input", { attrs: { type: "password", id: "export-passphrase-again", autocomplete: "new-password" } });
  const problem = h("p", { class: "form-error", attrs: { role: "alert", id: "export-passphrase-error" } });
  const form = h(
    "form",
    { class: "form", attrs: { id: "export-form" } },
    h("p", null, "The export holds everything in Kith: people, notes, touches and follow-ups. Anyone with the file can read it unless you seal it with a passphrase."),
    h("p", { class: "muted small" }, "Sealed exports use the open age format: Kith opens them when you import them, and so does the age tool (age -d). Without the passphrase nobody can, Kith included."),
    h("div", { class: "form-row" }, h("label", null, "Passphrase", first)),
    h("div", { class: "form-row" }, h("label", null, "Passphrase again", again)),
    problem,
    h(
      "div",
      { class: "form-actions" },
      h("button", { class: "button", attrs: { type: "button", id: "export-plain" }, on: {
            click: () => {
              dialog.close();
              void save("json", null);
            },
          },
        }, "Save without a passphrase…"),
      h("button", { class: "button primary", attrs: { type: "submit", id: "export-sealed" } }, "Seal and save…"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!first.value) {
      problem.textContent = "Choose a passphrase, or save without one.";
      first.focus();
      return;
    }
    if (first.value !== again.value) {
      problem.textContent = "The two passphrases differ.";
      again.focus();
      return;
    }
    const passphrase = first.value;
    dialog.close();
    void save("json", passphrase);
  });
  dialog.body.append(form);
  dialog.show(first);
}

export function mountExchange(): View {
  const el = h("section", { class: "view exchange", attrs: { "aria-labelledby": "exchange-title" } });
  const result = h("div", { class: "import-result", attrs: { id: "import-result", "aria-live": "polite" } });
  const path = h("input", { attrs: { name: "path", id: "import-path", placeholder: "A file, or a LinkedIn export folder or .zip", "aria-label": "What to import" } });
  const format = h("select", { attrs: { name: "format", id: "import-format", "aria-label": "Format" } }, ...FORMATS.map(([v, l]) => h("option", { attrs: { value: v } }, l)));
  const me = h("input", { attrs: { name: "me", id: "import-me", placeholder: "Only if Kith asks: your LinkedIn profile URL", "aria-label": "You, in LinkedIn messages" } });
  const firstLine = h("input", { attrs: { type: "checkbox", id: "import-first-line", name: "first-line" } });
  let busy = false;
  // The passphrase of a sealed Kith export, once given; forgotten when
  // another file is chosen.
  let passphrase: string | null = null;
  // Who the user is in a calendar (addresses) or chat (a name), once said.
  let activityMe: string[] = [];
  // A CSV Kith does not know: its column mapping, and the card to change it.
  let columns: string | null = null;
  let mapping: HTMLElement | null = null;
  const forget = () => {
    passphrase = null;
    activityMe = [];
    columns = null;
    mapping = null;
  };
  path.addEventListener("input", forget);

  async function choose(folder: boolean): Promise<void> {
    try {
      const picked = await api.chooseImportPath(folder);
      if (picked) {
        path.value = picked;
        forget();
        await preview();
      }
    } catch (error) {
      showError(error);
    }
  }

  const progress = h("span", { attrs: { id: "import-progress" } }, "Reading…");
  const working = h(
    "p",
    { class: "muted import-working" },
    progress,
    " ",
    h("button", { class: "button small", attrs: { type: "button", id: "import-cancel" }, on: { click: () => void api.cancelImport().catch(showError) } }, "Cancel"),
  );

  function request(dryRun: boolean): Promise<ImportReportDto> {
    progress.textContent = "Reading…";
    // The column mapping stays while its preview is read.
    replace(result, dryRun ? mapping : null, working);
    return api.importPath(
      path.value.trim(),
      format.value || null,
      me.value.trim() || null,
      dryRun,
      passphrase,
      (rows) => {
        progress.textContent = `Read ${rows.toLocaleString()} rows…`;
      },
      columns,
    );
  }

  async function preview(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      // A calendar or chat first (when the format is left to Kith), else
      // contacts.
      if (!format.value) {
        replace(result, working);
        const activity = await api.importActivity(path.value.trim(), activityMe, true, firstLine.checked);
        if (activity.outcome !== "none") {
          renderActivity(activity);
          return;
        }
        // A CSV of the user's own: its columns to map, then the preview.
        if (mapping === null) {
          const csv = await api.csvColumns(path.value.trim());
          if (csv) {
            mapping = columnsCard(csv, (text) => {
              const first = columns === null && mapping === null;
              columns = text;
              if (!first) void previewMapped();
            });
          }
        }
        if (mapping && columns === null) {
          replace(result, mapping, h("p", { class: "muted", attrs: { id: "import-columns-needed" } }, "Say which column holds a name, an e-mail or a company to see what would be imported."));
          return;
        }
      }
      render(await request(true));
    } catch (error) {
      if (error instanceof KithError && error.kind === "passphrase") {
        askPassphrase(passphrase === null ? null : error.message);
        return;
      }
      replace(result, h("p", { class: "form-error", attrs: { role: "alert", id: "import-error" } }, error instanceof Error ? error.message : String(error)));
    } finally {
      busy = false;
    }
  }

  // Each change of the mapping previews again; only the newest preview
  // is shown (an older one finishing later is dropped).
  let previews = 0;

  /** The preview again, with the columns as now mapped. */
  async function previewMapped(): Promise<void> {
    const mine = ++previews;
    if (columns === null) {
      if (mapping) replace(result, mapping, h("p", { class: "muted", attrs: { id: "import-columns-needed" } }, "Say which column holds a name, an e-mail or a company to see what would be imported."));
      return;
    }
    try {
      const report = await request(true);
      if (mine === previews) render(report);
    } catch (error) {
      if (mine !== previews) return;
      replace(result, ...(mapping ? [mapping] : []), h("p", { class: "form-error", attrs: { role: "alert", id: "import-error" } }, error instanceof Error ? error.message : String(error)));
    }
  }

  /** A sealed Kith export: ask for its passphrase, then preview again. */
  function askPassphrase(problem: string | null): void {
    const input = h("input", { attrs: { type: "password", id: "import-passphrase", autocomplete: "off", "aria-label": "Passphrase" } });
    const form = h(
      "form",
      { class: "form passphrase-form", attrs: { id: "import-passphrase-form" } },
      h("p", null, "This is a Kith export sealed with a passphrase. Enter the passphrase it was saved with to open it."),
      h("div", { class: "form-row" }, h("label", null, "Passphrase", input)),
      problem ? h("p", { class: "form-error", attrs: { role: "alert", id: "import-passphrase-error" } }, "That passphrase does not open it.") : null,
      h("div", { class: "form-actions left" }, h("button", { class: "button primary", attrs: { type: "submit", id: "import-open" } }, "Open")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!input.value) return;
      passphrase = input.value;
      void preview();
    });
    replace(result, form);
    input.focus();
  }

  async function commit(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      // A first import (nobody in Kith yet) goes straight to today's plan.
      const first = (await api.appInfo()).peopleCount === 0;
      const report = await request(false);
      render(report);
      toast(`Imported: ${reportLine(report)}.`);
      if (first && report.new > 0) navigate({ view: "today" });
    } catch (error) {
      if (error instanceof KithError && error.kind === "cancelled") {
        replace(result, h("p", { class: "muted", attrs: { id: "import-cancelled" } }, "Import cancelled; nothing was written."));
        return;
      }
      replace(result, h("p", { class: "form-error", attrs: { role: "alert", id: "import-error" } }, error instanceof Error ? error.message : String(error)));
    } finally {
      busy = false;
    }
  }

  /** Asks who the user is in a chat (its authors, the likely one first) or
   * a calendar (their addresses), then previews again. */
  function askWhoYouAre(activity: ActivityReportDto): void {
    const chat = activity.outcome === "who-are-you";
    const control = chat
      ? h(
          "select",
          { attrs: { id: "import-who", "aria-label": "You" } },
          ...activity.authors.map((a) => h("option", { attrs: { value: a, selected: a === activity.guess } }, a)),
        )
      : h("input", { attrs: { id: "import-who", type: "email", multiple: true, placeholder: "you@example.org, you@work.example", "aria-label": "Your e-mail addresses" } });
    const form = h(
      "form",
      { class: "form", attrs: { id: "import-who-form" } },
      h(
        "p",
        null,
        chat
          ? "Which of the chat's authors is you? The others' days become touches with them."
          : "Which e-mail addresses are yours? Kith finds the others at each meeting by them (they are kept, as for mail).",
      ),
      h("div", { class: "form-row" }, h("label", null, chat ? "You" : "Your addresses", control)),
      h("div", { class: "form-actions left" }, h("button", { class: "button primary", attrs: { type: "submit", id: "import-who-go" } }, "Preview")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = control.value.trim();
      if (!value) return;
      activityMe = chat ? [value] : value.split(/[,\s]+/).filter(Boolean);
      void preview();
    });
    replace(result, form);
    control.focus();
  }

  async function commitActivity(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const activity = await api.importActivity(path.value.trim(), activityMe, false, firstLine.checked);
      renderActivity(activity);
      toast(activity.outcome === "calendar" ? "Meetings recorded as touches." : "Chats recorded as touches.");
    } catch (error) {
      replace(result, h("p", { class: "form-error", attrs: { role: "alert", id: "import-error" } }, error instanceof Error ? error.message : String(error)));
    } finally {
      busy = false;
    }
  }

  /** What a calendar or chat gave (or would give). */
  function renderActivity(activity: ActivityReportDto): void {
    if (activity.outcome === "who-are-you" || activity.outcome === "need-address") {
      askWhoYouAre(activity);
      return;
    }
    const committed = activity.calendar ? activity.calendar.committed : activity.chats.some((c) => c.committed);
    const body =
      activity.calendar !== null
        ? [h("p", { class: "muted" }, `${activity.calendar.file} (iCalendar)`), ...calendarLines(activity.calendar).map((line) => h("p", null, line))]
        : activity.chats.map((c) =>
            h(
              "div",
              { class: "chat-report", dataset: { chat: c.chat } },
              h("p", null, h("strong", null, chatLine(c))),
              h("p", null, chatOutcome(c)),
              c.notInKith.length === 0
                ? null
                : c.committed
                  ? h(
                      "div",
                      { class: "not-in-kith" },
                      h("p", { class: "muted small" }, "Not in Kith (their days wait; add them to see them on a timeline):"),
                      h(
                        "ul",
                        { class: "plain suggestions" },
                        ...c.notInKith.map((a) =>
                          h(
                            "li",
                            { class: "suggestion", dataset: { author: a.author } },
                            h("strong", null, a.author),
                            h("span", { class: "small muted" }, ` ${a.days} ${a.days === 1 ? "day" : "days"} `),
                            h(
                              "button",
                              {
                                class: "button small",
                                attrs: { type: "button" },
                                dataset: { action: "add-author" },
                                on: {
                                  click: async (event) => {
                                    const button = event.currentTarget as HTMLButtonElement;
                                    button.disabled = true;
                                    try {
                                      const person = await api.addChatAuthor(a.author);
                                      toast(`${person.displayName} is in Kith, with the days you chatted.`);
                                      button.replaceWith(h("a", { attrs: { href: `#/person/${person.id}` } }, "Added"));
                                    } catch (error) {
                                      button.disabled = false;
                                      showError(error);
                                    }
                                  },
                                },
                              },
                              "Add",
                            ),
                          ),
                        ),
                      ),
                    )
                  : h("p", { class: "muted small" }, `Not in Kith: ${c.notInKith.map((a) => `${a.author} (${a.days} ${a.days === 1 ? "day" : "days"})`).join(", ")}. After the import you can add them with their days.`),
              c.orderGuessed ? h("p", { class: "muted small" }, "The dates' day and month order was guessed: check a touch's date.") : null,
              c.readIn ? h("p", { class: "muted small" }, `Times read in ${c.readIn} (kept for this chat, so reading it again elsewhere gives the same days).`) : null,
            ),
          );
    const wouldGive = activity.calendar !== null ? activity.calendar.meetings > 0 || activity.calendar.ahead > 0 : activity.chats.some((c) => c.days > 0 && !c.tooLarge);
    replace(
      result,
      h("h3", { attrs: { id: "import-heading" } }, committed ? "Imported" : "Preview: nothing is written until you import"),
      h("div", { attrs: { id: "activity-report" } }, ...body),
      committed
        ? h("p", { class: "form-actions left" }, h("button", { class: "button primary", attrs: { type: "button", id: "import-to-plan" }, on: { click: () => navigate({ view: "today" }) } }, "See today's plan"))
        : h(
            "div",
            { class: "form-actions left" },
            h(
              "button",
              { class: "button primary", attrs: { type: "button", id: "import-commit", disabled: !wouldGive }, on: { click: () => void commitActivity() } },
              activity.calendar !== null ? "Import meetings" : "Import chats",
            ),
          ),
    );
  }

  /** What the home country read; with none set, the question, preset
   * from the OS locale, and the preview again once it is answered. */
  function nationalNumbers(report: ImportReportDto): HTMLElement | null {
    const line = nationalReportLine(report, countryOf);
    if (!line) return null;
    if (report.homeCountry || report.committed) return h("p", { attrs: { id: "import-national" } }, line);
    const box = h("p", { class: "national-ask", attrs: { id: "import-national" } }, line, " ");
    void api
      .settings()
      .then((settings) => {
        const choice = countrySelect("import-home-country", localePreset(settings), false);
        const apply = h("button", { class: "button small", attrs: { type: "button", id: "import-home-country-apply" } }, "Read them so");
        apply.addEventListener("click", async () => {
          apply.disabled = true;
          try {
            await saveHomeCountry(settings, choice.value);
            toast("Home country saved; change it any time in Settings.");
            await preview();
          } catch (error) {
            apply.disabled = false;
            showError(error);
          }
        });
        box.append(choice, " ", apply);
      })
      .catch(showError);
    return box;
  }

  function render(report: ImportReportDto): void {
    const changes = report.new + report.updated;
    replace(
      result,
      mapping && !report.committed ? mapping : null,
      h("h3", { attrs: { id: "import-heading" } }, report.committed ? "Imported" : "Preview: nothing is written until you import"),
      h("p", { class: "muted" }, report.files.map((f) => `${f.name} (${f.label})`).join(" · ")),
      h(
        "dl",
        { class: "report-counts", attrs: { id: "import-counts" } },
        ...(
          [
            ["new", report.new],
            ["updated", report.updated],
            ["unchanged", report.unchanged],
            ["skipped", report.skipped.length],
            ["touches", report.touchesAdded],
            ...(report.linksAdded > 0 ? [["links", report.linksAdded]] : []),
            ...(report.photosAdded > 0 ? [["photos", report.photosAdded]] : []),
          ] as Array<[string, number]>
        ).flatMap(([label, n]) => [h("dt", null, label), h("dd", { dataset: { count: label } }, n.toLocaleString())]),
      ),
      connectionsLine(report) ? h("p", { attrs: { id: "import-connections" } }, connectionsLine(report)) : null,
      nationalNumbers(report),
      report.skipped.length
        ? h(
            "details",
            { class: "skipped", attrs: { open: report.skipped.length <= 20, id: "import-skipped" } },
            h("summary", null, `Skipped rows (${report.skipped.length})`),
            h("table", null, h("tbody", null, ...report.skipped.slice(0, 500).map((s) => h("tr", null, h("td", { class: "muted" }, rowPlace(s.file, s.line)), h("td", null, s.reason))))),
            report.skipped.length > 500 ? h("p", { class: "muted small" }, `and ${report.skipped.length - 500} more`) : null,
          )
        : null,
      report.suggestions.length
        ? h(
            "div",
            { class: "look-alikes" },
            report.keptApart ? h("p", { attrs: { id: "import-kept-apart" } }, keptApartLine(report)) : null,
            report.suggestions.length > report.keptApart
              ? h("p", null, `${(report.suggestions.length - report.keptApart).toLocaleString()} look like people already in Kith and were kept apart.`)
              : null,
            h("p", null, h("a", { attrs: { href: "#/duplicates" } }, "Review duplicates")),
          )
        : null,
      report.committed
        ? h(
            "p",
            { class: "form-actions left" },
            h("button", { class: "button primary", attrs: { type: "button", id: "import-to-plan" }, on: { click: () => navigate({ view: "today" }) } }, "See today's plan"),
            h("a", { attrs: { href: "#/people" } }, "See people"),
            " · ",
            h("a", { attrs: { href: "#/queue" } }, "Welcome queue"),
          )
        : h(
            "div",
            { class: "form-actions left" },
            h("button", { class: "button primary", attrs: { type: "button", id: "import-commit", disabled: changes === 0 }, on: { click: () => void commit() } }, commitLabel(report)),
          ),
    );
  }

  const form = h(
    "form",
    { class: "form", attrs: { id: "import-form", novalidate: true } },
    h("div", { class: "form-row" }, path),
    h(
      "div",
      { class: "form-actions left" },
      h("button", { class: "button", attrs: { type: "button", id: "choose-file" }, on: { click: () => void choose(false) } }, "Choose a file…"),
      h("button", { class: "button", attrs: { type: "button", id: "choose-folder" }, on: { click: () => void choose(true) } }, "Choose a LinkedIn export folder…"),
      h("button", { class: "button primary", attrs: { type: "submit", id: "import-preview" } }, "Preview"),
    ),
    h(
      "details",
      { class: "import-options" },
      h("summary", null, "Options"),
      h("label", null, "Format", format),
      h("label", null, "You, in LinkedIn messages", me),
      h("label", { class: "checkbox" }, firstLine, " Chats: keep each day's first line as the touch's summary (otherwise no message text is kept)"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (field(form, "path")) void preview();
  });

  replace(
    el,
    h("h1", { attrs: { id: "exchange-title" } }, "Import & export"),
    h(
      "section",
      { class: "card", attrs: { "aria-label": "Import" } },
      h("h2", null, "Import"),
      h(
        "p",
        { class: "muted small" },
        "LinkedIn's data export (Connections, Invitations and messages, the folder or its zip), Google Contacts CSV, Outlook or Thunderbird CSV (any language, separator or encoding), vCard, Facebook's friends file, or a Kith export. For touches: a calendar export (.ics from Google Calendar, Outlook or Apple Calendar), a WhatsApp chat (.txt or .zip) or a Telegram export (result.json). Importing the same file again changes nothing.",
      ),
      form,
      result,
    ),
    h(
      "section",
      { class: "card", attrs: { "aria-label": "Export" } },
      h("h2", null, "Export"),
      h(
        "ul",
        { class: "plain exports" },
        ...EXPORTS.map(([id, label, what]) =>
          h(
            "li",
            null,
            h(
              "button",
              {
                class: "button",
                attrs: { type: "button" },
                dataset: { export: id },
                on: {
                  click: () => (id === "json" ? exportEverything() : void save(id, null)),
                },
              },
              label,
            ),
            h("span", { class: "muted small" }, ` ${what}`),
          ),
        ),
      ),
    ),
  );

  return { el, focus: () => path.focus() };
}
