// Generated from src-tauri/ipc by `KITH_WRITE_BINDINGS=1 cargo test -p kith-ipc`.
// Do not edit by hand: a test fails when this file and the Rust types differ.

export type ErrorKind = "invalid_input" | "not_found" | "ambiguous" | "storage_full" | "unavailable" | "damaged" | "cancelled" | "unreadable" | "too_large" | "database" | "locked" | "passphrase" | "internal";

export type IpcError = { kind: ErrorKind, message: string, };

export type PersonRefDto = { id: number, displayName: string, };

export type IdentityDto = { kind: string, value: string, 
/**
 * The stored identity's id (absent in input).
 */
id?: number, };

export type NoteDto = { id: number, body: string, createdAt: string, 
/**
 * Whether it is the contact card's note (synced as the card's NOTE).
 */
onCard: boolean, };

export type NamedDateDto = { id: number, what: string, 
/**
 * `YYYY-MM-DD`.
 */
on: string, 
/**
 * Every year from `on`, or only then.
 */
yearly: boolean, };

export type PersonSummaryDto = { id: number, displayName: string, company: string | null, role: string | null, tags: Array<string>, lastTouchAt: string | null, lastTouchKind: string | null, isSample: boolean, 
/**
 * The derived stage identifier (`connected` … `trusted`).
 */
stage: string, 
/**
 * `warm`, `cooling` or `cold`.
 */
health: string, };

export type PeoplePageDto = { 
/**
 * How many match, or at least how many when `total_is_exact` is false.
 */
total: number, totalIsExact: boolean, offset: number, people: Array<PersonSummaryDto>, };

export type PersonDto = { id: number, displayName: string, company: string | null, role: string | null, howMet: string | null, whereMet: string | null, introducedBy: PersonRefDto | null, cadenceDays: number | null, tags: Array<string>, identities: Array<IdentityDto>, notes: Array<NoteDto>, isSample: boolean, createdAt: string, updatedAt: string, 
/**
 * The derived stage identifier.
 */
stage: string, 
/**
 * `YYYY-MM-DD`, or `--MM-DD` without a year.
 */
birthday: string | null, 
/**
 * Like `birthday`.
 */
anniversary: string | null, 
/**
 * Marked as having died: no reminders, never suggested.
 */
deceased: boolean, 
/**
 * Named dates, in the order of the year.
 */
dates: Array<NamedDateDto>, };

export type PersonPhotoDto = { dataUrl: string | null, link: string | null, };

export type PhotoThumbDto = { id: number, dataUrl: string, };

export type PersonInput = { displayName: string, company: string | null, role: string | null, howMet: string | null, whereMet: string | null, introducedBy: number | null, cadenceDays: number | null, tags: Array<string>, identities: Array<IdentityDto>, };

export type TouchDto = { id: number, personId: number, kind: string, channel: string, direction: string, at: string, summary: string | null, 
/**
 * For a touch mail gave: how many messages its conversation holds.
 */
threadSize: number | null, };

export type TouchInput = { personId: number, kind: string, channel: string, direction: string | null, at: string | null, summary: string | null, };

export type CountDto = { key: string, count: number, };

export type FunnelDto = { byStage: Array<CountDto>, byHealth: Array<CountDto>, };

export type StageDto = { stage: string, because: Array<TouchDto>, };

export type FollowUpDto = { id: number, personId: number, personName: string, what: string, dueLocal: string, dueZone: string | null, dueAt: string, repeat: string | null, status: string, 
/**
 * A repeating follow-up that fired and moved on: when the fired
 * occurrence was due, until it is marked done.
 */
pendingSince: string | null, 
/**
 * Found only after the grace period, so listed rather than shown.
 */
missed: boolean, 
/**
 * The topic it is about, and the text its reminder shows.
 */
topicId: number | null, topic: string | null, reminderText: string, 
/**
 * How to reach them for it (filled where Today lists it).
 */
reach: ReachDto | null, };

