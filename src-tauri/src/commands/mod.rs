//! Kith's IPC commands. Each is an adapter: parse the input into domain
//! types, call one core function off the UI thread, convert the result.
//! Errors cross as [`IpcError`] (`{kind, message}`).

pub mod backup;
mod exchange;
mod follow_ups;
mod people;
mod plan;
mod queue;
mod relations;
mod settings;

use kith_ipc::IpcError;
use tauri::ipc::Invoke;

pub type CommandResult<T> = Result<T, IpcError>;

/// Runs blocking work (SQLite) on the blocking pool, never on the UI thread
/// or an async worker.
pub async fn blocking<T, F>(work: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| IpcError::internal(format!("the operation failed: {error}")))?
}

/// The handler for every command the window may call. The list must match
/// `COMMANDS` in `build.rs`, which generates their permissions.
pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        settings::get_app_info,
        settings::get_vocabulary,
        settings::get_settings,
        settings::save_settings,
        settings::pause_reminders,
        settings::load_sample,
        settings::remove_sample,
        people::list_people,
        people::get_funnel,
        people::get_person,
        people::create_person,
        people::update_person,
        people::delete_person,
        plan::get_plan,
        plan::plan_done,
        plan::plan_skip,
        people::list_trash,
        people::restore_person,
        people::add_note,
        people::delete_note,
        people::list_tags,
        people::log_touch,
        people::list_touches,
        people::delete_touch,
        follow_ups::create_follow_up,
        follow_ups::list_follow_ups,
        follow_ups::complete_follow_up,
        follow_ups::snooze_follow_up,
        follow_ups::update_follow_up,
        follow_ups::drop_follow_up,
        follow_ups::get_today,
        queue::list_queue,
        queue::acknowledge_person,
        queue::dismiss_from_queue,
        queue::set_cadence,
        queue::list_templates,
        relations::list_topics,
        relations::add_topic,
        relations::close_topic,
        relations::list_needs,
        relations::add_need,
        relations::close_need,
        relations::suggest_introductions,
        relations::list_introductions,
        relations::propose_introduction,
        relations::advance_introduction,
        relations::log_help,
        relations::get_ledger,
        relations::list_prompts,
        relations::dismiss_prompt,
        relations::get_dashboard,
        relations::get_figure_people,
        relations::set_weekly_goal,
        relations::save_template,
        relations::delete_template,
        exchange::choose_import_path,
        exchange::import_path,
        exchange::cancel_import,
        exchange::export_to_file,
        exchange::list_duplicates,
        exchange::list_merges,
        exchange::merge_people,
        exchange::undo_merge,
        exchange::list_folded,
        exchange::split_person,
        exchange::undo_split,
        exchange::set_not_duplicates,
        backup::get_recovery,
        backup::try_reopen,
        backup::get_backups,
        backup::back_up_now,
        backup::restore_backup,
        backup::choose_backup_file,
        backup::choose_backup_folder,
        backup::reset_backup_folder,
        backup::export_readable_rows,
        backup::open_folder,
    ]
}
