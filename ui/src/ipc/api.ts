// The only module that talks to the Rust side. Every call goes through
// `call`, which turns a rejected invoke into a typed `KithError`.

import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { SplitInput, IntroStepInput, LinkInput, NeedInput, ErrorKind, FollowUpInput, IpcError, MailAccountInput, PersonInput, SettingsInput, SnoozeInput, TouchInput } from "./bindings";

import type { Commands, Events } from "./contract";

export type * from "./bindings";

/** Which people a list shows and in what order (all optional). */
export interface PeopleListFilter {
  stage?: string | null;
  health?: string | null;
  /** "name", "recent", "stage" or "attention"; by name (or relevance) when unset. */
  sort?: string | null;
}

/** An error from a command, with the stable kind the UI branches on. */
export class KithError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function isIpcError(value: unknown): value is IpcError {
  return typeof value === "object" && value !== null && "kind" in value && "message" in value;
}

type Args<K extends keyof Commands> = Commands[K]["args"];

/** Calls a command of the generated contract: its name, arguments and
 * result are checked against the Rust functions. */
async function call<K extends keyof Commands>(
  command: K,
  ...args: Args<K> extends Record<string, never> ? [] : [Args<K>]
): Promise<Commands[K]["returns"]> {
  try {
    return await invoke<Commands[K]["returns"]>(command, args[0]);
  } catch (error) {
    if (isIpcError(error)) throw new KithError(error.kind, error.message);
    throw new KithError("internal", String(error));
  }
}

/** Listens to an event of the generated contract. */
function on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): Promise<UnlistenFn> {
  return listen<Events[K]>(event, (e) => handler(e.payload));
}