export type FollowUpInput = { personId: number, what: string, due: string, zone: string | null, repeat: string | null, 
/**
 * One of the person's topics.
 */
topicId: number | null, };

export type SnoozeInput = { minutes: number | null, until: string | null, };

export type PlannedFireDto = { 
/**
 * The follow-up, or null for a keep-in-touch date or a date.
 */
followUpId: number | null, 
/**
 * What fires: `follow-up`, `keep-in-touch`, `birthday`,
 * `anniversary` or `date`.
 */
subject: string, personName: string, what: string, local: string, 
/**
 * The IANA zone the local time is in (for a floating one, the user's
 * current zone).
 */
zone: string, floating: boolean, dueAt: string, 
/**
 * Null when it will not pop up (missed, or reminders are off).
 */
firesAt: string | null, };

export type KeepInTouchDto = { personId: number, personName: string, cadenceDays: number, lastTouchAt: string | null, dueAt: string, };

export type TodayDto = { 
/**
 * What wants action today (the badge): due follow-ups and
 * keep-in-touch dates, counted by the core's agenda.
 */
dueCount: number, keepInTouch: Array<KeepInTouchDto>, missed: Array<FollowUpDto>, overdue: Array<FollowUpDto>, today: Array<FollowUpDto>, upcoming: Array<FollowUpDto>, };

export type ReachDto = { identity: number, 
/**
 * `open`, `email` or `call`.
 */
how: string, 
/**
 * The button's words: "E-mail", "Call", "Open LinkedIn profile".
 */
label: string, };

export type SettingsDto = { remindersEnabled: boolean, pausedUntil: string | null, quietHoursEnabled: boolean, quietStart: string, quietEnd: string, missedAfterHours: number, onboarded: boolean, startAtLogin: boolean, 
/**
 * People in today's plan.
 */
planSize: number, 
/**
 * The morning notification's local time (`HH:MM`), or null for none.
 */
planTime: string | null, 
/**
 * Days a new connection waits in the welcome queue.
 */
welcomeDays: number, 
/**
 * Days before a birthday, an anniversary and a named date their
 * reminders come (0: on the day, at the morning time).
 */
birthdayDaysBefore: number, anniversaryDaysBefore: number, dateDaysBefore: number, 
/**
 * The country national phone numbers are read as (`DE`), or null.
 */
homeCountry: string | null, 
/**
 * Stored phone numbers written without their country code, and how
 * many of them the home country placed.
 */
nationalNumbers: number, nationalPlaced: number, };

export type SettingsInput = { remindersEnabled: boolean, startAtLogin: boolean, quietHoursEnabled: boolean, quietStart: string, quietEnd: string, 
/**
 * People in today's plan (1–10); unchanged when absent.
 */
planSize?: number, 
/**
 * The plan notification's time, `HH:MM`, or `off`; unchanged when absent.
 */
planTime?: string, 
/**
 * Days a new connection waits in the welcome queue (1–365); unchanged
 * when absent.
 */
welcomeDays?: number, 
/**
 * Days before a birthday its reminder comes (0–60); unchanged when
 * absent. Likewise an anniversary's and a named date's.
 */
birthdayDaysBefore?: number, anniversaryDaysBefore?: number, dateDaysBefore?: number, 
/**
 * The home country's code, or `none`; unchanged when absent. A new
 * one re-keys every stored phone number.
 */
homeCountry?: string, };

export type CountryDto = { 
/**
 * ISO 3166 code, `DE`.
 */
code: string, 
/**
 * Dialled before its numbers from abroad: 49.
 */
callingCode: number, };

export type TrayStatus = "available" | "unavailable";

export type AppInfoDto = { version: string, databasePath: string, logDir: string, timeZone: string, tray: TrayStatus, peopleCount: number, sampleCount: number, 
/**
 * How many days a deleted person stays in the trash.
 */
trashDays: number, };

export type DraftDto = { templateId: number, templateName: string, text: string, };

