//! Issuer signing keys and trusted public keys, under `<data_dir>/keys/`, and what verification
//! trusts ([`TrustStore`], [`Trust`]). Revocations are not kept here: the caller (the store's
//! database) holds them and lends them to [`Trust`].

use crate::dates;
use crate::fsutil::{create_private_dir, read_json_or_default, write_atomic};
use crate::SealError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use time::Date;

/// Identifies an issuer's public key: the first 8 bytes of SHA-256 of the 32-byte Ed25519 public
/// key. Shown and serialised as 16 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// The key id of a public key.
    pub fn of(public_key: &VerifyingKey) -> KeyId {
        let digest = Sha256::digest(public_key.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl FromStr for KeyId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = hex_decode(s.trim())
            .ok_or_else(|| format!("key id \"{s}\" không phải 16 chữ số hex"))?;
        let id: [u8; 8] = bytes
            .try_into()
            .map_err(|_| format!("key id \"{s}\" không phải 16 chữ số hex"))?;
        Ok(KeyId(id))
    }
}

impl Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

pub(crate) fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One issuing body's signing key.
#[derive(Clone)]
pub struct IssuerKey {
    /// The issuing body's id (file-name safe, e.g. `thai-nguyen`).
    pub issuer_id: String,
    /// The issuing body's name as printed (e.g. `UBND TỈNH THÁI NGUYÊN`).
    pub issuer_name: String,
    /// The key id printed into every QR this key signs.
    pub key_id: KeyId,
    /// The Ed25519 signing key.
    pub signing_key: SigningKey,
}

impl fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuerKey")
            .field("issuer_id", &self.issuer_id)
            .field("issuer_name", &self.issuer_name)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// A public key as exported to, and imported from, a small JSON file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyFile {
    /// The key id (16 hex digits); must match `public_key`.
    pub key_id: KeyId,
    /// The issuing body's name.
    pub issuer_name: String,
    /// The 32-byte Ed25519 public key, standard base64.
    pub public_key: String,
}

impl PublicKeyFile {
    /// Decodes the key and checks that `key_id` matches it.
    pub fn verifying_key(&self) -> Result<VerifyingKey, SealError> {
        let bytes = B64
            .decode(self.public_key.trim())
            .map_err(|e| SealError::BadPublicKey(format!("public_key không phải base64: {e}")))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| SealError::BadPublicKey("public_key phải dài 32 byte".into()))?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| SealError::BadPublicKey("public_key không phải khóa Ed25519".into()))?;
        if key.is_weak() {
            return Err(SealError::BadPublicKey("public_key là khóa yếu".into()));
        }
        if KeyId::of(&key) != self.key_id {
            return Err(SealError::BadPublicKey(format!(
                "key_id {} không khớp với khóa (đúng ra là {})",
                self.key_id,
                KeyId::of(&key)
            )));
        }
        Ok(key)
    }
}

/// A ground for revocation, the points of Art. 8.1 of QĐ 26/2026/QĐ-TTg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ground {
    /// a) false or forged dossier.
    #[serde(rename = "a")]
    A,
    /// b) criteria no longer met, per an inspection.
    #[serde(rename = "b")]
    B,
    /// c) breach of quality, food-safety, environment, IP, labelling or other law.
    #[serde(rename = "c")]
    C,
    /// d) misleading use of the OCOP mark.
    #[serde(rename = "d")]
    D,
    /// đ) production stopped.
    #[serde(rename = "đ")]
    Dd,
    /// e) another competent-authority conclusion.
    #[serde(rename = "e")]
    E,
}

impl Ground {
    /// The point's letter: `a`, `b`, `c`, `d`, `đ` or `e`.
    pub fn letter(self) -> &'static str {
        match self {
            Ground::A => "a",
            Ground::B => "b",
            Ground::C => "c",
            Ground::D => "d",
            Ground::Dd => "đ",
            Ground::E => "e",
        }
    }

    /// A short Vietnamese description of the ground.
    pub fn description(self) -> &'static str {
        match self {
            Ground::A => "cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ",
            Ground::B => "sản phẩm không còn đáp ứng tiêu chí theo kết luận kiểm tra, giám sát",
            Ground::C => "vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, sở hữu trí tuệ, ghi nhãn hoặc quy định khác",
            Ground::D => "sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn",
            Ground::Dd => "chủ thể không còn hoạt động sản xuất sản phẩm OCOP",
            Ground::E => "trường hợp khác theo kết luận, đề nghị của cơ quan nhà nước có thẩm quyền",
        }
    }
}

