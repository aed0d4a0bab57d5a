//! On Linux one Kith process takes two images, replacing its program
//! (`execve`, same process id) as the window comes and goes:
//!
//! - the **desktop app** (`kith-desktop`: Tauri, GTK, WebKit): the window,
//!   with the scheduler, the tray and sync beside it;
//! - the **resident** (`resident.rs`, run by the `kith` program, which
//!   links no window toolkit): the scheduler, notifications, sync and a
//!   tray drawn over D-Bus, so what WebKit and GTK held (their heaps, their
//!   libraries' relocations, Mesa's OpenGL driver, WebKit's network
//!   process) is gone, not just freed. Without `kith` beside it, the
//!   desktop app stays in the tray as on the other systems.
//!
//! Closing the window hands over to the resident; opening it (the tray, a
//! notification, a second launch) hands back. Each side stops its
//! scheduler, lets the write in flight commit and holds further writes
//! (`Store::hold_writes`) and gives up the single-instance name before
//! the new image starts; reminders are claimed in the database, so each
//! still shows once. The resident needs a tray host on the session bus
//! (a StatusNotifierWatcher: KDE, GNOME's AppIndicator extension, XFCE,
//! LXQt); without one Kith stays the desktop app in the tray as on the
//! other systems. `KITH_RESIDENT=off` keeps it that way too.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

use crate::shell::Route;

/// Set to `off` to keep the desktop app in the tray when its window
/// closes, as on macOS and Windows.
pub const RESIDENT_ENV: &str = "KITH_RESIDENT";
/// Tells the `kith` program it is the resident (its command line stays the
/// desktop app's).
pub const IMAGE_ENV: &str = "KITH_IMAGE";
/// The route the window opens at after a hand-over from the resident.
const OPEN_AT_ENV: &str = "KITH_OPEN_AT";
/// Set on the resident the desktop app hands over to (as opposed to one
/// started at login), which skips the start-up quick check.
const HANDED_OVER_ENV: &str = "KITH_HANDED_OVER";
/// The notifications on screen whose answer the image before awaited
/// (`notifier::pass_on`), for the new one to take over.
const SHOWN_ENV: &str = "KITH_SHOWN";

/// The image to become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Image {
    /// The resident; `handed_over` when a window just closed (else it was
    /// started at login).
    Resident { handed_over: bool },
    /// The desktop app, its window at `route`, or only in the tray
    /// (`hidden`: the resident could not show a tray).
    Desktop { route: Option<Route>, hidden: bool },
}

/// Whether the resident may be used at all (`KITH_RESIDENT` is not `off`).
pub fn resident_allowed() -> bool {
    std::env::var_os(RESIDENT_ENV).is_none_or(|v| v != "off")
}

/// What the image before this one passed on: the window's route (for the
/// desktop app), and whether this is a hand-over rather than a start; the
/// notifications it showed wait for the notifier to take them over
/// (`DesktopNotifier::take_over`).
/// Read once, at start, before any thread exists, and removed so nothing
/// started later inherits it.
pub fn take_passed_on() -> (Option<Route>, bool) {
    let route = std::env::var(OPEN_AT_ENV)
        .ok()
        .and_then(|hash| Route::from_hash(&hash));
    let handed_over = std::env::var_os(HANDED_OVER_ENV).is_some();
    if let Ok(shown) = std::env::var(SHOWN_ENV) {
        crate::notifier::receive(&shown);
    }
    std::env::remove_var(OPEN_AT_ENV);
    std::env::remove_var(HANDED_OVER_ENV);
    std::env::remove_var(SHOWN_ENV);
    (route, handed_over)
}

/// The running program's path, as the kernel knows it.
fn running() -> Option<PathBuf> {
    std::fs::read_link("/proc/self/exe").ok()
}

/// The running program, by the path that names it in `ps` and system
/// monitors, or by /proc if an update removed that file.
fn this_program() -> PathBuf {
    running()
        .filter(|path| path.exists())
        .unwrap_or_else(|| "/proc/self/exe".into())
}

/// A program installed beside this one.
fn beside(name: &str) -> Option<PathBuf> {
    let path = running()?.parent()?.join(name);
    path.is_file().then_some(path)
}

/// The lean program the resident runs as: `kith`, installed beside
/// `kith-desktop`, which links no window toolkit. `None` when it is not
/// there (a build folder with only the desktop app), and the desktop app
/// stays.
pub fn resident_program() -> Option<PathBuf> {
    let this = running()?;
    if this.file_name()? == "kith" {
        return Some(this);
    }
    beside("kith")
}

/// The desktop app's program: this one if it is `kith-desktop`, else the
/// one beside it, else `kith-desktop` on the `PATH`.
fn desktop_program() -> PathBuf {
    let this = this_program();
    if this.file_name().is_some_and(|name| name == "kith-desktop") {
        return this;
    }
    beside("kith-desktop").unwrap_or_else(|| "kith-desktop".into())
}

