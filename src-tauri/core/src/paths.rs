//! Where Kith keeps its files by default. The desktop app and the command
//! line must agree, so both ask here.

use std::path::PathBuf;

/// The app's identifier; also the name of its folder in the OS data folder.
pub const APP_IDENTIFIER: &str = "app.kith.desktop";

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "KITH_DB";

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "kith.db";

/// The default database: `kith.db` in the OS data folder
/// (`~/.local/share/app.kith.desktop` on Linux,
/// `~/Library/Application Support/app.kith.desktop` on macOS,
/// `%APPDATA%\app.kith.desktop` on Windows). `None` when the OS has no
/// data folder for this user.
pub fn default_database_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(DB_FILE))
}

/// The database to open: an explicit path, else `KITH_DB`, else the default.
pub fn database_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| {
            std::env::var_os(DB_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(default_database_path)
}
