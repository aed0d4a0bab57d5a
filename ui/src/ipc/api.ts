// The only module that talks to the Rust side. Every call goes through
// `call`, which turns a rejected invoke into a typed `KithError`.

import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type {
  AppInfoDto,
  BackupDto,
  BackupRestoredDto,
  BackupsDto,
  RecoveryDto,
  SalvageDto,
  DuplicateDto,
  ImportReportDto,
  MergeDto,
  RestoredDto,
  FoldedDto,
  PlanDto,
  SplitDto,
  SplitInput,
  TrashEntryDto,
  DashboardDto,
  FigurePeopleDto,
  IntroStepInput,
  IntroductionDto,
  LedgerDto,
  NeedDto,
  NeedInput,
  PromptDto,
  SuggestionDto,
  TemplateDto,
  TopicDto,
  ErrorKind,
  FollowUpDto,
  FollowUpInput,
  FunnelDto,
  IpcError,
  PeoplePageDto,
  QueuePageDto,
  PersonDto,
  PersonInput,
  SettingsDto,
  SettingsInput,
  SnoozeInput,
  TodayDto,
  TouchDto,
  TouchInput,
  VocabularyDto,
} from "./bindings";

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw new KithError(error.kind, error.message);
    throw new KithError("internal", String(error));
  }
}