/// The arguments the new image runs with: this process's own, with
/// `--hidden` for the resident (and a hidden desktop app) and without it
/// for the window.
fn arguments(current: impl IntoIterator<Item = OsString>, image: &Image) -> Vec<OsString> {
    let mut args: Vec<OsString> = current
        .into_iter()
        .skip(1)
        .filter(|arg| arg != "--hidden")
        .collect();
    if matches!(
        image,
        Image::Resident { .. } | Image::Desktop { hidden: true, .. }
    ) {
        args.push("--hidden".into());
    }
    args
}

/// Replaces this process's image; returns only if that failed. The caller
/// has stopped the scheduler, released the single-instance name and holds
/// the store's writes. The command line (and its first word, which `ps`
/// and `pgrep -f` show) stays the one Kith was started with.
pub fn exec(image: Image) -> std::io::Error {
    let mut current = std::env::args_os();
    let arg0 = current.next().unwrap_or_else(|| "kith-desktop".into());
    let args = arguments(std::iter::once(arg0.clone()).chain(current), &image);
    let program = match &image {
        Image::Resident { .. } => resident_program().unwrap_or_else(this_program),
        Image::Desktop { .. } => desktop_program(),
    };
    let mut command = Command::new(program);
    command.arg0(arg0).args(args).env_remove(OPEN_AT_ENV);
    match crate::notifier::pass_on() {
        Some(shown) => command.env(SHOWN_ENV, shown),
        None => command.env_remove(SHOWN_ENV),
    };
    match &image {
        Image::Resident { handed_over } => {
            command.env(IMAGE_ENV, "resident");
            if *handed_over {
                command.env(HANDED_OVER_ENV, "1");
            } else {
                command.env_remove(HANDED_OVER_ENV);
            }
        }
        Image::Desktop { route, .. } => {
            command.env_remove(HANDED_OVER_ENV).env_remove(IMAGE_ENV);
            if let Some(route) = route {
                command.env(OPEN_AT_ENV, route.hash());
            }
        }
    }
    tracing::info!(?image, "handing over");
    // The new image starts with this thread's signal mask; a runtime thread
    // may block some.
    // SAFETY: an empty set built by sigemptyset, applied to this thread.
    unsafe {
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::pthread_sigmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
    }
    command.exec()
}

/// Waits for the processes the previous image started (WebKit's web and
/// network processes, which end once the sockets to the old image close),
/// so none is left a zombie: on a thread of its own, only for the children
/// present now, never for any this image starts.
pub fn reap_inherited_children() {
    let me = std::process::id();
    let children: Vec<libc::pid_t> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<libc::pid_t>().ok())
        .filter(|pid| parent_of(*pid) == Some(me))
        .collect();
    if children.is_empty() {
        return;
    }
    std::thread::spawn(move || {
        for child in children {
            let mut status = 0;
            // SAFETY: waits for one child of this process by its id.
            unsafe { libc::waitpid(child, &mut status, 0) };
        }
        tracing::debug!("the previous image's processes have ended");
    });
}

/// A process's parent, from `/proc/PID/stat` (the field after the
/// parenthesised name, which may itself hold spaces and parentheses).
fn parent_of(pid: libc::pid_t) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}

/// Whether a tray host is on the session bus: a StatusNotifierWatcher that
/// says a host (the panel that draws items) is registered.
pub async fn tray_host_present() -> bool {
    let Ok(bus) = zbus::Connection::session().await else {
        return false;
    };
    let reply = bus
        .call_method(
            Some("org.kde.StatusNotifierWatcher"),
            "/StatusNotifierWatcher",
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &(
                "org.kde.StatusNotifierWatcher",
                "IsStatusNotifierHostRegistered",
            ),
        )
        .await;
    reply
        .ok()
        .and_then(|reply| {
            reply
                .body()
                .deserialize::<zbus::zvariant::OwnedValue>()
                .ok()
        })
        .and_then(|value| bool::try_from(value).ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_process_parent_is_read_from_proc() {
        let child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        let pid = child.id() as libc::pid_t;
        assert_eq!(parent_of(pid), Some(std::process::id()));
        let mut child = child;
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(parent_of(libc::pid_t::MAX), None);
    }

    #[test]
    fn the_resident_runs_hidden_and_the_desktop_app_does_not() {
        let current = args(&["/usr/bin/kith-desktop", "--db", "/tmp/k.db", "--hidden"]);
        let resident = Image::Resident { handed_over: true };
        assert_eq!(
            arguments(current.clone(), &resident),
            args(&["--db", "/tmp/k.db", "--hidden"])
        );
        let window = Image::Desktop {
            route: None,
            hidden: false,
        };
        assert_eq!(
            arguments(current.clone(), &window),
            args(&["--db", "/tmp/k.db"])
        );
        let tray_only = Image::Desktop {
            route: None,
            hidden: true,
        };
        assert_eq!(
            arguments(current, &tray_only),
            args(&["--db", "/tmp/k.db", "--hidden"])
        );
        assert_eq!(
            arguments(args(&["kith-desktop"]), &resident),
            args(&["--hidden"])
        );
    }
}
