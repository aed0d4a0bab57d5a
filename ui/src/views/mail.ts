// Mail in Settings: set an IMAP account up (with the providers Kith knows),
// its quiet status and progress, "Read now", the user's addresses, Remove;
// and the people the user writes with who are not in Kith yet.

import { api, events, type MailFiltersDto, type MailProviderDto, type MailStatusDto, type MailSuggestionDto } from "../ipc/api";
import { h, replace } from "../dom";
import { mailStatusLine, readLine, suggestionLine } from "../logic/mail";
import { actionButton, labelledInput, onSubmit } from "./controls";
import { confirmDanger } from "./dialog";
import { showError, toast } from "./toast";

export function mailCard(): HTMLElement {
  const card = h("section", { class: "card", attrs: { id: "mail", "aria-label": "Mail" } });
  let unlisten: Array<() => void> = [];
  let shown = false;
  let providers: MailProviderDto[] = [];
  // The filters stay open across reloads once opened.
  let filtersOpen = false;

  function providerOf(host: string, user: string): MailProviderDto | undefined {
    const domain = user.split("@")[1]?.toLowerCase() ?? "";
    return providers.find((p) => p.host === host.trim().toLowerCase()) ?? providers.find((p) => p.domains.includes(domain));
  }

  function setUpForm(): HTMLElement {
    const user = labelledInput("mail-user", "E-mail address or user name", { required: true, autocomplete: "username" });
    const host = labelledInput("mail-host", "IMAP server", { required: true, placeholder: "imap.example.org" });
    const port = labelledInput("mail-port", "Port", { type: "number", min: "1", max: "65535", placeholder: "993" });
    const password = labelledInput("mail-password", "Password or app password", { type: "password", required: true, autocomplete: "current-password" });
    const me = labelledInput("mail-me", "Your other addresses (comma separated)", { placeholder: "you@work.example" });
    const since = labelledInput("mail-since", "Read mail from (optional)", { type: "date" });
    const scope = h(
      "select",
      { attrs: { id: "mail-scope", name: "mail-scope" } },
      h("option", { attrs: { value: "sent" } }, "Mail I sent (Sent)"),
      h("option", { attrs: { value: "all" } }, "Mail I sent and received (Sent and the archive)"),
      h("option", { attrs: { value: "folder" } }, "One folder…"),
    );
    const folder = labelledInput("mail-folder", "Folder name", { placeholder: "Kith" });
    // Shown only for "One folder…" (a label's own display rule would
    // override the hidden attribute).
    const showFolder = () => {
      folder.row.style.display = scope.value === "folder" ? "" : "none";
    };
    showFolder();
    scope.addEventListener("change", showFolder);
    const keepSubject = h("input", { attrs: { type: "checkbox", id: "mail-keep-subject", checked: true } });
    const hint = h("p", { class: "muted small", attrs: { id: "mail-provider-hint", "aria-live": "polite" } });
    const guess = () => {
      const p = providerOf(host.input.value, user.input.value);
      if (p && !host.input.value) {
        host.input.value = p.host;
        port.input.value = String(p.port);
      }
      hint.textContent = !p
        ? ""
        : p.oauthOnly
          ? `${p.name} accepts only OAuth sign-in, which Kith does not speak: export your mail as mbox and import it in Import & export instead.`
          : p.appPasswords
            ? `${p.name} wants an app password for IMAP when two-step sign-in is on: make one at ${p.appPasswords}.`
            : "";
    };
    user.input.addEventListener("change", guess);
    host.input.addEventListener("change", guess);
    const submit = h("button", { class: "button primary", attrs: { type: "submit", id: "mail-set-up" } }, "Add account");
    const form = h(
      "form",
      { class: "form", attrs: { id: "mail-form" } },
      user.row,
      host.row,
      port.row,
      password.row,
      hint,
      h("label", { attrs: { for: "mail-scope" } }, "What to read", scope),
      folder.row,
      me.row,
      since.row,
      h("label", { class: "checkbox", attrs: { for: "mail-keep-subject" } }, keepSubject, " Keep subjects (else only who and when)"),
      h("div", { class: "actions" }, submit),
    );
    onSubmit(form, submit, "Checking…", async () => {
      const status = await api.setUpMail({
        host: host.input.value.trim(),
        port: port.input.value ? Number(port.input.value) : null,
        user: user.input.value.trim(),
        password: password.input.value,
        scope: scope.value === "folder" ? `folder:${folder.input.value.trim()}` : scope.value,
        me: me.input.value.split(",").map((a) => a.trim()).filter((a) => a !== ""),
        since: since.input.value || null,
        keepSubject: keepSubject.checked,
      });
      password.input.value = "";
      toast(status.passwordKept ? "Mail is set up; Kith reads it now. The password is in your keychain." : "Mail is set up. No keychain is reachable here, so Kith asks for the password after a restart.");
      await load();
    });
    return form;
  }

  function confirmRemove(): void {
    const forget = h("input", { attrs: { type: "checkbox", id: "mail-forget" } });
    confirmDanger(
      "Remove the mail account?",
      "confirm-remove-mail",
      "Remove",
      [h("p", null, "Kith stops reading it and forgets its password."), h("label", { class: "checkbox small", attrs: { for: "mail-forget" } }, forget, " Also forget its mail and every touch it made")],
      async (close) => {
        await api.removeMail(forget.checked);
        close();
        toast(forget.checked ? "The account is removed, with every touch its mail made." : "The account is removed; the touches its mail made stay.");
        await load();
      },
    );
  }

  function suggestionRow(s: MailSuggestionDto, now: Date): HTMLElement {
    const line = suggestionLine(s, now);
    return h(
      "li",
      { class: "suggestion", dataset: { address: s.address } },
      h("strong", null, line.name),
      h("span", { class: "small muted" }, ` ${line.detail} `),
      actionButton(`suggested-add-${s.address}`, "Add", async () => {
        const person = await api.addSuggested(s.address);
        toast(`${person.displayName} is in Kith, with the touches their mail gives.`);
        await load();
      }),
      " ",
      actionButton(`suggested-dismiss-${s.address}`, "Not them", async () => {
        await api.dismissSuggested(s.address);
        await load();
      }),
    );
  }

  function filterList(list: "roles" | "blocked", label: string, hint: string, values: string[]): HTMLElement {
    const id = `mail-filter-${list}`;
    const area = h("textarea", { attrs: { id, name: id, rows: "4", spellcheck: "false" } });
    area.value = values.join("\n");
    return h(
      "div",
      { class: "filter-list" },
      h("label", { attrs: { for: id } }, label, area),
      h("p", { class: "muted small" }, hint),
      actionButton(`${id}-save`, "Save", async () => {
        const saved = await api.setMailFilter(list, area.value.split(/[\n,]/).map((v) => v.trim()).filter((v) => v !== ""));
        toast(`Saved: ${(list === "roles" ? saved.roles : saved.blocked).length} entries. Mail read from now on follows them.`);
        await load();
      }),
    );
  }

  function filtersSection(filters: MailFiltersDto): HTMLElement {
    const section = h(
      "details",
      { attrs: { id: "mail-filters" } },
      h("summary", null, "Mail that is never a touch"),
      h("p", { class: "muted small" }, "Besides mailing lists, automatic mail and messages with more than 10 people, which are never touches."),
      filterList("roles", "Role and no-reply addresses (one local part a line)", "noreply also covers noreply-42@… and noreply+x@…", filters.roles),
      filterList("blocked", "Blocked addresses and domains (one a line)", "A domain blocks its subdomains too.", filters.blocked),
    );
    section.open = filtersOpen;
    section.addEventListener("toggle", () => {
      filtersOpen = section.open;
    });
    return section;
  }

  function show(status: MailStatusDto, suggestions: MailSuggestionDto[], filters: MailFiltersDto): void {
    const now = new Date();
    const intro = h(
      "p",
      { class: "muted small" },
      "Kith logs the touches your e-mail already holds, on this computer: it reads message headers only (who, when, the subject), never a body, and marks nothing read. Mail never adds a person by itself; people you write with both ways are suggested below.",
    );
    const line = h("p", { attrs: { id: "mail-status", "aria-live": "polite" } }, mailStatusLine(status, now));
    line.classList.toggle("warning", status.error !== null || status.needsPassword);
    const people =
      suggestions.length === 0
        ? null
        : h(
            "div",
            { attrs: { id: "mail-suggestions" } },
            h("h3", null, `People you write with (${suggestions.length})`),
            h("p", { class: "muted small" }, "Not in Kith yet: written to and heard from, or met more than once. Add one to see their e-mail and meeting touches on a timeline."),
            h("ul", { class: "plain suggestions" }, ...suggestions.map((s) => suggestionRow(s, now))),
          );
    if (!status.configured) {
      replace(card, h("h2", null, "Mail"), intro, line, setUpForm(), people, filtersSection(filters));
      return;
    }
    const password = labelledInput("mail-session-password", "Password", { type: "password", autocomplete: "current-password" });
    const alias = labelledInput("mail-alias", "Another address of yours", { type: "email", placeholder: "you@work.example" });
    const read = actionButton(
      "mail-read-now",
      status.running ? "Reading…" : "Read now",
      async () => {
        toast(readLine(await api.readMailNow(status.needsPassword ? password.input.value || null : null)));
        await load();
      },
      true,
    );
    read.disabled = status.running;
    replace(
      card,
      h("h2", null, "Mail"),
      intro,
      line,
      h(
        "dl",
        { class: "facts" },
        h("dt", null, "Account"),
        h("dd", null, h("code", { attrs: { id: "mail-account" } }, `${status.user ?? ""} @ ${status.host ?? ""}:${status.port ?? ""}`), ` (${status.security ?? ""})`),
        h("dt", null, "Reads"),
        h("dd", null, status.scope === "all" ? "Mail you sent and received" : status.scope === "sent" ? "Mail you sent" : `The folder ${status.scope?.replace(/^folder:/, "") ?? ""}`),
        ...status.folders.flatMap((f) => [
          h("dt", null, f.name),
          h("dd", { class: "mail-folder", dataset: { folder: f.name } }, `${Number(f.read).toLocaleString()} of ${Number(f.total).toLocaleString()} messages read`),
        ]),
        h("dt", null, "Your addresses"),
        h("dd", { attrs: { id: "mail-me" } }, status.me.join(", ")),
        h("dt", null, "Password"),
        h("dd", null, status.passwordKept ? "In the system keychain" : "Not kept (no keychain here): asked once per session"),
      ),
      status.offered.length === 0
        ? null
        : h(
            "ul",
            { class: "plain", attrs: { id: "mail-offered" } },
            ...status.offered.map((o) =>
              h(
                "li",
                null,
                `Your Sent mail also went out from ${o.address} (${o.messages.toLocaleString()} messages). `,
                actionButton(`mail-offered-${o.address}`, "It is mine", async () => {
                  await api.addMyAddress(o.address);
                  toast(`${o.address} is yours; Kith reads the folders again to count its mail.`);
                  await load();
                }),
              ),
            ),
          ),
      h(
        "form",
        {
          class: "inline-form",
          attrs: { id: "mail-alias-form" },
          on: {
            submit: async (event: Event) => {
              event.preventDefault();
              try {
                await api.addMyAddress(alias.input.value.trim());
                toast("Added; Kith reads the folders again to count mail sent from it.");
                await load();
              } catch (error) {
                showError(error);
              }
            },
          },
        },
        alias.row,
        h("button", { class: "button", attrs: { type: "submit", id: "mail-alias-add" } }, "Add address"),
      ),
      status.needsPassword ? password.row : null,
      h("div", { class: "actions" }, read, actionButton("mail-remove", "Remove…", async () => confirmRemove())),
      people,
      filtersSection(filters),
    );
  }

  async function load(): Promise<void> {
    try {
      if (providers.length === 0) providers = await api.mailProviders();
      const [status, suggestions, filters] = await Promise.all([api.mailStatus(), api.suggested(), api.mailFilters()]);
      show(status, suggestions, filters);
    } catch (error) {
      showError(error);
    }
  }

  const reload = () => {
    if (!card.isConnected) {
      // Left Settings: stop listening (not before it was first shown).
      if (shown) for (const stop of unlisten) stop();
      return;
    }
    shown = true;
    void load();
  };
  void Promise.all([events.onMailChanged(reload), events.onTouchesChanged(reload)]).then((stops) => {
    unlisten = stops;
  });
  void load().then(() => {
    shown ||= card.isConnected;
  });
  return card;
}

