//! Tauri's build step: embeds the config, the capabilities and the
//! permissions generated for Kith's own commands. Only the commands listed
//! here can be granted to a window.

const COMMANDS: &[&str] = &[
    "get_app_info",
    "get_vocabulary",
    "list_people",
    "get_funnel",
    "get_person",
    "create_person",
    "update_person",
    "delete_person",
    "get_plan",
    "plan_done",
    "plan_skip",
    "list_trash",
    "restore_person",
    "add_note",
    "delete_note",
    "list_tags",
    "log_touch",
    "list_touches",
    "delete_touch",
    "create_follow_up",
    "list_follow_ups",
    "complete_follow_up",
    "snooze_follow_up",
    "update_follow_up",
    "drop_follow_up",
    "get_today",
    "get_settings",
    "save_settings",
    "pause_reminders",
    "load_sample",
    "remove_sample",
    "list_queue",
    "acknowledge_person",
    "dismiss_from_queue",
    "set_cadence",
    "list_templates",
    "list_topics",
    "add_topic",
    "close_topic",
    "list_needs",
    "add_need",
    "close_need",
    "suggest_introductions",
    "list_introductions",
    "propose_introduction",
    "advance_introduction",
    "log_help",
    "get_ledger",
    "list_prompts",
    "dismiss_prompt",
    "get_dashboard",
    "get_figure_people",
    "set_weekly_goal",
    "save_template",
    "delete_template",
    "choose_import_path",
    "import_path",
    "cancel_import",
    "export_to_file",
    "list_duplicates",
    "list_merges",
    "merge_people",
    "undo_merge",
    "list_folded",
    "split_person",
    "undo_split",
    "set_not_duplicates",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
