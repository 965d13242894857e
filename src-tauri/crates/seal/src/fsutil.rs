//! Small file helpers: private folders and atomic writes.

use crate::SealError;
use std::io::Write;
use std::path::Path;

/// Creates `dir` (and parents); on unix the leaf gets mode 0700.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), SealError> {
    std::fs::create_dir_all(dir).map_err(|e| SealError::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| SealError::io(dir, e))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder (mode 0600 on unix
/// when `private`), flushed to disk, then renamed over `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<(), SealError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(SealError::io(path, e));
    }
    Ok(())
}

/// Reads a JSON file, or returns `T::default()` when it does not exist.
pub(crate) fn read_json_or_default<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
) -> Result<T, SealError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| SealError::corrupt(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(SealError::io(path, e)),
    }
}
