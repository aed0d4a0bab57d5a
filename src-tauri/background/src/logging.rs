//! Logging to a daily-rotated file in the OS log folder (never to the
//! network). Seven files are kept.
//!
//! Lines are written as they are logged, not by a background thread: the
//! app replaces its own program image when its window opens or closes on
//! Linux (`handoff.rs`), and a buffer would lose the last lines before it.

use std::path::Path;
use std::sync::OnceLock;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::{fmt, prelude::*};

/// Starts logging into `dir`. `RUST_LOG` overrides the default level
/// (info), as a level or `target=level` pairs. Once started, later calls change nothing.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    static STARTED: OnceLock<()> = OnceLock::new();
    if STARTED.get().is_some() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the log folder {}", dir.display()))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("kith")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .context("opening the log file")?;
    // `RUST_LOG` as `level` or `target=level,...` (no patterns).
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|spec| spec.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(appender).with_ansi(false))
        .with(fmt::layer().with_writer(std::io::stderr))
        .try_init()
        .context("starting the logger")?;
    let _ = STARTED.set(());
    Ok(())
}
