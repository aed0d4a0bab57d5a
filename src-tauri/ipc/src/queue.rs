//! The welcome queue and personal-reply templates across the boundary.

use kith_core::store::{QueueEntry, QueuePage, Template};
use kith_core::template::render;
use serde::Serialize;
use ts_rs::TS;

use crate::instant;

/// A personal reply drafted from one template for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftDto {
    pub template_id: i64,
    pub template_name: String,
    pub text: String,
}

/// A person waiting for a personal reply, with a draft per template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueEntryDto {
    pub person_id: i64,
    pub display_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub how_met: Option<String>,
    pub connected_at: String,
    pub drafts: Vec<DraftDto>,
}

/// A page of the welcome queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueuePageDto {
    pub total: u64,
    pub entries: Vec<QueueEntryDto>,
}

impl QueuePageDto {
    /// The page, each entry with its drafts from `templates`.
    pub fn new(page: QueuePage, templates: &[Template]) -> Self {
        Self {
            total: page.total,
            entries: page
                .entries
                .into_iter()
                .map(|entry| QueueEntryDto::new(entry, templates))
                .collect(),
        }
    }
}

impl QueueEntryDto {
    fn new(entry: QueueEntry, templates: &[Template]) -> Self {
        let fields = entry.fields();
        Self {
            drafts: templates
                .iter()
                .map(|t| DraftDto {
                    template_id: t.id.0,
                    template_name: t.name.clone(),
                    text: render(&t.body, &fields),
                })
                .collect(),
            person_id: entry.person.0,
            display_name: entry.display_name,
            company: entry.company,
            role: entry.role,
            how_met: entry.how_met,
            connected_at: instant(entry.connected_at),
        }
    }
}

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDto {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub is_builtin: bool,
}

impl From<Template> for TemplateDto {
    fn from(t: Template) -> Self {
        Self {
            id: t.id.0,
            name: t.name,
            body: t.body,
            is_builtin: t.is_builtin,
        }
    }
}
