//! Logging to a daily-rotated file in the OS log folder (never to the
//! network). Seven files are kept.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Starts logging into `dir`; keep the guard alive until exit so the last
/// lines are flushed. `RUST_LOG` overrides the default level (info).
pub fn init(dir: &Path) -> anyhow::Result<WorkerGuard> {
    use anyhow::Context;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the log folder {}", dir.display()))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("kith")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .context("opening the log file")?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(writer).with_ansi(false))
        .with(fmt::layer().with_writer(std::io::stderr))
        .try_init()
        .context("starting the logger")?;
    Ok(guard)
}