export type QueueEntryDto = { personId: number, displayName: string, company: string | null, role: string | null, howMet: string | null, connectedAt: string, drafts: Array<DraftDto>, };

export type QueuePageDto = { total: number, entries: Array<QueueEntryDto>, };

export type TemplateDto = { id: number, name: string, body: string, isBuiltin: boolean, };

export type VocabularyDto = { kinds: Array<string>, channels: Array<string>, directions: Array<string>, identityKinds: Array<string>, 
/**
 * The countries a home country can be.
 */
countries: Array<CountryDto>, };

export type TopicDto = { id: number, text: string, createdAt: string, 
/**
 * Set when it no longer matters.
 */
closedAt: string | null, };

export type NeedDto = { id: number, personId: number, personName: string, side: string, text: string, tags: Array<string>, createdAt: string, };

export type NeedInput = { personId: number, side: string, text: string, tags: Array<string>, };

export type SuggestionDto = { ask: NeedDto, offer: NeedDto, score: number, why: string, 
/**
 * People linked to both: the path between the two.
 */
knows_both: Array<string>, };

export type IntroductionDto = { id: number, a: PersonRefDto, b: PersonRefDto, why: string, status: string, statusLabel: string, outcome: string | null, next: string | null, proposedAt: string, askedAAt: string | null, askedBAt: string | null, introducedAt: string | null, outcomeAt: string | null, };

export type IntroStepInput = { id: number, step: string, remindInDays: number | null, };

export type HelpEntryDto = { touchId: number, 
/**
 * "given" or "received".
 */
direction: string, isIntroduction: boolean, text: string | null, at: string, };

export type LedgerDto = { entries: Array<HelpEntryDto>, given: number, received: number, balance: number, };

export type PromptDto = { personId: number, personName: string, 
/**
 * `reply-owed`, `follow-up-after-meeting` or `suggest-call`.
 */
rule: string, because: string, since: string, };

export type MovementDto = { days: number, movedUp: number, wentCold: number, };

export type WeekDto = { starts: string, touches: number, };

export type DashboardDto = { people: number, byStage: Array<CountDto>, byHealth: Array<CountDto>, movement: Array<MovementDto>, 
/**
 * Oldest first; the last is the current week.
 */
weeks: Array<WeekDto>, weeklyGoal: number, 
/**
 * Touches in the last 90 days: online, voice, in-person.
 */
mix: Array<CountDto>, dueToday: number, queue: number, };

export type FigurePeopleDto = { figure: string, people: Array<PersonRefDto>, };

export type SkippedDto = { 
/**
 * The file, when the import read several.
 */
file: string | null, line: number, reason: string, };

export type SuggestionRowDto = { line: number, new: PersonRefDto, existing: PersonRefDto, reason: string, };

export type ImportedFileDto = { name: string, 
/**
 * The format identifier (`linkedin-connections`, `google`, `vcard`, …).
 */
format: string, label: string, };

export type ImportReportDto = { files: Array<ImportedFileDto>, new: number, updated: number, unchanged: number, touchesAdded: number, 
/**
 * Links the cards named between people (vCard `RELATED`, Apple's
 * related names, Google's relations).
 */
linksAdded: number, 
/**
 * Photos the cards gave to people who had none (an image, or a web
 * address kept as a link).
 */
photosAdded: number, 
/**
 * Rows that share a phone, e-mail or profile with someone of another
 * name: new people, each listed in `suggestions`.
 */
keptApart: number, 
/**
 * New connections that wait in the welcome queue, and older ones
 * (candidates to reconnect with in today's plan).
 */
toWelcome: number, toReconnect: number, 
/**
 * Phone numbers written without their country code: read as the home
 * country's (and of those, already someone's), or kept as digits
 * (no home country set, or not its numbers).
 */
nationalPlaced: number, nationalMatched: number, nationalUnplaced: number, 
/**
 * The home country's code (`DE`), or null when none is set.
 */
homeCountry: string | null, skipped: Array<SkippedDto>, suggestions: Array<SuggestionRowDto>, committed: boolean, };

