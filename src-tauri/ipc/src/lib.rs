//! The transfer types that cross Kith's process boundary: the window's IPC
//! and the command line's `--json`. Core types stay free of serde; these
//! types convert from them with `From` and into them through validation.
//!
//! The TypeScript declarations in `ui/src/ipc/bindings.ts` are generated
//! from these types (see [`typescript_bindings`]), and the lists the UI's
//! pickers offer are `ui/src/ipc/vocabulary.ts` (see
//! [`typescript_vocabulary`]): fixed for a build, they are part of the
//! page, not a call it waits on. A test fails when either committed file
//! drifts from the Rust it comes from.

mod backup;
mod chats;
mod encryption;
mod error;
mod exchange;
mod follow_up;
mod helping;
mod links;
mod mail;
mod meetings;
mod person;
mod plan;
mod prep;
mod queue;
mod settings;
mod sync;

pub use backup::{BackupDto, BackupRestoredDto, BackupsDto, CheckDto, RecoveryDto, SalvageDto};
pub use chats::{ActivityInput, ActivityReportDto, ChatAuthorDto, ChatReportDto};
pub use encryption::EncryptionDto;
pub use error::{ErrorKind, IpcError};
pub use exchange::{
    CsvColumnsDto, DuplicateDto, FoldedDto, ImportInput, ImportReportDto, ImportedFileDto,
    MergeDto, RestoredDto, SkippedDto, SplitDto, SplitInput, SuggestionRowDto, TrashEntryDto,
};
pub use follow_up::{
    FollowUpDto, FollowUpInput, KeepInTouchDto, PlannedFireDto, ReachDto, SnoozeInput, TodayDto,
};
pub use helping::{
    DashboardDto, FigurePeopleDto, HelpEntryDto, IntroStepInput, IntroductionDto, LedgerDto,
    MovementDto, NeedDto, NeedInput, PromptDto, SuggestionDto, TopicDto, WeekDto,
};
pub use links::{
    ClusterDto, GraphEdgeDto, GraphNodeDto, LinkDto, LinkInput, LinkSuggestionDto, MyTieDto,
    NeighbourhoodDto, NetworkDto, RouteDto, WarmPathDto,
};
pub use mail::{
    ChatSuggestionDto, MailAccountInput, MailFiltersDto, MailFolderDto, MailFolderReadDto,
    MailProviderDto, MailReadDto, MailSkippedDto, MailStatusDto, MailSuggestionDto, MboxReportDto,
    OfferedAddressDto,
};
pub use meetings::{CalendarReportDto, MeetingSkippedDto};
pub use person::{
    CountDto, FunnelDto, IdentityDto, NamedDateDto, NoteDto, PeoplePageDto, PersonDto, PersonInput,
    PersonPhotoDto, PersonRefDto, PersonSummaryDto, PhotoThumbDto, StageDto, TouchDto, TouchInput,
};
pub use plan::{DaySettingsDto, PlanDto, PlanItemDto};
pub use prep::{MeetingDto, PrepDto, PrepPersonDto};
pub use queue::{DraftDto, QueueEntryDto, QueuePageDto, TemplateDto};
pub use settings::{AppInfoDto, CountryDto, SettingsDto, SettingsInput, TrayStatus, VocabularyDto};
pub use sync::{AddressBookDto, CalendarChoiceDto, SyncConflictDto, SyncReportDto, SyncStatusDto};

use chrono::{DateTime, SecondsFormat, Utc};

