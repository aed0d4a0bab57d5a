// Generated from the #[tauri::command] functions in src-tauri/src/commands/
// and the events in src-tauri/src/events.rs by
// `KITH_WRITE_BINDINGS=1 cargo test -p kith contract`; do not edit.

import type { Channel } from "@tauri-apps/api/core";
import type { AddressBookDto, AppInfoDto, BackupDto, BackupRestoredDto, BackupsDto, DashboardDto, DuplicateDto, EncryptionDto, FigurePeopleDto, FoldedDto, FollowUpDto, FollowUpInput, FunnelDto, ImportInput, ImportReportDto, IntroStepInput, IntroductionDto, LedgerDto, MailAccountInput, MailProviderDto, MailReadDto, MailStatusDto, MailSuggestionDto, MergeDto, NeedDto, NeedInput, PeoplePageDto, PersonDto, PersonInput, PlanDto, PromptDto, QueuePageDto, RecoveryDto, RestoredDto, SalvageDto, SettingsDto, SettingsInput, SnoozeInput, SplitDto, SplitInput, SuggestionDto, SyncConflictDto, SyncReportDto, SyncStatusDto, TemplateDto, TodayDto, TopicDto, TouchDto, TouchInput, TrashEntryDto, VocabularyDto } from "./bindings";

