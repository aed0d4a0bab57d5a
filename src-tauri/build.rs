//! Tauri's build step: embeds the config, the capabilities and the
//! permissions generated for Kith's own commands. Only the commands listed
//! here can be granted to a window.

// `COMMANDS`, generated from the #[tauri::command] functions (see
// `src/commands/contract.rs`).
include!("src/commands/generated.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/generated.rs");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
