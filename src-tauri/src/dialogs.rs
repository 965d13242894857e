//! Native file dialogs (rfd), behind one trait so end-to-end tests can script them.
//!
//! WebDriver cannot drive a GTK file chooser, so when `OCOP_TEST_PICK_FILES` is set the "open"
//! dialog returns those `:`-separated paths and the "save" dialog returns `OCOP_TEST_SAVE_FILE`.
//! Everything after the dialog (copying, hashing, backing up) is the same real code path.

use std::path::PathBuf;

/// What a file filter offers: a label and extensions without dots.
pub struct Filter<'a> {
    pub name: &'a str,
    pub extensions: &'a [&'a str],
}

/// The dialogs the app needs. `None` means the user cancelled.
pub trait FileDialogs: Send + Sync {
    /// Picks one or more existing files.
    fn pick_files(&self, title: &str, filters: &[Filter<'_>]) -> Option<Vec<PathBuf>>;
    /// Picks one existing file.
    fn pick_file(&self, title: &str, filters: &[Filter<'_>]) -> Option<PathBuf> {
        self.pick_files(title, filters)
            .and_then(|v| v.into_iter().next())
    }
    /// Picks where to save a new file.
    fn save_file(&self, title: &str, default_name: &str, filters: &[Filter<'_>])
        -> Option<PathBuf>;
    /// Picks a folder.
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
}

/// The real dialogs of the operating system.
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_files(&self, title: &str, filters: &[Filter<'_>]) -> Option<Vec<PathBuf>> {
        let mut dialog = rfd::FileDialog::new().set_title(title);
        for f in filters {
            dialog = dialog.add_filter(f.name, f.extensions);
        }
        dialog.pick_files()
    }
    fn save_file(
        &self,
        title: &str,
        default_name: &str,
        filters: &[Filter<'_>],
    ) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name);
        for f in filters {
            dialog = dialog.add_filter(f.name, f.extensions);
        }
        dialog.save_file()
    }
    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title(title).pick_folder()
    }
}

/// Dialogs answered from environment variables, for end-to-end tests.
pub struct ScriptedDialogs {
    pick: Vec<PathBuf>,
    save: Option<PathBuf>,
}

impl ScriptedDialogs {
    /// Dialogs that answer "open" with `pick` (cancel when empty) and "save" with `save`.
    pub fn new(pick: Vec<PathBuf>, save: Option<PathBuf>) -> Self {
        ScriptedDialogs { pick, save }
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick_files(&self, _title: &str, _filters: &[Filter<'_>]) -> Option<Vec<PathBuf>> {
        (!self.pick.is_empty()).then(|| self.pick.clone())
    }
    /// A folder answers with the default file name inside it, as a person accepting the
    /// suggested name would.
    fn save_file(&self, _t: &str, default_name: &str, _f: &[Filter<'_>]) -> Option<PathBuf> {
        self.save.as_ref().map(|p| {
            if p.is_dir() {
                p.join(default_name)
            } else {
                p.clone()
            }
        })
    }
    fn pick_folder(&self, _title: &str) -> Option<PathBuf> {
        self.save.clone()
    }
}

/// The native dialogs, or scripted ones when `OCOP_TEST_PICK_FILES` / `OCOP_TEST_SAVE_FILE` are set.
pub fn from_env() -> Box<dyn FileDialogs> {
    let pick = std::env::var("OCOP_TEST_PICK_FILES").ok();
    let save = std::env::var("OCOP_TEST_SAVE_FILE").ok();
    if pick.is_none() && save.is_none() {
        return Box::new(NativeDialogs);
    }
    Box::new(ScriptedDialogs {
        pick: pick
            .unwrap_or_default()
            .split(':')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect(),
        save: save.map(PathBuf::from),
    })
}