export type ImportInput = { 
/**
 * A file, a LinkedIn export folder or its zip.
 */
path: string, 
/**
 * The format's id; detected from the content when absent.
 */
format: string | null, 
/**
 * The user in LinkedIn messages, when Kith cannot tell.
 */
me: string | null, dryRun: boolean, 
/**
 * The passphrase of a sealed Kith export.
 */
passphrase: string | null, 
/**
 * For a CSV Kith does not know: which column holds what, as `kith
 * import --columns` takes it ("Full name=name,Mail=email").
 */
columns: string | null, };

export type CsvColumnsDto = { header: Array<string>, 
/**
 * Up to three values of each column.
 */
samples: Array<Array<string>>, 
/**
 * The field each column is guessed to hold (`name`, `email`, …), or
 * null.
 */
guesses: Array<string | null>, 
/**
 * The mapping last used for a file with this header.
 */
remembered: string | null, 
/**
 * Every field a column can be mapped to, in the order to offer them.
 */
fields: Array<string>, };

export type DuplicateDto = { a: PersonRefDto, b: PersonRefDto, reason: string, strength: number, };

export type MergeDto = { id: number, kept: PersonRefDto, removedName: string, mergedAt: string, };

export type TrashEntryDto = { id: number, personId: number, displayName: string, deletedAt: string, 
/**
 * When they are removed for good.
 */
purgeAt: string, };

export type RestoredDto = { 
/**
 * Their id (a new one when theirs was taken since they were deleted).
 */
personId: number, 
/**
 * Rows that could not come back because what they named is gone (an
 * introduction to someone deleted since).
 */
lost: number, };

export type SplitDto = { 
/**
 * The split's id, for undoing it.
 */
id: number, source: PersonRefDto, created: PersonRefDto, };

export type SplitInput = { name: string, identities: Array<number>, notes: Array<number>, touches: Array<number>, followUps: Array<number>, };

export type FoldedDto = { person: PersonRefDto, otherNames: Array<string>, };

export type MeetingDto = { 
/**
 * The occurrence's key (`kith prep KEY` finds it).
 */
key: string, 
/**
 * RFC 3339 UTC.
 */
at: string, 
/**
 * When it ends (its start for an event without an end), RFC 3339 UTC.
 */
ends: string, title: string | null, 
/**
 * The touch kind it gives (`video` or `meeting`).
 */
kind: string, 
/**
 * `video`, `in-person` or `other`.
 */
channel: string, 
/**
 * The people in Kith on it, by name.
 */
people: Array<PersonRefDto>, };

export type PrepPersonDto = { person: PersonDto, 
/**
 * Their last touches, newest first.
 */
touches: Array<TouchDto>, 
/**
 * Open follow-ups, soonest first.
 */
followUps: Array<FollowUpDto>, 
/**
 * What matters to them now.
 */
topics: Array<TopicDto>, asks: Array<NeedDto>, offers: Array<NeedDto>, };

export type PrepDto = { meeting: MeetingDto | null, people: Array<PrepPersonDto>, };

export type LinkDto = { id: number, 
/**
 * The kind as stored: `partner`, `parent`, `sibling`, `family`,
 * `friend`, `colleague`, `manager`, `mentor`, `introduced`,
 * `met-through`.
 */
kind: string, 
/**
 * What the other person is to this one: "manager", "report", "friend".
 */
name: string, 
/**
 * Whether this person is the link's first side (the parent, the
 * manager, the mentor…).
 */
outgoing: boolean, other: PersonRefDto, note: string | null, 
/**
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 */
since: string | null, };

export type LinkInput = { from: number, to: number, kind: string, note: string | null, 
/**
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 */
since: string | null, };