impl FromStr for Ground {
    type Err = SealError;
    /// Accepts `a`…`e`, `đ` (either case, NFC or NFD) and `dd` as a keyboard-friendly `đ`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        use unicode_normalization::UnicodeNormalization;
        let t: String = s.trim().nfc().collect::<String>().to_lowercase();
        Ok(match t.as_str() {
            "a" => Ground::A,
            "b" => Ground::B,
            "c" => Ground::C,
            "d" => Ground::D,
            "đ" | "dd" => Ground::Dd,
            "e" => Ground::E,
            _ => return Err(SealError::BadGround(s.to_string())),
        })
    }
}

/// A revocation decision for one certificate (Art. 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// The revoked certificate's number.
    pub certificate_number: String,
    /// The key that signed the revoked certificate (numbers are per issuer).
    pub key_id: KeyId,
    /// The revocation decision's number.
    pub decision_number: String,
    /// The revocation decision's date.
    #[serde(with = "dates::iso_serde")]
    pub date: Date,
    /// The ground, a point of Art. 8.1.
    pub ground: Ground,
}

/// What verification needs to know: which public keys are trusted and what is revoked.
///
/// [`Trust`] implements it from a [`KeyStore`] and a revocation list held by the caller.
pub trait TrustStore {
    /// The trusted public key with this id, and its issuer's name.
    fn trusted_key(&self, key_id: &KeyId) -> Option<(VerifyingKey, String)>;
    /// The revocation of certificate `number` signed by `key_id`, if any.
    fn revocation(&self, number: &str, key_id: &KeyId) -> Option<Revocation>;
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    issuer_id: String,
    issuer_name: String,
    key_id: KeyId,
    /// 32-byte Ed25519 secret key, standard base64.
    secret_key: String,
}

/// Keys kept in `<data_dir>/keys/`:
///
/// - `<issuer_id>.key.json`: one private signing key per issuing body (mode 0600 on unix);
/// - `trusted.json`: imported public keys of other issuers (own keys are always trusted).
///
/// Everything is loaded at [`KeyStore::open`]; changes are written atomically at once. The
/// folder keeps no revocations and no list of issued certificates: those are records of the
/// database (`ocop-store`), which lends its revocations to [`Trust`] when it verifies.
pub struct KeyStore {
    dir: PathBuf,
    own: BTreeMap<String, IssuerKey>,
    trusted: Vec<PublicKeyFile>,
}

const KEY_SUFFIX: &str = ".key.json";

/// Checks an issuer id: 1–64 characters of `a-z`, `0-9`, `-`, `_`.
pub fn check_issuer_id(issuer_id: &str) -> Result<(), SealError> {
    let ok = !issuer_id.is_empty()
        && issuer_id.len() <= 64
        && issuer_id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(SealError::BadIssuerId(issuer_id.to_string()))
    }
}