/// Instants cross the boundary as RFC 3339 UTC strings with a `Z`.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The TypeScript declarations of every transfer type, in one module.
pub fn typescript_bindings() -> String {
    use ts_rs::{Config, TS};
    let cfg = Config::new().with_large_int("number");
    let decls = [
        ErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        PersonRefDto::decl(&cfg),
        IdentityDto::decl(&cfg),
        NoteDto::decl(&cfg),
        NamedDateDto::decl(&cfg),
        PersonSummaryDto::decl(&cfg),
        PeoplePageDto::decl(&cfg),
        PersonDto::decl(&cfg),
        PersonPhotoDto::decl(&cfg),
        PhotoThumbDto::decl(&cfg),
        PersonInput::decl(&cfg),
        TouchDto::decl(&cfg),
        TouchInput::decl(&cfg),
        CountDto::decl(&cfg),
        FunnelDto::decl(&cfg),
        StageDto::decl(&cfg),
        FollowUpDto::decl(&cfg),
        FollowUpInput::decl(&cfg),
        SnoozeInput::decl(&cfg),
        PlannedFireDto::decl(&cfg),
        KeepInTouchDto::decl(&cfg),
        TodayDto::decl(&cfg),
        ReachDto::decl(&cfg),
        SettingsDto::decl(&cfg),
        SettingsInput::decl(&cfg),
        CountryDto::decl(&cfg),
        TrayStatus::decl(&cfg),
        AppInfoDto::decl(&cfg),
        DraftDto::decl(&cfg),
        QueueEntryDto::decl(&cfg),
        QueuePageDto::decl(&cfg),
        TemplateDto::decl(&cfg),
        VocabularyDto::decl(&cfg),
        TopicDto::decl(&cfg),
        NeedDto::decl(&cfg),
        NeedInput::decl(&cfg),
        SuggestionDto::decl(&cfg),
        IntroductionDto::decl(&cfg),
        IntroStepInput::decl(&cfg),
        HelpEntryDto::decl(&cfg),
        LedgerDto::decl(&cfg),
        PromptDto::decl(&cfg),
        MovementDto::decl(&cfg),
        WeekDto::decl(&cfg),
        DashboardDto::decl(&cfg),
        FigurePeopleDto::decl(&cfg),
        SkippedDto::decl(&cfg),
        SuggestionRowDto::decl(&cfg),
        ImportedFileDto::decl(&cfg),
        ImportReportDto::decl(&cfg),
        ImportInput::decl(&cfg),
        CsvColumnsDto::decl(&cfg),
        DuplicateDto::decl(&cfg),
        MergeDto::decl(&cfg),
        TrashEntryDto::decl(&cfg),
        RestoredDto::decl(&cfg),
        SplitDto::decl(&cfg),
        SplitInput::decl(&cfg),
        FoldedDto::decl(&cfg),
        MeetingDto::decl(&cfg),
        PrepPersonDto::decl(&cfg),
        PrepDto::decl(&cfg),
        LinkDto::decl(&cfg),
        LinkInput::decl(&cfg),
        RouteDto::decl(&cfg),
        WarmPathDto::decl(&cfg),
        GraphNodeDto::decl(&cfg),
        GraphEdgeDto::decl(&cfg),
        NeighbourhoodDto::decl(&cfg),
        ClusterDto::decl(&cfg),
        NetworkDto::decl(&cfg),
        LinkSuggestionDto::decl(&cfg),
        MyTieDto::decl(&cfg),
        PlanItemDto::decl(&cfg),
        PlanDto::decl(&cfg),
        DaySettingsDto::decl(&cfg),
        BackupDto::decl(&cfg),
        BackupsDto::decl(&cfg),
        CheckDto::decl(&cfg),
        BackupRestoredDto::decl(&cfg),
        RecoveryDto::decl(&cfg),
        SalvageDto::decl(&cfg),
        SyncStatusDto::decl(&cfg),
        EncryptionDto::decl(&cfg),
        SyncReportDto::decl(&cfg),
        SyncConflictDto::decl(&cfg),
        AddressBookDto::decl(&cfg),
        CalendarChoiceDto::decl(&cfg),
        MailSuggestionDto::decl(&cfg),
        ChatSuggestionDto::decl(&cfg),
        MailSkippedDto::decl(&cfg),
        MboxReportDto::decl(&cfg),
        MeetingSkippedDto::decl(&cfg),
        CalendarReportDto::decl(&cfg),
        ChatAuthorDto::decl(&cfg),
        ChatReportDto::decl(&cfg),
        ActivityInput::decl(&cfg),
        ActivityReportDto::decl(&cfg),
        MailFolderDto::decl(&cfg),
        OfferedAddressDto::decl(&cfg),
        MailStatusDto::decl(&cfg),
        MailFolderReadDto::decl(&cfg),
        MailReadDto::decl(&cfg),
        MailAccountInput::decl(&cfg),
        MailProviderDto::decl(&cfg),
        MailFiltersDto::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/ipc by `KITH_WRITE_BINDINGS=1 cargo test -p kith-ipc`.\n\
         // Do not edit by hand: a test fails when this file and the Rust types differ.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

/// `ui/src/ipc/vocabulary.ts`: the kinds, channels, directions, identity
/// kinds and countries the pickers offer, as a constant of the page.
pub fn typescript_vocabulary() -> String {
    fn json(value: &impl serde::Serialize) -> String {
        serde_json::to_string(value).expect("the vocabulary is plain data")
    }
    let lists = VocabularyDto::current();
    let countries: Vec<String> = lists
        .countries
        .iter()
        .map(|c| format!("    {}", json(c)))
        .collect();
    format!(
        "// Generated from src-tauri/ipc by `KITH_WRITE_BINDINGS=1 cargo test -p kith-ipc`.\n\
         // Do not edit by hand: a test fails when this file and the Rust lists differ.\n\n\
         import type {{ VocabularyDto }} from \"./bindings\";\n\n\
         export const VOCABULARY: VocabularyDto = {{\n  \
         kinds: {},\n  channels: {},\n  directions: {},\n  identityKinds: {},\n  \
         countries: [\n{}\n  ],\n}};\n",
        json(&lists.kinds),
        json(&lists.channels),
        json(&lists.directions),
        json(&lists.identity_kinds),
        countries.join(",\n"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// Writes `generated` to the UI's `file` under `KITH_WRITE_BINDINGS`;
    /// fails when the committed file differs from it.
    fn committed_matches(file: &str, generated: &str) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/ipc")
            .join(file);
        if std::env::var_os("KITH_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, generated).expect("the generated file is writable");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/ipc/{file} is out of date; regenerate it with \
             `KITH_WRITE_BINDINGS=1 cargo test -p kith-ipc` and commit the result"
        );
    }

    #[test]
    fn typescript_bindings_match_the_committed_file() {
        committed_matches("bindings.ts", &super::typescript_bindings());
    }

    #[test]
    fn the_pickers_lists_match_the_committed_file() {
        committed_matches("vocabulary.ts", &super::typescript_vocabulary());
    }
}