export type RouteDto = { via: PersonRefDto, 
/**
 * The introducer's stage identifier.
 */
stage: string, 
/**
 * 0–100: your tie to them times each link's strength.
 */
score: number, 
/**
 * The people from the introducer to the target, both included (just
 * the introducer when you know someone at the company yourself).
 */
people: Array<PersonRefDto>, 
/**
 * What each person on the way is to the next ("colleague").
 */
links: Array<string>, 
/**
 * "Maya Patel — Trusted, in touch monthly or more; is Tomas Berg's
 * colleague since 2019".
 */
reason: string, };

export type WarmPathDto = { 
/**
 * `person`, `company` or `ask`.
 */
to: string, 
/**
 * The person's name, the company as asked, or "Ines Berg's ask “…”".
 */
target: string, 
/**
 * How many people at the company Kith knows, or how many offer what
 * the ask needs (1 for a person).
 */
targets: number, 
/**
 * For a person: how you and they stand already ("Engaged, last in
 * touch in March 2026").
 */
known: string | null, 
/**
 * Strongest first.
 */
routes: Array<RouteDto>, };

export type GraphNodeDto = { id: number, name: string, 
/**
 * The stage identifier (`connected` … `trusted`).
 */
stage: string, company: string | null, 
/**
 * Links from the person the drawing is around (0 for them).
 */
ring: number, };

export type GraphEdgeDto = { from: number, to: number, kind: string, };

export type NeighbourhoodDto = { around: number, nodes: Array<GraphNodeDto>, edges: Array<GraphEdgeDto>, 
/**
 * Whether people were left out to keep the drawing to its bound.
 */
cut: boolean, };

export type ClusterDto = { name: string, 
/**
 * Whether it is one company's people (its name is the company's),
 * not a tag's, nor the rest.
 */
isCompany: boolean, x: number, y: number, r: number, size: number, };

export type NetworkDto = { clusters: Array<ClusterDto>, ids: Array<number>, names: Array<string>, 
/**
 * Stage numbers, 1 (connected) to 6 (trusted).
 */
stages: Array<number>, 
/**
 * The index of each person's cluster.
 */
cluster: Array<number>, x: Array<number>, y: Array<number>, 
/**
 * `[cluster, cluster, links]`: how many links join two clusters (the
 * same cluster twice: links inside it).
 */
bridges: Array<[number, number, number]>, 
/**
 * Links between people in the drawing.
 */
links: number, };

export type LinkSuggestionDto = { 
/**
 * The lower id first.
 */
a: PersonRefDto, b: PersonRefDto, 
/**
 * The kind accepting it makes unless another is chosen.
 */
kind: string, threads: number, meetings: number, company: string | null, domain: string | null, 
/**
 * "on 12 e-mail threads together, the last in March 2026; both at
 * Northwind".
 */
evidence: string, };

export type MyTieDto = { person: PersonRefDto, 
/**
 * `partner`, `parent`, `child`, `sibling`, `family`, `friend`,
 * `colleague`, `manager`, `report`, `mentor`, `mentee`.
 */
what: string, note: string | null, since: string | null, };

export type PlanItemDto = { personId: number, name: string, 
/**
 * The reason identifier (`prep`, `follow-up`, `date`, `reply-owed`,
 * `introduction`, `introduce`, `met-in-person`, `welcome`, `cooling`,
 * `topic`, `reconnect`).
 */
reason: string, 
/**
 * Why they were picked, in a sentence.
 */
why: string, 
/**
 * The suggested next step (for a welcome, the drafted reply).
 */
next: string, done: boolean, 
/**
 * Where the next step goes (their profile, an e-mail with `next` as
 * its text, a call), when Kith knows a way.
 */
reach: ReachDto | null, 
/**
 * The meeting a prep item is about.
 */
meeting: MeetingDto | null, };

export type PlanDto = { 
/**
 * The local date, `YYYY-MM-DD`.
 */
day: string, items: Array<PlanItemDto>, 
/**
 * Days in a row whose plan was all done.
 */
streak: number, weekTouches: number, weeklyGoal: number, };