export const api = {
  appInfo: () => call<AppInfoDto>("get_app_info"),
  vocabulary: () => call<VocabularyDto>("get_vocabulary"),
  people: (query: string, offset: number, limit: number, filter: PeopleListFilter = {}) =>
    call<PeoplePageDto>("list_people", {
      query,
      stage: filter.stage ?? null,
      health: filter.health ?? null,
      sort: filter.sort ?? null,
      offset,
      limit,
    }),
  funnel: () => call<FunnelDto>("get_funnel"),
  person: (id: number) => call<PersonDto>("get_person", { id }),
  createPerson: (input: PersonInput) => call<PersonDto>("create_person", { input }),
  updatePerson: (id: number, input: PersonInput) => call<PersonDto>("update_person", { id, input }),
  deletePerson: (id: number) => call<TrashEntryDto>("delete_person", { id }),
  trash: () => call<TrashEntryDto[]>("list_trash"),
  restorePerson: (entry: number) => call<RestoredDto>("restore_person", { entry }),
  addNote: (personId: number, body: string) => call<PersonDto>("add_note", { personId, body }),
  deleteNote: (id: number) => call<void>("delete_note", { id }),
  tags: () => call<string[]>("list_tags"),
  logTouch: (input: TouchInput) => call<TouchDto>("log_touch", { input }),
  touches: (personId: number) => call<TouchDto[]>("list_touches", { personId }),
  deleteTouch: (id: number) => call<void>("delete_touch", { id }),
  createFollowUp: (input: FollowUpInput) => call<FollowUpDto>("create_follow_up", { input }),
  followUps: (personId: number) => call<FollowUpDto[]>("list_follow_ups", { personId }),
  completeFollowUp: (id: number) => call<FollowUpDto>("complete_follow_up", { id }),
  snoozeFollowUp: (id: number, input: SnoozeInput) => call<FollowUpDto>("snooze_follow_up", { id, input }),
  updateFollowUp: (id: number, input: FollowUpInput) => call<FollowUpDto>("update_follow_up", { id, input }),
  dropFollowUp: (id: number) => call<void>("drop_follow_up", { id }),
  today: () => call<TodayDto>("get_today"),
  plan: () => call<PlanDto>("get_plan"),
  planDone: (person: number) => call<PlanDto>("plan_done", { person }),
  planSkip: (person: number, month: boolean) => call<PlanDto>("plan_skip", { person, month }),
  settings: () => call<SettingsDto>("get_settings"),
  saveSettings: (input: SettingsInput) => call<SettingsDto>("save_settings", { input }),
  pauseReminders: (minutes: number | null) => call<SettingsDto>("pause_reminders", { minutes }),
  loadSample: () => call<number>("load_sample"),
  removeSample: () => call<number>("remove_sample"),
  queue: (offset: number, limit: number) => call<QueuePageDto>("list_queue", { offset, limit }),
  acknowledge: (personId: number, message: string) => call<void>("acknowledge_person", { personId, message }),
  dismissFromQueue: (personId: number) => call<void>("dismiss_from_queue", { personId }),
  setCadence: (personId: number, days: number | null) => call<void>("set_cadence", { personId, days }),
  templates: () => call<TemplateDto[]>("list_templates"),
  saveTemplate: (id: number | null, name: string, body: string) => call<TemplateDto>("save_template", { id, name, body }),
  deleteTemplate: (id: number) => call<void>("delete_template", { id }),
  topics: (personId: number) => call<TopicDto[]>("list_topics", { personId }),
  addTopic: (personId: number, text: string) => call<void>("add_topic", { personId, text }),
  closeTopic: (id: number) => call<void>("close_topic", { id }),
  needs: (personId: number | null) => call<NeedDto[]>("list_needs", { personId }),
  addNeed: (input: NeedInput) => call<void>("add_need", { input }),
  closeNeed: (id: number) => call<void>("close_need", { id }),
  suggestIntroductions: () => call<SuggestionDto[]>("suggest_introductions"),
  introductions: (personId: number | null) => call<IntroductionDto[]>("list_introductions", { personId }),
  proposeIntroduction: (a: number, b: number, why: string) => call<IntroductionDto>("propose_introduction", { a, b, why }),
  advanceIntroduction: (input: IntroStepInput) => call<IntroductionDto>("advance_introduction", { input }),
  logHelp: (personId: number, direction: "given" | "received", text: string) =>
    call<LedgerDto>("log_help", { personId, direction, text }),
  ledger: (personId: number) => call<LedgerDto>("get_ledger", { personId }),
  prompts: (personId: number | null) => call<PromptDto[]>("list_prompts", { personId }),
  dismissPrompt: (personId: number, rule: string) => call<void>("dismiss_prompt", { personId, rule }),
  dashboard: () => call<DashboardDto>("get_dashboard"),
  figurePeople: (figure: string) => call<FigurePeopleDto>("get_figure_people", { figure }),
  setWeeklyGoal: (goal: number) => call<void>("set_weekly_goal", { goal }),
  chooseImportPath: (folder: boolean) => call<string | null>("choose_import_path", { folder }),
  importPath: (path: string, format: string | null, me: string | null, dryRun: boolean, onProgress: (rows: number) => void = () => {}) => {
    const progress = new Channel<number>();
    progress.onmessage = onProgress;
    return call<ImportReportDto>("import_path", { path, format, me, dryRun, progress });
  },
  cancelImport: () => call<void>("cancel_import"),
  exportToFile: (format: string, people: number[] | null = null) => call<string | null>("export_to_file", { format, people }),
  duplicates: () => call<DuplicateDto[]>("list_duplicates"),
  merges: () => call<MergeDto[]>("list_merges"),
  mergePeople: (keep: number, remove: number) => call<MergeDto>("merge_people", { keep, remove }),
  undoMerge: (id: number) => call<void>("undo_merge", { id }),
  folded: () => call<FoldedDto[]>("list_folded"),
  splitPerson: (person: number, input: SplitInput) => call<SplitDto>("split_person", { person, input }),
  undoSplit: (id: number) => call<number>("undo_split", { id }),
  setNotDuplicates: (a: number, b: number) => call<void>("set_not_duplicates", { a, b }),
  recovery: () => call<RecoveryDto | null>("get_recovery"),
  tryReopen: () => call<RecoveryDto | null>("try_reopen"),
  backups: () => call<BackupsDto>("get_backups"),
  backUpNow: () => call<BackupDto>("back_up_now"),
  restoreBackup: (backup: string) => call<BackupRestoredDto>("restore_backup", { backup }),
  chooseBackupFile: () => call<string | null>("choose_backup_file"),
  chooseBackupFolder: () => call<BackupsDto | null>("choose_backup_folder"),
  resetBackupFolder: () => call<BackupsDto>("reset_backup_folder"),
  exportReadable: () => call<SalvageDto>("export_readable_rows"),
  openFolder: (which: "backups" | "database") => call<void>("open_folder", { which }),
};

/** Closes this window; Kith keeps running in the tray when there is one. */
export function closeWindow(): Promise<void> {
  return getCurrentWindow().close();
}

/** Events the Rust side sends. */
export const events = {
  onRemindersChanged: (handler: () => void): Promise<UnlistenFn> => listen("reminders-changed", () => handler()),
  onTouchesChanged: (handler: () => void): Promise<UnlistenFn> => listen("touches-changed", () => handler()),
  onNavigate: (handler: (hash: string) => void): Promise<UnlistenFn> =>
    listen<string>("navigate", (event) => handler(event.payload)),
};