impl KeyStore {
    /// Opens (creating if needed) `<data_dir>/keys/` and loads the keys and the trust list.
    pub fn open(data_dir: &Path) -> Result<KeyStore, SealError> {
        let dir = data_dir.join("keys");
        create_private_dir(&dir)?;
        let mut own = BTreeMap::new();
        let entries = std::fs::read_dir(&dir).map_err(|e| SealError::io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| SealError::io(&dir, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !name.ends_with(KEY_SUFFIX) || name.starts_with('.') {
                continue;
            }
            let key = load_key_file(&entry.path())?;
            own.insert(key.issuer_id.clone(), key);
        }
        let trusted: Vec<PublicKeyFile> = read_json_or_default(&dir.join("trusted.json"))?;
        for file in &trusted {
            file.verifying_key()
                .map_err(|e| SealError::corrupt(dir.join("trusted.json"), e))?;
        }
        Ok(KeyStore { dir, own, trusted })
    }

    /// The folder holding the key files (`<data_dir>/keys`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The signing key of `issuer_id`, created (and saved with mode 0600) on first use.
    ///
    /// `issuer_name` is recorded with a new key and updates the stored name when it differs
    /// (an empty name keeps the stored one; a new key then takes the id as its name).
    pub fn signing_key(
        &mut self,
        issuer_id: &str,
        issuer_name: &str,
    ) -> Result<IssuerKey, SealError> {
        check_issuer_id(issuer_id)?;
        let name = nfc(issuer_name.trim());
        if let Some(key) = self.own.get(issuer_id) {
            if name.is_empty() || key.issuer_name == name {
                return Ok(key.clone());
            }
            let mut key = key.clone();
            key.issuer_name = name;
            self.save_key(&key)?;
            self.own.insert(issuer_id.to_string(), key.clone());
            return Ok(key);
        }
        let signing_key = SigningKey::generate(&mut rand_core::OsRng);
        let key = IssuerKey {
            issuer_id: issuer_id.to_string(),
            issuer_name: if name.is_empty() {
                issuer_id.to_string()
            } else {
                name
            },
            key_id: KeyId::of(&signing_key.verifying_key()),
            signing_key,
        };
        self.save_key(&key)?;
        self.own.insert(issuer_id.to_string(), key.clone());
        Ok(key)
    }

    /// The existing signing key of `issuer_id`, without creating one.
    pub fn existing_key(&self, issuer_id: &str) -> Option<&IssuerKey> {
        self.own.get(issuer_id)
    }

    /// All own issuer keys.
    pub fn own_keys(&self) -> impl Iterator<Item = &IssuerKey> {
        self.own.values()
    }

    fn save_key(&self, key: &IssuerKey) -> Result<(), SealError> {
        let file = KeyFile {
            issuer_id: key.issuer_id.clone(),
            issuer_name: key.issuer_name.clone(),
            key_id: key.key_id,
            secret_key: B64.encode(key.signing_key.to_bytes()),
        };
        let json = serde_json::to_vec_pretty(&file).expect("key file serialises");
        write_atomic(
            &self.dir.join(format!("{}{KEY_SUFFIX}", key.issuer_id)),
            &json,
            true,
        )
    }

    /// The public key of own issuer `issuer_id`, for giving to verifiers. Creates no key: an
    /// issuer without a key yet is `None`.
    pub fn export_public(&self, issuer_id: &str) -> Option<PublicKeyFile> {
        self.own.get(issuer_id).map(|key| PublicKeyFile {
            key_id: key.key_id,
            issuer_name: key.issuer_name.clone(),
            public_key: B64.encode(key.signing_key.verifying_key().as_bytes()),
        })
    }

    /// Adds a public key to `trusted.json` after checking it. Importing the same key again
    /// replaces its entry (e.g. a corrected issuer name).
    pub fn trust(&mut self, file: PublicKeyFile) -> Result<(), SealError> {
        file.verifying_key()?;
        let file = PublicKeyFile {
            issuer_name: nfc(file.issuer_name.trim()),
            ..file
        };
        let mut trusted = self.trusted.clone();
        trusted.retain(|t| t.key_id != file.key_id);
        trusted.push(file);
        let json = serde_json::to_vec_pretty(&trusted).expect("trust list serialises");
        write_atomic(&self.dir.join("trusted.json"), &json, false)?;
        self.trusted = trusted;
        Ok(())
    }

    /// The imported (not own) trusted keys.
    pub fn trusted(&self) -> &[PublicKeyFile] {
        &self.trusted
    }

    /// The trusted public key with this id (own keys first, then imported ones), and its
    /// issuer's name.
    pub fn trusted_key(&self, key_id: &KeyId) -> Option<(VerifyingKey, String)> {
        if let Some(own) = self.own.values().find(|k| &k.key_id == key_id) {
            return Some((own.signing_key.verifying_key(), own.issuer_name.clone()));
        }
        let file = self.trusted.iter().find(|t| &t.key_id == key_id)?;
        Some((file.verifying_key().ok()?, file.issuer_name.clone()))
    }

    /// What verification trusts: these keys and the `revocations` the caller holds.
    pub fn with_revocations<'a>(&'a self, revocations: &'a [Revocation]) -> Trust<'a> {
        Trust {
            keys: self,
            revocations,
        }
    }
}

/// The keys of a [`KeyStore`] with a revocation list held by the caller: what [`crate::verify`]
/// trusts.
#[derive(Clone, Copy)]
pub struct Trust<'a> {
    /// The trusted keys.
    pub keys: &'a KeyStore,
    /// Every revocation known (the database's).
    pub revocations: &'a [Revocation],
}