export const api = {
  appInfo: () => call("get_app_info"),
  people: (query: string, offset: number, limit: number, filter: PeopleListFilter = {}) =>
    call("list_people", {
      query,
      stage: filter.stage ?? null,
      health: filter.health ?? null,
      sort: filter.sort ?? null,
      offset,
      limit,
    }),
  funnel: () => call("get_funnel"),
  person: (id: number) => call("get_person", { id }),
  personPhoto: (id: number) => call("get_person_photo", { id }),
  choosePersonPhoto: (id: number) => call("choose_person_photo", { id }),
  setPersonPhoto: (id: number, bytes: number[]) => call("set_person_photo", { id, bytes }),
  fetchPersonPhoto: (id: number) => call("fetch_person_photo", { id }),
  removePersonPhoto: (id: number) => call("remove_person_photo", { id }),
  photoThumbs: (ids: number[]) => call("get_photo_thumbs", { ids }),
  createPerson: (input: PersonInput) => call("create_person", { input }),
  updatePerson: (id: number, input: PersonInput) => call("update_person", { id, input }),
  deletePerson: (id: number) => call("delete_person", { id }),
  openIdentity: (person: number, identity: number, how: string, subject: string | null = null, body: string | null = null) =>
    call("open_identity", { person, identity, how, subject, body }),
  trash: () => call("list_trash"),
  restorePerson: (entry: number) => call("restore_person", { entry }),
  addNote: (personId: number, body: string) => call("add_note", { personId, body }),
  setYearlyDate: (personId: number, which: "birthday" | "anniversary", date: string | null) => call("set_yearly_date", { personId, which, date }),
  addDate: (personId: number, what: string, on: string, yearly: boolean) => call("add_date", { personId, what, on, yearly }),
  removeDate: (personId: number, id: number) => call("remove_date", { personId, id }),
  setDeceased: (personId: number, deceased: boolean) => call("set_deceased", { personId, deceased }),
  deleteNote: (id: number) => call("delete_note", { id }),
  setCardNote: (personId: number, body: string | null) => call("set_card_note", { personId, body }),
  tags: () => call("list_tags"),
  logTouch: (input: TouchInput) => call("log_touch", { input }),
  touches: (personId: number) => call("list_touches", { personId }),
  deleteTouch: (id: number) => call("delete_touch", { id }),
  links: (personId: number) => call("list_links", { personId }),
  linkPeople: (input: LinkInput) => call("link_people", { input }),
  unlinkPeople: (a: number, b: number, kind: string | null) => call("unlink_people", { a, b, kind }),
  warmPath: (personId: number) => call("warm_path", { personId, company: null, askId: null }),
  warmPathToCompany: (company: string) => call("warm_path", { personId: null, company, askId: null }),
  warmPathToAsk: (askId: number) => call("warm_path", { personId: null, company: null, askId }),
  neighbourhood: (personId: number, depth: number) => call("neighbourhood", { personId, depth }),
  network: () => call("network"),
  linkSuggestions: (personId: number | null) => call("link_suggestions", { personId }),
  myTies: (personId: number) => call("my_ties", { personId }),
  setTieToMe: (personId: number, what: string | null) => call("set_tie_to_me", { personId, what }),
  dismissLinkSuggestion: (a: number, b: number) => call("dismiss_link_suggestion", { a, b }),
  createFollowUp: (input: FollowUpInput) => call("create_follow_up", { input }),
  followUps: (personId: number) => call("list_follow_ups", { personId }),
  completeFollowUp: (id: number) => call("complete_follow_up", { id }),
  snoozeFollowUp: (id: number, input: SnoozeInput) => call("snooze_follow_up", { id, input }),
  updateFollowUp: (id: number, input: FollowUpInput) => call("update_follow_up", { id, input }),
  dropFollowUp: (id: number) => call("drop_follow_up", { id }),
  today: () => call("get_today"),
  plan: () => call("get_plan"),
  planDone: (person: number) => call("plan_done", { person }),
  planSkip: (person: number, month: boolean) => call("plan_skip", { person, month }),
  prep: (meeting: string | null, person: number | null) => call("get_prep", { meeting, person }),
  settings: () => call("get_settings"),
  saveSettings: (input: SettingsInput) => call("save_settings", { input }),
  pauseReminders: (minutes: number | null) => call("pause_reminders", { minutes }),
  loadSample: () => call("load_sample"),
  removeSample: () => call("remove_sample"),
  queue: (offset: number, limit: number) => call("list_queue", { offset, limit }),
  acknowledge: (personId: number, message: string) => call("acknowledge_person", { personId, message }),
  dismissFromQueue: (personId: number) => call("dismiss_from_queue", { personId }),
  setCadence: (personId: number, days: number | null) => call("set_cadence", { personId, days }),
  templates: () => call("list_templates"),
  saveTemplate: (id: number | null, name: string, body: string) => call("save_template", { id, name, body }),
  deleteTemplate: (id: number) => call("delete_template", { id }),
  topics: (personId: number) => call("list_topics", { personId }),
  addTopic: (personId: number, text: string) => call("add_topic", { personId, text }),
  closeTopic: (id: number) => call("close_topic", { id }),
  needs: (personId: number | null) => call("list_needs", { personId }),
  addNeed: (input: NeedInput) => call("add_need", { input }),
  closeNeed: (id: number) => call("close_need", { id }),
  suggestIntroductions: () => call("suggest_introductions"),
  introductions: (personId: number | null) => call("list_introductions", { personId }),
  proposeIntroduction: (a: number, b: number, why: string) => call("propose_introduction", { a, b, why }),
  advanceIntroduction: (input: IntroStepInput) => call("advance_introduction", { input }),
  logHelp: (personId: number, direction: "given" | "received", text: string) =>
    call("log_help", { personId, direction, text }),
  ledger: (personId: number) => call("get_ledger", { personId }),
  prompts: (personId: number | null) => call("list_prompts", { personId }),
  dismissPrompt: (personId: number, rule: string) => call("dismiss_prompt", { personId, rule }),
  dashboard: () => call("get_dashboard"),
  figurePeople: (figure: string) => call("get_figure_people", { figure }),
  setWeeklyGoal: (goal: number) => call("set_weekly_goal", { goal }),
  chooseImportPath: (folder: boolean) => call("choose_import_path", { folder }),
  importPath: (path: string, format: string | null, me: string | null, dryRun: boolean, passphrase: string | null = null, onProgress: (rows: number) => void = () => {}, columns: string | null = null) => {
    const progress = new Channel<number>();
    progress.onmessage = onProgress;
    return call("import_path", { input: { path, format, me, dryRun, passphrase, columns }, progress });
  },
  csvColumns: (path: string) => call("csv_columns", { path }),
  importActivity: (path: string, me: string[], dryRun: boolean, keepFirstLine = false) => call("import_activity", { input: { path, me, dryRun, keepFirstLine } }),
  addChatAuthor: (author: string) => call("add_chat_author", { author }),
  cancelImport: () => call("cancel_import"),
  saveRecoveryKey: (recoveryKey: string) => call("save_recovery_key", { recoveryKey }),
  exportToFile: (format: string, people: number[] | null = null, passphrase: string | null = null) => call("export_to_file", { format, people, passphrase }),
  duplicates: () => call("list_duplicates"),
  merges: () => call("list_merges"),
  mergePeople: (keep: number, remove: number) => call("merge_people", { keep, remove }),
  undoMerge: (id: number) => call("undo_merge", { id }),
  folded: () => call("list_folded"),
  splitPerson: (person: number, input: SplitInput) => call("split_person", { person, input }),
  undoSplit: (id: number) => call("undo_split", { id }),
  setNotDuplicates: (a: number, b: number) => call("set_not_duplicates", { a, b }),
  recovery: () => call("get_recovery"),
  tryReopen: () => call("try_reopen"),
  unlockWithRecoveryKey: (recoveryKey: string) => call("unlock_with_recovery_key", { recoveryKey }),
  encryption: () => call("get_encryption"),
  enableEncryption: () => call("enable_encryption"),
  disableEncryption: () => call("disable_encryption"),
  backups: () => call("get_backups"),
  backUpNow: () => call("back_up_now"),
  restoreBackup: (backup: string) => call("restore_backup", { backup }),
  chooseBackupFile: () => call("choose_backup_file"),
  chooseBackupFolder: () => call("choose_backup_folder"),
  resetBackupFolder: () => call("reset_backup_folder"),
  exportReadable: () => call("export_readable_rows"),
  openFolder: (which: "backups" | "database") => call("open_folder", { which }),
  syncStatus: () => call("get_sync_status"),
  findAddressBooks: (url: string, user: string, password: string) => call("find_address_books", { url, user, password }),
  setUpSync: (url: string, user: string, password: string, addressBook: string | null) =>
    call("set_up_sync", { url, user, password, addressBook }),
  syncNow: (password: string | null = null, allowDeletes = false) => call("sync_now", { password, allowDeletes }),
  cancelSync: () => call("cancel_sync"),
  syncConflicts: () => call("get_sync_conflicts"),
  flipSyncConflict: (id: number) => call("flip_sync_conflict", { id }),
  dismissSyncConflict: (id: number) => call("dismiss_sync_conflict", { id }),
  stopSyncing: () => call("stop_syncing"),
  setCalendarMirror: (on: boolean) => call("set_calendar_mirror", { on }),
  setPlanOnPhone: (on: boolean) => call("set_plan_on_phone", { on }),
  meetingCalendars: () => call("list_meeting_calendars"),
  useMeetingCalendars: (hrefs: string[]) => call("use_meeting_calendars", { hrefs }),
  mailStatus: () => call("get_mail_status"),
  mailProviders: () => call("get_mail_providers"),
  setUpMail: (input: MailAccountInput) => call("set_up_mail", { input }),
  readMailNow: (password: string | null = null) => call("read_mail_now", { password }),
  addMyAddress: (address: string) => call("add_my_address", { address }),
  removeMyAddress: (address: string) => call("remove_my_address", { address }),
  removeMail: (forget: boolean) => call("remove_mail", { forget }),
  suggested: () => call("list_suggested"),
  addSuggested: (address: string, name: string | null = null) => call("add_suggested", { address, name }),
  dismissSuggested: (address: string) => call("dismiss_suggested", { address }),
  mailFilters: () => call("get_mail_filters"),
  setMailFilter: (list: "roles" | "blocked", values: string[]) => call("set_mail_filter", { list, values }),
};

/** Closes this window; Kith keeps running in the tray when there is one. */
export function closeWindow(): Promise<void> {
  return getCurrentWindow().close();
}

/** Events the Rust side sends. */
export const events = {
  onRemindersChanged: (handler: () => void): Promise<UnlistenFn> => on("reminders-changed", () => handler()),
  onTouchesChanged: (handler: () => void): Promise<UnlistenFn> => on("touches-changed", () => handler()),
  onNavigate: (handler: (hash: string) => void): Promise<UnlistenFn> => on("navigate", handler),
  onSyncChanged: (handler: () => void): Promise<UnlistenFn> => on("sync-changed", () => handler()),
  onPeopleChanged: (handler: () => void): Promise<UnlistenFn> => on("people-changed", () => handler()),
  onMailChanged: (handler: () => void): Promise<UnlistenFn> => on("mail-changed", () => handler()),
};
