//! How WebKitGTK draws the window on Linux when there is no GPU.
//!
//! Without a GPU render node (`/dev/dri/renderD*`: a virtual machine, a
//! remote desktop, a machine whose graphics driver offers only a frame
//! buffer), WebKit's accelerated compositing still runs, on Mesa's software
//! rasterizer: OpenGL emulated on the CPU. There it costs memory and
//! gains nothing: with 30,000 people and the list shown, WebKit's web
//! process took 222–231 MiB composited and 109 MiB without, and the first
//! screen was on the X server no later (`tests/bench/desktop.sh`,
//! BENCHMARKS.md). WebKit's DMA-BUF renderer, which only hands composited
//! frames between its processes, goes too: without it the app process does
//! not set up Mesa's EGL for it (3 MiB). So, before GTK starts, Kith turns
//! both off when it finds no render node — unless the user has chosen for
//! themselves with any of WebKit's own variables.

use std::ffi::OsString;

/// What Kith sets when there is no GPU (WebKit's own variables).
const NO_GPU: [(&str, &str); 2] = [
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
];

/// WebKit's variables for how it draws: if the user set any, Kith leaves
/// the choice to them.
const USER_CHOICES: [&str; 5] = [
    "WEBKIT_DISABLE_COMPOSITING_MODE",
    "WEBKIT_DISABLE_DMABUF_RENDERER",
    "WEBKIT_FORCE_COMPOSITING_MODE",
    "WEBKIT_DMABUF_RENDERER_FORCE_SHM",
    "WEBKIT_SKIA_ENABLE_CPU_RENDERING",
];

/// Whether a folder listing of `/dev/dri` holds a render node.
fn has_render_node(names: impl IntoIterator<Item = OsString>) -> bool {
    names
        .into_iter()
        .any(|name| name.to_string_lossy().starts_with("renderD"))
}

/// The variables to set, if any: none when the user chose, or when a
/// render node is there.
fn choice(
    user_set: impl Fn(&str) -> bool,
    dri: impl IntoIterator<Item = OsString>,
) -> Option<[(&'static str, &'static str); 2]> {
    if USER_CHOICES.iter().any(|name| user_set(name)) || has_render_node(dri) {
        return None;
    }
    Some(NO_GPU)
}

/// Chooses how WebKit draws. Must run before GTK starts and before any
/// other thread does (it sets environment variables); returns what it set,
/// for the log.
pub fn choose() -> Option<String> {
    let dri = std::fs::read_dir("/dev/dri")
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
        .unwrap_or_default();
    let set = choice(|name| std::env::var_os(name).is_some(), dri)?;
    for (name, value) in set {
        std::env::set_var(name, value);
    }
    Some(set.map(|(name, value)| format!("{name}={value}")).join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn without_a_render_node_compositing_goes_off() {
        assert_eq!(choice(|_| false, names(&[])), Some(NO_GPU));
        // A frame buffer alone (card0) is no GPU to render with.
        assert_eq!(
            choice(|_| false, names(&["card0", "by-path"])),
            Some(NO_GPU)
        );
    }

    #[test]
    fn a_render_node_leaves_webkit_as_it_is() {
        assert_eq!(choice(|_| false, names(&["card0", "renderD128"])), None);
    }

    #[test]
    fn the_users_own_choice_wins() {
        for chosen in USER_CHOICES {
            assert_eq!(choice(|name| name == chosen, names(&[])), None, "{chosen}");
        }
    }
}