impl TrustStore for Trust<'_> {
    fn trusted_key(&self, key_id: &KeyId) -> Option<(VerifyingKey, String)> {
        self.keys.trusted_key(key_id)
    }

    fn revocation(&self, number: &str, key_id: &KeyId) -> Option<Revocation> {
        let number = nfc(number.trim());
        self.revocations
            .iter()
            .find(|r| r.certificate_number == number && &r.key_id == key_id)
            .cloned()
    }
}

fn load_key_file(path: &Path) -> Result<IssuerKey, SealError> {
    let bytes = std::fs::read(path).map_err(|e| SealError::io(path, e))?;
    let file: KeyFile = serde_json::from_slice(&bytes).map_err(|e| SealError::corrupt(path, e))?;
    let secret = B64
        .decode(file.secret_key.trim())
        .map_err(|e| SealError::corrupt(path, e))?;
    let secret: [u8; 32] = secret
        .try_into()
        .map_err(|_| SealError::corrupt(path, "secret_key phải dài 32 byte"))?;
    let signing_key = SigningKey::from_bytes(&secret);
    let key_id = KeyId::of(&signing_key.verifying_key());
    if key_id != file.key_id {
        return Err(SealError::corrupt(
            path,
            format!("key_id {} không khớp với khóa ({key_id})", file.key_id),
        ));
    }
    check_issuer_id(&file.issuer_id).map_err(|e| SealError::corrupt(path, e))?;
    Ok(IssuerKey {
        issuer_id: file.issuer_id,
        issuer_name: file.issuer_name,
        key_id,
        signing_key,
    })
}

pub(crate) fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_created_once_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = KeyStore::open(dir.path()).unwrap();
        let a = store
            .signing_key("thai-nguyen", "UBND TỈNH THÁI NGUYÊN")
            .unwrap();
        let b = store.signing_key("thai-nguyen", "").unwrap();
        assert_eq!(a.key_id, b.key_id);
        let reopened = KeyStore::open(dir.path()).unwrap();
        let c = reopened.existing_key("thai-nguyen").unwrap();
        assert_eq!(c.key_id, a.key_id);
        assert_eq!(c.issuer_name, "UBND TỈNH THÁI NGUYÊN");
        assert_eq!(c.signing_key.to_bytes(), a.signing_key.to_bytes());
        // No leftover temporary files.
        let names: Vec<String> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["thai-nguyen.key.json".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn private_key_file_is_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut store = KeyStore::open(dir.path()).unwrap();
        store.signing_key("thai-nguyen", "X").unwrap();
        let mode = std::fs::metadata(store.dir().join("thai-nguyen.key.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = std::fs::metadata(store.dir()).unwrap().permissions().mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }

    #[test]
    fn bad_issuer_ids_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = KeyStore::open(dir.path()).unwrap();
        for bad in ["", "../x", "Thai", "a b", "thái"] {
            assert!(
                matches!(store.signing_key(bad, "x"), Err(SealError::BadIssuerId(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn export_and_trust_round_trip_and_check_key_id() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let mut issuer = KeyStore::open(a.path()).unwrap();
        let key = issuer
            .signing_key("ha-giang", "UBND TỈNH HÀ GIANG")
            .unwrap();
        let exported = issuer.export_public("ha-giang").unwrap();
        assert_eq!(exported.key_id, key.key_id);
        let json = serde_json::to_string(&exported).unwrap();
        let mut verifier = KeyStore::open(b.path()).unwrap();
        assert!(verifier.trusted_key(&key.key_id).is_none());
        verifier
            .trust(serde_json::from_str(&json).unwrap())
            .unwrap();
        let reopened = KeyStore::open(b.path()).unwrap();
        let (vk, name) = reopened.trusted_key(&key.key_id).unwrap();
        assert_eq!(vk, key.signing_key.verifying_key());
        assert_eq!(name, "UBND TỈNH HÀ GIANG");

        let mut forged = exported.clone();
        forged.key_id = KeyId([0; 8]);
        assert!(matches!(
            verifier.trust(forged),
            Err(SealError::BadPublicKey(_))
        ));
    }

    #[test]
    fn grounds_parse_and_serialise() {
        assert_eq!("đ".parse::<Ground>().unwrap(), Ground::Dd);
        assert!("d\u{0304}".parse::<Ground>().is_err());
        assert_eq!("DD".parse::<Ground>().unwrap(), Ground::Dd);
        assert_eq!(serde_json::to_string(&Ground::Dd).unwrap(), "\"đ\"");
        assert!("f".parse::<Ground>().is_err());
    }
}
