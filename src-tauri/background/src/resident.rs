//! The resident (Linux): Kith in the tray with no window toolkit started —
//! the scheduler and its notifications, sync, wake-ups, and a tray drawn
//! by the desktop's panel over D-Bus (StatusNotifierItem, with its menu
//! over com.canonical.dbusmenu, through `ksni`). The menu is the desktop
//! app's (`menu::entries`); what opens the window hands over to the
//! desktop app (`handoff.rs`).

use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use kith_core::{Store, SystemClock};
use tokio::sync::mpsc;

use crate::handoff::{self, Image};
use crate::menu::{self, Entry, Snapshot, TrayItem};
use crate::notifier::DesktopNotifier;
use crate::shell::{Route, Shell};
use crate::start::Background;
use crate::state::AppState;

/// The resident's runtime, for work started from threads outside it (a
/// notification's buttons are answered on a thread of their own).
static RUNTIME: OnceLock<tokio::runtime::Handle> = OnceLock::new();

fn spawn<F>(future: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    if let Some(runtime) = RUNTIME.get() {
        runtime.spawn(future);
    }
}

/// The desktop app's single-instance name and object (as
/// tauri-plugin-single-instance serves them from the identifier), so a
/// second launch reaches whichever image is running.
const INSTANCE_NAME: &str = "app.kith.desktop.SingleInstance";
const INSTANCE_PATH: &str = "/app/kith/desktop/SingleInstance";

/// Why the resident could not run; the desktop app starts instead.
#[derive(Debug)]
struct NoTray(String);

impl std::fmt::Display for NoTray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the tray, notifications and a second launch ask of the loop.
#[derive(Debug)]
enum Request {
    Open(Option<Route>),
    Quit,
}

/// The resident's side of [`Shell`].
#[derive(Clone)]
struct Resident {
    state: AppState,
    requests: mpsc::UnboundedSender<Request>,
    tray: TraySlot,
}

impl Shell for Resident {
    fn state(&self) -> AppState {
        self.state.clone()
    }

    fn open(&self, route: Option<Route>) {
        let _ = self.requests.send(Request::Open(route));
    }

    fn reminders_changed(&self) {
        refresh(&self.state.store, &self.state.clock, &self.tray);
        crate::notifier::close_settled(&self.state);
    }
}

/// The tray, once it runs.
type TraySlot = Arc<OnceLock<ksni::Handle<KithTray>>>;

/// The menu's lines, read on the blocking pool.
async fn read_menu(store: &Arc<Store>, clock: &Arc<SystemClock>) -> Vec<Entry> {
    let (store, clock) = (store.clone(), clock.clone());
    tokio::task::spawn_blocking(move || menu::entries(&Snapshot::read(&store, &*clock)))
        .await
        .unwrap_or_default()
}

/// Reads the menu again and hands it to the tray.
fn refresh(store: &Arc<Store>, clock: &Arc<SystemClock>, tray: &TraySlot) {
    let (store, clock, tray) = (store.clone(), clock.clone(), tray.clone());
    spawn(async move {
        let entries = read_menu(&store, &clock).await;
        if let Some(handle) = tray.get() {
            handle.update(|t| t.entries = entries).await;
        }
    });
}

/// The tray item: the menu's lines, and where a choice goes.
struct KithTray {
    entries: Vec<Entry>,
    resident: Resident,
}

impl KithTray {
    fn choose(&self, item: TrayItem) {
        let resident = &self.resident;
        match item {
            TrayItem::Open => resident.open(None),
            TrayItem::Plan => resident.open(Some(Route::Today)),
            TrayItem::QuickLog => resident.open(Some(Route::QuickLog)),
            TrayItem::OpenPerson { person } => resident.open(Some(Route::Person(person))),
            TrayItem::Quit => {
                let _ = resident.requests.send(Request::Quit);
            }
            _ => {
                let resident = resident.clone();
                spawn(async move {
                    let state = resident.state.clone();
                    let _ = tokio::task::spawn_blocking(move || menu::act(&state, item)).await;
                    resident.reminders_changed();
                });
            }
        }
    }
}

/// dbusmenu reads `_` as the access-key marker; names keep theirs.
fn label(text: &str) -> String {
    text.replace('_', "__")
}

fn standard(item: TrayItem, text: &str) -> ksni::MenuItem<KithTray> {
    ksni::menu::StandardItem {
        label: label(text),
        activate: Box::new(move |tray: &mut KithTray| tray.choose(item)),
        ..Default::default()
    }
    .into()
}

impl ksni::Tray for KithTray {
    // A click shows the menu, as the desktop app's tray does.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        "kith".into()
    }

    fn title(&self) -> String {
        "Kith".into()
    }

    fn icon_name(&self) -> String {
        // The name the installer gives the app's icon.
        "kith-desktop".into()
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        vec![icon()]
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip {
            title: "Kith".into(),
            ..Default::default()
        }
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        self.entries
            .iter()
            .map(|entry| match entry {
                Entry::Label(text) => ksni::menu::StandardItem {
                    label: label(text),
                    enabled: false,
                    ..Default::default()
                }
                .into(),
                Entry::Item(item, text) => standard(*item, text),
                Entry::Submenu(text, items) => ksni::menu::SubMenu {
                    label: label(text),
                    submenu: items
                        .iter()
                        .map(|(item, text)| standard(*item, text))
                        .collect(),
                    ..Default::default()
                }
                .into(),
                Entry::Separator => ksni::MenuItem::Separator,
            })
            .collect()
    }
}