/** Every command: the arguments the window passes and what it gets back. */
export interface Commands {
  get_app_info: { args: Record<string, never>; returns: AppInfoDto };
  get_vocabulary: { args: Record<string, never>; returns: VocabularyDto };
  get_settings: { args: Record<string, never>; returns: SettingsDto };
  save_settings: { args: { input: SettingsInput }; returns: SettingsDto };
  pause_reminders: { args: { minutes: number | null }; returns: SettingsDto };
  load_sample: { args: Record<string, never>; returns: number };
  remove_sample: { args: Record<string, never>; returns: number };
  list_people: { args: { query: string; stage: string | null; health: string | null; sort: string | null; offset: number; limit: number }; returns: PeoplePageDto };
  get_funnel: { args: Record<string, never>; returns: FunnelDto };
  get_person: { args: { id: number }; returns: PersonDto };
  create_person: { args: { input: PersonInput }; returns: PersonDto };
  update_person: { args: { id: number; input: PersonInput }; returns: PersonDto };
  delete_person: { args: { id: number }; returns: TrashEntryDto };
  list_trash: { args: Record<string, never>; returns: TrashEntryDto[] };
  restore_person: { args: { entry: number }; returns: RestoredDto };
  add_note: { args: { personId: number; body: string }; returns: PersonDto };
  set_card_note: { args: { personId: number; body: string | null }; returns: PersonDto };
  delete_note: { args: { id: number }; returns: null };
  set_yearly_date: { args: { personId: number; which: string; date: string | null }; returns: PersonDto };
  add_date: { args: { personId: number; what: string; on: string; yearly: boolean }; returns: PersonDto };
  remove_date: { args: { personId: number; id: number }; returns: PersonDto };
  set_deceased: { args: { personId: number; deceased: boolean }; returns: PersonDto };
  list_tags: { args: Record<string, never>; returns: string[] };
  log_touch: { args: { input: TouchInput }; returns: TouchDto };
  list_touches: { args: { personId: number }; returns: TouchDto[] };
  delete_touch: { args: { id: number }; returns: null };
  open_identity: { args: { person: number; identity: number; how: string; subject: string | null; body: string | null }; returns: string };
  get_plan: { args: Record<string, never>; returns: PlanDto };
  plan_done: { args: { person: number }; returns: PlanDto };
  plan_skip: { args: { person: number; month: boolean }; returns: PlanDto };
  create_follow_up: { args: { input: FollowUpInput }; returns: FollowUpDto };
  list_follow_ups: { args: { personId: number }; returns: FollowUpDto[] };
  complete_follow_up: { args: { id: number }; returns: FollowUpDto };
  snooze_follow_up: { args: { id: number; input: SnoozeInput }; returns: FollowUpDto };
  update_follow_up: { args: { id: number; input: FollowUpInput }; returns: FollowUpDto };
  drop_follow_up: { args: { id: number }; returns: null };
  get_today: { args: Record<string, never>; returns: TodayDto };
  list_queue: { args: { offset: number; limit: number }; returns: QueuePageDto };
  acknowledge_person: { args: { personId: number; message: string }; returns: null };
  dismiss_from_queue: { args: { personId: number }; returns: null };
  set_cadence: { args: { personId: number; days: number | null }; returns: null };
  list_templates: { args: Record<string, never>; returns: TemplateDto[] };
  list_topics: { args: { personId: number }; returns: TopicDto[] };
  add_topic: { args: { personId: number; text: string }; returns: null };
  close_topic: { args: { id: number }; returns: null };
  list_needs: { args: { personId: number | null }; returns: NeedDto[] };
  add_need: { args: { input: NeedInput }; returns: null };
  close_need: { args: { id: number }; returns: null };
  suggest_introductions: { args: Record<string, never>; returns: SuggestionDto[] };
  list_introductions: { args: { personId: number | null }; returns: IntroductionDto[] };
  propose_introduction: { args: { a: number; b: number; why: string }; returns: IntroductionDto };
  advance_introduction: { args: { input: IntroStepInput }; returns: IntroductionDto };
  log_help: { args: { personId: number; direction: string; text: string }; returns: LedgerDto };
  get_ledger: { args: { personId: number }; returns: LedgerDto };
  list_prompts: { args: { personId: number | null }; returns: PromptDto[] };
  dismiss_prompt: { args: { personId: number; rule: string }; returns: null };
  get_dashboard: { args: Record<string, never>; returns: DashboardDto };
  get_figure_people: { args: { figure: string }; returns: FigurePeopleDto };
  set_weekly_goal: { args: { goal: number }; returns: null };
  save_template: { args: { id: number | null; name: string; body: string }; returns: TemplateDto };
  delete_template: { args: { id: number }; returns: null };
  choose_import_path: { args: { folder: boolean }; returns: string | null };
  import_path: { args: { input: ImportInput; progress: Channel<number> }; returns: ImportReportDto };
  cancel_import: { args: Record<string, never>; returns: null };
  export_to_file: { args: { format: string; people: number[] | null; passphrase: string | null }; returns: string | null };
  list_duplicates: { args: Record<string, never>; returns: DuplicateDto[] };
  list_folded: { args: Record<string, never>; returns: FoldedDto[] };
  list_merges: { args: Record<string, never>; returns: MergeDto[] };
  merge_people: { args: { keep: number; remove: number }; returns: MergeDto };
  undo_merge: { args: { id: number }; returns: null };
  split_person: { args: { person: number; input: SplitInput }; returns: SplitDto };
  undo_split: { args: { id: number }; returns: number };
  set_not_duplicates: { args: { a: number; b: number }; returns: null };
  get_recovery: { args: Record<string, never>; returns: RecoveryDto | null };
  try_reopen: { args: Record<string, never>; returns: RecoveryDto | null };
  unlock_with_recovery_key: { args: { recoveryKey: string }; returns: RecoveryDto | null };
  get_backups: { args: Record<string, never>; returns: BackupsDto };
  back_up_now: { args: Record<string, never>; returns: BackupDto };
  restore_backup: { args: { backup: string }; returns: BackupRestoredDto };
  choose_backup_file: { args: Record<string, never>; returns: string | null };
  choose_backup_folder: { args: Record<string, never>; returns: BackupsDto | null };
  reset_backup_folder: { args: Record<string, never>; returns: BackupsDto };
  export_readable_rows: { args: Record<string, never>; returns: SalvageDto };
  open_folder: { args: { which: string }; returns: null };
  get_encryption: { args: Record<string, never>; returns: EncryptionDto };
  enable_encryption: { args: Record<string, never>; returns: EncryptionDto };
  disable_encryption: { args: Record<string, never>; returns: EncryptionDto };
  save_recovery_key: { args: { recoveryKey: string }; returns: string | null };
  get_sync_status: { args: Record<string, never>; returns: SyncStatusDto };
  find_address_books: { args: { url: string; user: string; password: string }; returns: AddressBookDto[] };
  set_up_sync: { args: { url: string; user: string; password: string; addressBook: string | null }; returns: SyncStatusDto };
  sync_now: { args: { password: string | null; allowDeletes: boolean }; returns: SyncReportDto };
  cancel_sync: { args: Record<string, never>; returns: null };
  get_sync_conflicts: { args: Record<string, never>; returns: SyncConflictDto[] };
  flip_sync_conflict: { args: { id: number }; returns: SyncConflictDto };
  dismiss_sync_conflict: { args: { id: number }; returns: null };
  set_calendar_mirror: { args: { on: boolean }; returns: SyncStatusDto };
  stop_syncing: { args: Record<string, never>; returns: SyncStatusDto };
  get_mail_status: { args: Record<string, never>; returns: MailStatusDto };
  get_mail_providers: { args: Record<string, never>; returns: MailProviderDto[] };
  set_up_mail: { args: { input: MailAccountInput }; returns: MailStatusDto };
  read_mail_now: { args: { password: string | null }; returns: MailReadDto };
  add_my_address: { args: { address: string }; returns: MailStatusDto };
  remove_my_address: { args: { address: string }; returns: MailStatusDto };
  remove_mail: { args: { forget: boolean }; returns: MailStatusDto };
  list_suggested: { args: Record<string, never>; returns: MailSuggestionDto[] };
  add_suggested: { args: { address: string; name: string | null }; returns: PersonDto };
  dismiss_suggested: { args: { address: string }; returns: null };
}

/** Every event the Rust side sends, and its payload. */
export interface Events {
  "reminders-changed": null;
  "touches-changed": null;
  "navigate": string;
  "sync-changed": null;
  "people-changed": null;
  "mail-changed": null;
}