export type DaySettingsDto = { planSize: number, 
/**
 * `HH:MM`, or null for no morning notification.
 */
planTime: string | null, welcomeDays: number, 
/**
 * `HH:MM-HH:MM`, or null for none.
 */
quietHours: string | null, 
/**
 * The chosen backup folder, or null for `backups/` beside the
 * database.
 */
backupDir: string | null, 
/**
 * Whether sync also shows open follow-ups as calendar events.
 */
calendarMirror: boolean, 
/**
 * Whether sync also puts today's plan in the task list "Kith — today".
 */
planOnPhone: boolean, 
/**
 * Days before a birthday, an anniversary and a named date their
 * reminders come (0: on the day).
 */
birthdayDaysBefore: number, anniversaryDaysBefore: number, dateDaysBefore: number, 
/**
 * The country national phone numbers are read as (`DE`), or null,
 * with its calling code.
 */
homeCountry: string | null, callingCode: number | null, 
/**
 * Stored phone numbers written without their country code, and how
 * many of them the home country placed.
 */
nationalNumbers: number, nationalPlaced: number, };

export type BackupDto = { 
/**
 * What `kith backup restore` takes, e.g. `20261130-061900-daily`.
 */
id: string, path: string, takenAt: string, 
/**
 * `daily`, `weekly`, `manual`, `before-upgrade`, `before-restore`,
 * `before-import`.
 */
kind: string, size: number, people: number | null, 
/**
 * Passed SQLite's integrity check when taken, and still opens as a Kith
 * database (a restore checks it again).
 */
verified: boolean, };

export type BackupsDto = { folder: string, 
/**
 * Whether the folder is the default one beside the database.
 */
defaultFolder: boolean, backups: Array<BackupDto>, };

export type CheckDto = { healthy: boolean, 
/**
 * The first problem, in one line.
 */
problem: string | null, damage: Array<string>, brokenLinks: Array<string>, search: Array<string>, 
/**
 * The newest backup that passes its check, to restore from.
 */
newestBackup: BackupDto | null, };

export type BackupRestoredDto = { from: string, people: number, 
/**
 * The replaced file, kept beside the database.
 */
kept: string | null, 
/**
 * The backup taken of the replaced file first.
 */
safety: BackupDto | null, };

export type RecoveryDto = { 
/**
 * `damaged` (SQLite found damage), `not_open` (the file could not be
 * opened: permissions, in use, disk gone, not a Kith file) or
 * `locked` (encrypted, and no key here opens it: the recovery key
 * does).
 */
kind: string, problem: string, database: string, folder: string, 
/**
 * The newest backup that passes its check.
 */
newestBackup: BackupDto | null, };

export type SalvageDto = { json: string, vcard: string | null, people: number, 
/**
 * Where rows could not be read.
 */
lost: Array<string>, };

export type SyncStatusDto = { 
/**
 * Whether a server is set up (the rest is empty when not).
 */
configured: boolean, url: string | null, user: string | null, 
/**
 * The address book's path on the server.
 */
addressBook: string | null, 
/**
 * The task list's path on the server (follow-ups).
 */
taskList: string | null, 
/**
 * The journal's path on the server (touches, notes…).
 */
journal: string | null, 
/**
 * The last sync that completed.
 */
syncedAt: string | null, 
/**
 * The last attempt.
 */
triedAt: string | null, 
/**
 * Why the last attempt failed; `None` when it completed.
 */
error: string | null, 
/**
 * People known to the server.
 */
people: number, 
/**
 * Follow-ups known to the server.
 */
followUps: number, 
/**
 * Journal entries known to the server.
 */
journalEntries: number, openConflicts: number, 
/**
 * Whether the OS keychain holds the password (`false`: asked each time).
 */
passwordKept: boolean, 
/**
 * Whether open follow-ups are also mirrored as calendar events.
 */
calendarMirror: boolean, 
/**
 * Whether today's plan is also a task list ("Kith — today").
 */
planOnPhone: boolean, 
/**
 * A sync is under way (the app only).
 */
running: boolean, 
/**
 * How far it has come, e.g. "Sending 120 of 10,000".
 */
progress: string | null, 
/**
 * The last attempt found no password: the window asks for one.
 */
needsPassword: boolean, };