/// The app's icon for panels that do not look it up by name (a build
/// folder, no installed icon theme): `icons/32x32.png` as ARGB32,
/// big-endian, converted once (a test checks it still matches the PNG).
const ICON_ARGB: &[u8] = include_bytes!("tray-icon-32.argb");

fn icon() -> ksni::Icon {
    ksni::Icon {
        width: 32,
        height: 32,
        data: ICON_ARGB.to_vec(),
    }
}

/// The single-instance object: a second launch's arguments open the
/// window, as they do in the desktop app.
struct Instance {
    requests: mpsc::UnboundedSender<Request>,
}

#[zbus::interface(name = "org.SingleInstance.DBus")]
impl Instance {
    fn execute_callback(&mut self, _argv: Vec<String>, _cwd: String) {
        let _ = self.requests.send(Request::Open(None));
    }
}

/// How claiming the single-instance name went.
enum Claim {
    Ours(zbus::Connection),
    /// Another Kith runs; it was asked to open its window.
    Forwarded,
}

async fn claim(requests: mpsc::UnboundedSender<Request>) -> zbus::Result<Claim> {
    let built = zbus::connection::Builder::session()?
        .name(INSTANCE_NAME)?
        .replace_existing_names(false)
        .allow_name_replacements(false)
        .serve_at(INSTANCE_PATH, Instance { requests })?
        .build()
        .await;
    match built {
        Ok(connection) => Ok(Claim::Ours(connection)),
        Err(zbus::Error::NameTaken) => {
            let bus = zbus::Connection::session().await?;
            let argv: Vec<String> = std::env::args().collect();
            bus.call_method(
                Some(INSTANCE_NAME),
                INSTANCE_PATH,
                Some("org.SingleInstance.DBus"),
                "ExecuteCallback",
                &(argv, String::new()),
            )
            .await?;
            Ok(Claim::Forwarded)
        }
        Err(error) => Err(error),
    }
}

