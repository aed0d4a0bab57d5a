//! Import reports across the boundary.

use kith_core::store::ImportReport;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::PersonRefDto;

/// A row left out of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkippedDto {
    /// The file, when the import read several.
    pub file: Option<String>,
    pub line: u64,
    pub reason: String,
}

/// A new person who looks like someone already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SuggestionRowDto {
    pub line: u64,
    pub new: PersonRefDto,
    pub existing: PersonRefDto,
    pub reason: String,
}

/// A file an import read, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportedFileDto {
    pub name: String,
    /// The format identifier (`linkedin-connections`, `google`, `vcard`, …).
    pub format: String,
    pub label: String,
}

/// What an import did, or for a preview (`committed` false) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReportDto {
    pub files: Vec<ImportedFileDto>,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub touches_added: u64,
    /// Links the cards named between people (vCard `RELATED`, Apple's
    /// related names, Google's relations).
    pub links_added: u64,
    /// Photos the cards gave to people who had none (an image, or a web
    /// address kept as a link).
    pub photos_added: u64,
    /// Rows that share a phone, e-mail or profile with someone of another
    /// name: new people, each listed in `suggestions`.
    pub kept_apart: u64,
    /// New connections that wait in the welcome queue, and older ones
    /// (candidates to reconnect with in today's plan).
    pub to_welcome: u64,
    pub to_reconnect: u64,
    /// Phone numbers written without their country code: read as the home
    /// country's (and of those, already someone's), or kept as digits
    /// (no home country set, or not its numbers).
    pub national_placed: u64,
    pub national_matched: u64,
    pub national_unplaced: u64,
    /// The home country's code (`DE`), or null when none is set.
    pub home_country: Option<String>,
    pub skipped: Vec<SkippedDto>,
    pub suggestions: Vec<SuggestionRowDto>,
    pub committed: bool,
}

impl ImportReportDto {
    /// The report, with the files read as `(name, format id, label)`.
    pub fn new(files: Vec<(String, &str, &str)>, report: ImportReport) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(name, format, label)| ImportedFileDto {
                    name,
                    format: format.to_owned(),
                    label: label.to_owned(),
                })
                .collect(),
            new: report.new,
            updated: report.updated,
            unchanged: report.unchanged,
            touches_added: report.touches_added,
            links_added: report.links_added,
            photos_added: report.photos_added,
            kept_apart: report.kept_apart,
            to_welcome: report.to_welcome,
            to_reconnect: report.to_reconnect,
            national_placed: report.national_placed,
            national_matched: report.national_matched,
            national_unplaced: report.national_unplaced,
            home_country: report.home_country.map(|c| c.code().to_owned()),
            skipped: report
                .skipped
                .into_iter()
                .map(|s| SkippedDto {
                    file: s.file,
                    line: s.line,
                    reason: s.reason,
                })
                .collect(),
            suggestions: report
                .suggestions
                .into_iter()
                .map(|s| SuggestionRowDto {
                    line: s.line,
                    new: s.new.into(),
                    existing: s.existing.into(),
                    reason: s.reason,
                })
                .collect(),
            committed: report.committed,
        }
    }
}

/// A likely duplicate pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateDto {
    pub a: PersonRefDto,
    pub b: PersonRefDto,
    pub reason: String,
    pub strength: u8,
}

impl From<kith_core::store::DuplicatePair> for DuplicateDto {
    fn from(d: kith_core::store::DuplicatePair) -> Self {
        Self {
            a: d.a.into(),
            b: d.b.into(),
            reason: d.reason,
            strength: d.strength,
        }
    }
}

/// A merge that can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeDto {
    pub id: i64,
    pub kept: PersonRefDto,
    pub removed_name: String,
    pub merged_at: String,
}

impl From<kith_core::store::Merge> for MergeDto {
    fn from(m: kith_core::store::Merge) -> Self {
        Self {
            id: m.id.0,
            kept: m.kept.into(),
            removed_name: m.removed_name,
            merged_at: crate::instant(m.merged_at),
        }
    }
}

/// A person in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrashEntryDto {
    pub id: i64,
    pub person_id: i64,
    pub display_name: String,
    pub deleted_at: String,
    /// When they are removed for good.
    pub purge_at: String,
}

impl From<kith_core::store::TrashEntry> for TrashEntryDto {
    fn from(t: kith_core::store::TrashEntry) -> Self {
        Self {
            id: t.id,
            person_id: t.person.0,
            display_name: t.display_name,
            deleted_at: crate::instant(t.deleted_at),
            purge_at: crate::instant(t.purge_at),
        }
    }
}

/// A person brought back from the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoredDto {
    /// Their id (a new one when theirs was taken since they were deleted).
    pub person_id: i64,
    /// Rows that could not come back because what they named is gone (an
    /// introduction to someone deleted since).
    pub lost: u64,
}

/// A person split in two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SplitDto {
    /// The split's id, for undoing it.
    pub id: i64,
    pub source: PersonRefDto,
    pub created: PersonRefDto,
}

/// What the window asks to import (or, with `dry_run`, to preview).
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportInput {
    /// A file, a LinkedIn export folder or its zip.
    pub path: String,
    /// The format's id; detected from the content when absent.
    #[serde(default)]
    pub format: Option<String>,
    /// The user in LinkedIn messages, when Kith cannot tell.
    #[serde(default)]
    pub me: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
    /// The passphrase of a sealed Kith export.
    #[serde(default)]
    pub passphrase: Option<String>,
    /// For a CSV Kith does not know: which column holds what, as `kith
    /// import --columns` takes it ("Full name=name,Mail=email").
    #[serde(default)]
    pub columns: Option<String>,
}

/// A CSV Kith does not know, for the window to map: each column's name,
/// its first values and a guess at what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvColumnsDto {
    pub header: Vec<String>,
    /// Up to three values of each column.
    pub samples: Vec<Vec<String>>,
    /// The field each column is guessed to hold (`name`, `email`, …), or
    /// null.
    pub guesses: Vec<Option<String>>,
    /// The mapping last used for a file with this header.
    pub remembered: Option<String>,
    /// Every field a column can be mapped to, in the order to offer them.
    pub fields: Vec<String>,
}

/// What the window's split dialog moves to a new person.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SplitInput {
    pub name: String,
    #[serde(default)]
    pub identities: Vec<i64>,
    #[serde(default)]
    pub notes: Vec<i64>,
    #[serde(default)]
    pub touches: Vec<i64>,
    #[serde(default)]
    pub follow_ups: Vec<i64>,
}

impl TryFrom<SplitInput> for kith_core::store::SplitSpec {
    type Error = kith_core::InputError;

    fn try_from(input: SplitInput) -> Result<Self, Self::Error> {
        use kith_core::domain::{FollowUpId, NoteId, PersonDraft, TouchId};
        Ok(Self {
            name: PersonDraft::named(&input.name)?,
            identities: input.identities,
            notes: input.notes.into_iter().map(NoteId).collect(),
            touches: input.touches.into_iter().map(TouchId).collect(),
            follow_ups: input.follow_ups.into_iter().map(FollowUpId).collect(),
        })
    }
}

/// A record whose imported rows carried plainly different names: likely
/// two people folded into one, to split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoldedDto {
    pub person: PersonRefDto,
    pub other_names: Vec<String>,
}

impl From<kith_core::store::Folded> for FoldedDto {
    fn from(f: kith_core::store::Folded) -> Self {
        Self {
            person: f.person.into(),
            other_names: f.other_names,
        }
    }
}