export type EncryptionDto = { encrypted: boolean, 
/**
 * Whether this computer's keychain holds the key (false when plain).
 */
keyInKeychain: boolean, 
/**
 * The recovery key, only in the answer to turning encryption on: it
 * is shown once and kept nowhere by Kith.
 */
recoveryKey: string | null, };

export type SyncReportDto = { 
/**
 * Items sent to the server (created or changed).
 */
pushed: number, 
/**
 * People created or changed here from the server.
 */
pulled: number, 
/**
 * Items deleted, on either side.
 */
deleted: number, 
/**
 * Fields changed on both sides (the newer kept, the other listed).
 */
conflicts: number, 
/**
 * Items on the server Kith could not read (left alone).
 */
skipped: number, };

export type SyncConflictDto = { id: number, 
/**
 * What it is about: `people`, `follow_ups` or `journal`.
 */
collection: string, 
/**
 * The person's name.
 */
label: string, 
/**
 * A person's `name`, `company`, `role` or `birthday`; a follow-up's
 * `what`, `due`, `repeat` or `status`; a journal entry's column
 * (`summary`, `body`, `status`…).
 */
field: string, kept: string, other: string, 
/**
 * `here` or `server`: whose value was kept.
 */
keptFrom: string, foundAt: string, };

export type AddressBookDto = { 
/**
 * Its path on the server.
 */
href: string, 
/**
 * Its display name, when it has one.
 */
name: string | null, };

export type CalendarChoiceDto = { href: string, name: string | null, used: boolean, };

export type MailSuggestionDto = { address: string, name: string | null, 
/**
 * Messages the user sent them, and they sent the user.
 */
sent: number, received: number, 
/**
 * Meetings with them.
 */
meetings: number, last: string, };

export type ChatSuggestionDto = { 
/**
 * As the export writes them: a name, or a phone number.
 */
author: string, days: number, last: string, };

export type MailSkippedDto = { 
/**
 * `bulk`, `not-sent`, `deleted`, `no-date`, `not-to-you`,
 * `too-many-people` or `filtered`.
 */
reason: string, label: string, messages: number, };

export type MboxReportDto = { file: string, messages: number, 
/**
 * Messages that are touches, not recorded before.
 */
new: number, 
/**
 * Messages that are touches, recorded before (here or from elsewhere).
 */
known: number, touchesMade: number, touchesChanged: number, 
/**
 * People in Kith the new mail touches (a dry run's count).
 */
people: number, skipped: Array<MailSkippedDto>, 
/**
 * The lines of messages whose header could not be read.
 */
unreadableLines: Array<number>, committed: boolean, };

export type MeetingSkippedDto = { 
/**
 * `all-day`, `cancelled`, `declined`, `no-one-else`, `too-many` or
 * `unreadable`.
 */
reason: string, label: string, occurrences: number, };

export type CalendarReportDto = { file: string, 
/**
 * Events in the file (a series once).
 */
events: number, 
/**
 * Past occurrences that are touches.
 */
meetings: number, 
/**
 * Occurrences of the next two days with other people: not touches
 * yet; Today's plan prepares for them.
 */
ahead: number, touchesMade: number, touchesChanged: number, 
/**
 * Touches of occurrences cancelled, declined or changed since.
 */
touchesRemoved: number, 
/**
 * People in Kith the meetings touch (a dry run's count).
 */
people: number, skipped: Array<MeetingSkippedDto>, 
/**
 * Series whose repeat rule could not be read (their first occurrence
 * counted).
 */
unreadRules: number, committed: boolean, };