/// Runs Kith in the tray until Quit, SIGTERM or a request for the window
/// (then this process becomes the desktop app). `Err` when there is no
/// tray host to show it: nothing has started, and the desktop app takes
/// the tray instead.
fn run(store: Arc<Store>, handed_over: bool) -> Result<ExitCode, NoTray> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return Err(NoTray(format!("no runtime: {error}"))),
    };
    let _ = RUNTIME.set(runtime.handle().clone());
    runtime.block_on(async move {
        let (requests, mut inbox) = mpsc::unbounded_channel();
        let instance = match claim(requests.clone()).await {
            Ok(Claim::Ours(connection)) => connection,
            Ok(Claim::Forwarded) => return Ok(ExitCode::SUCCESS),
            Err(error) => return Err(NoTray(format!("no session bus: {error}"))),
        };

        let tray_slot: TraySlot = Arc::default();
        // Sync or mail changed something here: reminders and the tray
        // follow (the state is there once the background work is made).
        let made: Arc<OnceLock<AppState>> = Arc::default();
        let changed_here = {
            let (made, tray_slot) = (made.clone(), tray_slot.clone());
            move || {
                if let Some(state) = made.get() {
                    state.scheduler.reschedule();
                    refresh(&state.store, &state.clock, &tray_slot);
                }
            }
        };
        let on_mail = changed_here.clone();
        let background = Background::new(
            store.clone(),
            log_dir(),
            move |event| {
                if let kith_sync::service::Event::ChangedHere = event {
                    changed_here();
                }
            },
            move |event| {
                if let kith_mail::service::Event::ChangedHere = event {
                    on_mail();
                }
            },
        );
        let state = background.state.clone();
        let _ = made.set(state.clone());
        let clock = state.clock.clone();
        let resident = Resident {
            state: state.clone(),
            requests: requests.clone(),
            tray: tray_slot.clone(),
        };

        let tray = KithTray {
            entries: read_menu(&store, &clock).await,
            resident: resident.clone(),
        };
        let handle = match ksni::TrayMethods::spawn(tray).await {
            Ok(handle) => handle,
            Err(error) => {
                let _ = instance.release_name(INSTANCE_NAME).await;
                return Err(NoTray(error.to_string()));
            }
        };
        let _ = tray_slot.set(handle.clone());
        tracing::info!(
            handed_over,
            "Kith is in the tray (resident, no window toolkit)"
        );

        let notifier = Arc::new(DesktopNotifier::new(resident.clone()));
        notifier.take_over();
        background.start(notifier);
        if handed_over {
            handoff::reap_inherited_children();
        } else {
            quick_check(resident.clone());
        }

        let next = wait(&mut inbox).await;
        state.scheduler.stop().await;
        handle.shutdown().await;
        let _ = instance.release_name(INSTANCE_NAME).await;
        drop(instance);
        match next {
            Some(route) => {
                let error = match store.hold_writes() {
                    Ok(_hold) => handoff::exec(Image::Desktop {
                        route,
                        hidden: false,
                    }),
                    Err(error) => std::io::Error::other(error.to_string()),
                };
                tracing::error!(%error, "could not open the window");
                Ok(ExitCode::from(1))
            }
            None => {
                if let Err(error) = store.checkpoint() {
                    tracing::warn!(%error, "could not checkpoint the database on exit");
                }
                tracing::info!("Kith stopped");
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}

/// The `kith` program's entry as the resident, when the desktop app hands
/// over to it (`KITH_IMAGE=resident`); `None` when it was not asked to
/// be, and `kith` is the command line. If no tray can be shown, the desktop
/// app takes over in the tray instead (`KITH_RESIDENT=off`).
pub fn main_if_asked(db: Option<std::path::PathBuf>) -> Option<ExitCode> {
    if std::env::var_os(handoff::IMAGE_ENV).is_none_or(|v| v != "resident") {
        return None;
    }
    std::env::remove_var(handoff::IMAGE_ENV);
    let (_, handed_over) = handoff::take_passed_on();
    if let Err(error) = crate::logging::init(&log_dir()) {
        eprintln!("kith: logging to the terminal only: {error:#}");
    }
    let Some(path) = kith_core::paths::database_path(db) else {
        eprintln!("kith: no data folder for this user; pass --db PATH or set KITH_DB");
        return Some(ExitCode::from(1));
    };
    kith_core::keychain::unlock_from_keychain(&path);
    let store = Arc::new(Store::open_or_problem(&path));
    let fallback = if store.problem().is_some() {
        Image::Desktop {
            route: Some(Route::Recovery),
            hidden: false,
        }
    } else {
        match run(store, handed_over) {
            Ok(code) => return Some(code),
            Err(why) => {
                tracing::info!(%why, "no tray host for the resident; the desktop app stays in the tray");
                std::env::set_var(handoff::RESIDENT_ENV, "off");
                Image::Desktop {
                    route: None,
                    hidden: true,
                }
            }
        }
    };
    let error = handoff::exec(fallback);
    tracing::error!(%error, "could not start the desktop app");
    Some(ExitCode::from(1))
}

/// Waits for the window to be asked for (`Some(route)`) or for Quit,
/// SIGTERM or SIGINT (`None`).
async fn wait(inbox: &mut mpsc::UnboundedReceiver<Request>) -> Option<Option<Route>> {
    use tokio::signal::unix::{signal, SignalKind};
    let window = |request| match request {
        Some(Request::Open(route)) => Some(route),
        Some(Request::Quit) | None => None,
    };
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::warn!("could not listen for termination signals");
        return window(inbox.recv().await);
    };
    tokio::select! {
        request = inbox.recv() => window(request),
        _ = term.recv() => {
            tracing::info!("SIGTERM received");
            None
        }
        _ = int.recv() => {
            tracing::info!("SIGINT received");
            None
        }
    }
}

/// SQLite's quick check when started at login; damage opens the recovery
/// screen (handing over to the desktop app).
fn quick_check(resident: Resident) {
    let store = resident.state.store.clone();
    tokio::spawn(async move {
        let checked = {
            let store = store.clone();
            tokio::task::spawn_blocking(move || store.quick_check()).await
        };
        match checked {
            Ok(Ok(())) => {
                tracing::info!("the database passed its quick check");
                crate::state::release_memory(&store);
            }
            Ok(Err(kith_core::StoreError::Corrupt(what))) => {
                kith_core::Notifier::damaged(&DesktopNotifier::new(resident), &what);
            }
            Ok(Err(error)) => tracing::warn!(%error, "the quick check could not run"),
            Err(error) => tracing::error!(%error, "the quick check failed"),
        }
    });
}

/// Where the desktop app logs (Tauri's log folder on Linux).
pub fn log_dir() -> std::path::PathBuf {
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(kith_core::paths::APP_IDENTIFIER)
        .join("logs")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscores_in_names_show_as_written() {
        assert_eq!(label("Open ada_l"), "Open ada__l");
        assert_eq!(label("Quick log…"), "Quick log…");
    }

    #[test]
    fn the_tray_icon_is_the_apps_icon_in_argb() {
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../icons/32x32.png"
        ));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png.unwrap()));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgba);
        assert_eq!((frame.width, frame.height), (32, 32));
        let argb: Vec<u8> = pixels[..frame.buffer_size()]
            .chunks_exact(4)
            .flat_map(|p| [p[3], p[0], p[1], p[2]])
            .collect();
        assert!(
            argb == ICON_ARGB,
            "icons/32x32.png changed: convert it again"
        );
        assert_eq!(icon().data.len(), 32 * 32 * 4);
    }
}
