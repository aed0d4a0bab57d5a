//! Topics, asks and offers, introductions, the help ledger, step-it-up
//! prompts, the dashboard and reply templates.

use kith_core::domain::{HelpDirection, IntroId, IntroStep, NeedId, PersonId, TemplateId, TopicId};
use kith_core::prompts::Rule;
use kith_core::store::Figure;
use kith_core::Clock;
use kith_ipc::{
    DashboardDto, FigurePeopleDto, IntroStepInput, IntroductionDto, IpcError, LedgerDto, NeedDto,
    NeedInput, PromptDto, SuggestionDto, TemplateDto, TopicDto,
};
use tauri::{AppHandle, State};

use super::{blocking, CommandResult};
use crate::reactions;
use crate::state::AppState;

/// Most people listed behind one dashboard figure.
const FIGURE_PEOPLE_LIMIT: usize = 500;
/// Most introductions suggested at once.
const SUGGESTIONS_LIMIT: usize = 50;

fn invalid(message: String) -> IpcError {
    IpcError::new(kith_ipc::ErrorKind::InvalidInput, message)
}

#[tauri::command]
pub async fn list_topics(
    state: State<'_, AppState>,
    person_id: i64,
) -> CommandResult<Vec<TopicDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .topics(PersonId(person_id))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn add_topic(
    state: State<'_, AppState>,
    person_id: i64,
    text: String,
) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        Ok(store
            .add_topic(PersonId(person_id), &text, now)
            .map(|_| ())?)
    })
    .await
}

#[tauri::command]
pub async fn close_topic(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.close_topic(TopicId(id), now)?)).await
}

#[tauri::command]
pub async fn list_needs(
    state: State<'_, AppState>,
    person_id: Option<i64>,
) -> CommandResult<Vec<NeedDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .needs(person_id.map(PersonId))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn add_need(state: State<'_, AppState>, input: NeedInput) -> CommandResult<()> {
    let draft = input.into_draft()?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.add_need(&draft, now).map(|_| ())?)).await
}

#[tauri::command]
pub async fn close_need(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.close_need(NeedId(id), now)?)).await
}

#[tauri::command]
pub async fn suggest_introductions(
    state: State<'_, AppState>,
) -> CommandResult<Vec<SuggestionDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .suggest_introductions(SUGGESTIONS_LIMIT)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn list_introductions(
    state: State<'_, AppState>,
    person_id: Option<i64>,
) -> CommandResult<Vec<IntroductionDto>> {
    let store = state.store.clone();
    blocking(move || {
        Ok(store
            .introductions(person_id.map(PersonId))?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn propose_introduction(
    state: State<'_, AppState>,
    a: i64,
    b: i64,
    why: String,
) -> CommandResult<IntroductionDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let id = store.propose_introduction(PersonId(a), PersonId(b), &why, now)?;
        Ok(store.introduction(id)?.into())
    })
    .await
}

/// Takes an introduction's next step; making it logs touches (stages and
/// the dashboard change) and a reminder may be set.
#[tauri::command]
pub async fn advance_introduction(
    app: AppHandle,
    state: State<'_, AppState>,
    input: IntroStepInput,
) -> CommandResult<IntroductionDto> {
    let step = IntroStep::parse(&input.step).ok_or_else(|| {
        invalid(format!(
            "'{}' is not a step (use ask-a, ask-b, introduce, helped, no-fit or unknown)",
            input.step
        ))
    })?;
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    let (intro, reminder) = blocking(move || {
        Ok(store.advance_introduction(IntroId(input.id), step, input.remind_in_days, zone, now)?)
    })
    .await?;
    if reminder.is_some() {
        reactions::follow_ups_changed(&app);
    }
    reactions::touches_changed(&app);
    Ok(intro.into())
}

#[tauri::command]
pub async fn log_help(
    app: AppHandle,
    state: State<'_, AppState>,
    person_id: i64,
    direction: String,
    text: String,
) -> CommandResult<LedgerDto> {
    let direction: HelpDirection = direction.parse()?;
    let (store, now) = (state.store.clone(), state.clock.now());
    let ledger = blocking(move || {
        store.log_help(PersonId(person_id), direction, &text, now)?;
        Ok(store.ledger(PersonId(person_id))?.into())
    })
    .await?;
    reactions::touches_changed(&app);
    Ok(ledger)
}

#[tauri::command]
pub async fn get_ledger(state: State<'_, AppState>, person_id: i64) -> CommandResult<LedgerDto> {
    let store = state.store.clone();
    blocking(move || Ok(store.ledger(PersonId(person_id))?.into())).await
}

#[tauri::command]
pub async fn list_prompts(
    state: State<'_, AppState>,
    person_id: Option<i64>,
) -> CommandResult<Vec<PromptDto>> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        Ok(store
            .prompts(person_id.map(PersonId), now)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn dismiss_prompt(
    state: State<'_, AppState>,
    person_id: i64,
    rule: String,
) -> CommandResult<()> {
    let rule =
        Rule::parse(&rule).ok_or_else(|| invalid(format!("'{rule}' is not a prompt rule")))?;
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || Ok(store.dismiss_prompt(PersonId(person_id), rule, now)?)).await
}

#[tauri::command]
pub async fn get_dashboard(state: State<'_, AppState>) -> CommandResult<DashboardDto> {
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || Ok(store.dashboard(now, zone)?.into())).await
}

#[tauri::command]
pub async fn get_figure_people(
    state: State<'_, AppState>,
    figure: String,
) -> CommandResult<FigurePeopleDto> {
    let parsed = Figure::parse(&figure)
        .ok_or_else(|| invalid(format!("'{figure}' is not a dashboard figure")))?;
    let (store, now, zone) = (state.store.clone(), state.clock.now(), state.clock.zone());
    blocking(move || {
        let people = store.dashboard_people(parsed, now, zone, FIGURE_PEOPLE_LIMIT)?;
        Ok(FigurePeopleDto {
            figure,
            people: people.into_iter().map(Into::into).collect(),
        })
    })
    .await
}

#[tauri::command]
pub async fn set_weekly_goal(state: State<'_, AppState>, goal: u32) -> CommandResult<()> {
    if !(1..=kith_core::store::MAX_WEEKLY_GOAL).contains(&goal) {
        return Err(invalid(format!(
            "the weekly goal must be between 1 and {}",
            kith_core::store::MAX_WEEKLY_GOAL
        )));
    }
    let store = state.store.clone();
    blocking(move || {
        store.update_settings(|s| {
            s.weekly_goal = goal;
            Ok(())
        })?;
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn save_template(
    state: State<'_, AppState>,
    id: Option<i64>,
    name: String,
    body: String,
) -> CommandResult<TemplateDto> {
    let (store, now) = (state.store.clone(), state.clock.now());
    blocking(move || {
        let id = store.save_template(id.map(TemplateId), &name, &body, now)?;
        store
            .templates()?
            .into_iter()
            .find(|t| t.id == id)
            .map(Into::into)
            .ok_or_else(|| IpcError::new(kith_ipc::ErrorKind::NotFound, "the template is gone"))
    })
    .await
}

#[tauri::command]
pub async fn delete_template(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    let store = state.store.clone();
    blocking(move || Ok(store.delete_template(TemplateId(id))?)).await
}