export type ChatAuthorDto = { author: string, 
/**
 * Days they gave a touch on.
 */
days: number, };

export type ChatReportDto = { file: string, 
/**
 * `whatsapp` or `telegram`.
 */
source: string, chat: string, messages: number, 
/**
 * Days with someone (a touch each, when they are in Kith).
 */
days: number, touchesMade: number, touchesChanged: number, 
/**
 * People in Kith the chat touches.
 */
people: number, notInKith: Array<ChatAuthorDto>, 
/**
 * More than 8 others wrote: a large group gives no touches.
 */
tooLarge: boolean, 
/**
 * Day and month order could not be told from the file and was guessed.
 */
orderGuessed: boolean, 
/**
 * For times without a zone: the zone they were read in and its offset
 * ("Europe/Berlin, UTC+01:00"), kept with the chat for the next read.
 */
readIn: string | null, committed: boolean, };

export type ActivityInput = { path: string, 
/**
 * The user: e-mail addresses for a calendar, the name a chat writes
 * for them (the first).
 */
me: Array<string>, dryRun: boolean, 
/**
 * Keep each chat day's first line as its touch's summary.
 */
keepFirstLine: boolean, };

export type ActivityReportDto = { 
/**
 * `calendar`, `chats`, `who-are-you` (say which author is you),
 * `need-address` (say which e-mail addresses are yours), or `none`
 * (not such a file: a contacts import reads it).
 */
outcome: string, calendar: CalendarReportDto | null, chats: Array<ChatReportDto>, 
/**
 * For `who-are-you`: the chat's authors, and the one most likely you.
 */
authors: Array<string>, guess: string | null, };

export type MailFolderDto = { name: string, read: number, total: number, };

export type OfferedAddressDto = { address: string, messages: number, };

export type MailStatusDto = { 
/**
 * Whether an account is set up (the rest is empty when not).
 */
configured: boolean, host: string | null, port: number | null, 
/**
 * `tls`, `starttls` or `plain`.
 */
security: string | null, user: string | null, 
/**
 * `sent`, `all` or `folder:NAME`.
 */
scope: string | null, since: string | null, keepSubject: boolean, 
/**
 * The last read that completed, the last attempt, and why it failed.
 */
syncedAt: string | null, triedAt: string | null, error: string | null, folders: Array<MailFolderDto>, 
/**
 * Messages recorded from the account, and e-mail touches they gave.
 */
messages: number, touches: number, 
/**
 * The user's addresses.
 */
me: Array<string>, offered: Array<OfferedAddressDto>, passwordKept: boolean, 
/**
 * A read is under way (in the running app).
 */
running: boolean, 
/**
 * Where it is: "Sent: 1,000 of 6,000 messages".
 */
progress: string | null, 
/**
 * The read waits for a password (no keychain keeps one).
 */
needsPassword: boolean, };

export type MailFolderReadDto = { name: string, fetched: number, };

export type MailReadDto = { folders: Array<MailFolderReadDto>, new: number, known: number, touchesMade: number, touchesChanged: number, skipped: Array<MailSkippedDto>, unreadable: number, };

export type MailAccountInput = { host: string, port: number | null, user: string, password: string, 
/**
 * `sent`, `all` or `folder:NAME`.
 */
scope: string, 
/**
 * The user's other addresses.
 */
me: Array<string>, 
/**
 * `YYYY-MM-DD`: read mail from this date on.
 */
since: string | null, keepSubject: boolean, };

export type MailProviderDto = { name: string, host: string, port: number, 
/**
 * Where the provider makes app passwords.
 */
appPasswords: string | null, 
/**
 * Signs in only through OAuth, which Kith does not speak.
 */
oauthOnly: boolean, 
/**
 * The address domains it serves (to suggest it from an address).
 */
domains: Array<string>, };

export type MailFiltersDto = { roles: Array<string>, blocked: Array<string>, };
