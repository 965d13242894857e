//! The signed QR payload: CBOR → Ed25519 → CBOR `[payload, signature]` → Base45 with `OC1:`.
//!
//! Payload (a CBOR array, in this order):
//! `[number, product, producer, star, decision_number, decision_date, valid_until, key_id,
//! result_hash]` with dates as days since 1970-01-01, `key_id` 8 bytes and `result_hash` 16
//! bytes. The signature is Ed25519 over the exact payload bytes. Decoding is strict: every layer
//! must re-encode to the very bytes read, so any altered byte is rejected.
//!
//! Deflate is not used: for a typical certificate the compressed form was not shorter (the
//! 64-byte signature does not compress and the Vietnamese strings are short), and a canonical
//! check over a compressor's output would tie old certificates to one compressor version.

use crate::dates;
use crate::keys::{nfc, IssuerKey, KeyId};
use crate::SealError;
use ed25519_dalek::{Signature, Signer};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// The prefix of every QR text this crate writes (version 1 of the format).
pub const PREFIX: &str = "OC1:";

/// What a certificate states, as given to [`sign`](crate::sign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The certificate number (issuer's series).
    pub number: String,
    /// The product name.
    pub product: String,
    /// The producer (chủ thể OCOP).
    pub producer: String,
    /// The star rank, 1 to 5.
    pub star: u8,
    /// The recognition decision's number.
    pub decision_number: String,
    /// The recognition decision's date.
    pub decision_date: Date,
    /// The last day of validity (see [`valid_until`](crate::valid_until)).
    pub valid_until: Date,
    /// First 16 bytes of SHA-256 of the locked result the certificate came from
    /// (see [`result_hash`]).
    pub result_hash: [u8; 16],
}

/// What a verified QR states: the claims plus the signing key's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    /// The certificate number.
    pub number: String,
    /// The product name.
    pub product: String,
    /// The producer.
    pub producer: String,
    /// The star rank.
    pub star: u8,
    /// The recognition decision's number.
    pub decision_number: String,
    /// The recognition decision's date (`YYYY-MM-DD` in JSON).
    #[serde(with = "dates::iso_serde")]
    pub decision_date: Date,
    /// The last day of validity (`YYYY-MM-DD` in JSON).
    #[serde(with = "dates::iso_serde")]
    pub valid_until: Date,
    /// The issuer key that signed it.
    pub key_id: KeyId,
    /// The locked result's hash, 32 hex digits.
    #[serde(with = "hash_hex")]
    pub result_hash: [u8; 16],
}

mod hash_hex {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(h: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::keys::hex_encode(h))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 16], D::Error> {
        let text = String::deserialize(d)?;
        crate::parse_result_hash(&text).map_err(serde::de::Error::custom)
    }
}

/// First 16 bytes of SHA-256 of `bytes`: the hash of a locked result to put in a certificate.
pub fn result_hash(bytes: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// Parses a result hash given as hex: 32 digits, or a full 64-digit SHA-256 (first 16 bytes kept).
pub fn parse_result_hash(text: &str) -> Result<[u8; 16], String> {
    let bytes = crate::keys::hex_decode(text.trim())
        .filter(|b| b.len() == 16 || b.len() == 32)
        .ok_or_else(|| format!("\"{text}\" không phải 32 hoặc 64 chữ số hex"))?;
    let mut out = [0u8; 16];
    out.copy_from_slice(&bytes[..16]);
    Ok(out)
}

/// The short code printed under the QR for typing by hand: 12 Crockford base32 characters of
/// SHA-256(signature), shown as `XXXX-XXXX-XXXX`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShortCode([u8; 12]);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl ShortCode {
    /// The code printed under the QR whose text is `qr_text`, or `None` when the text is not a
    /// well-formed certificate QR. The signature is not checked: [`crate::verify`] does that.
    pub fn of_qr_text(qr_text: &str) -> Option<ShortCode> {
        decode(qr_text)
            .ok()
            .map(|d| ShortCode::of_signature(&d.signature_bytes))
    }

    /// The code of a signature.
    pub fn of_signature(signature: &[u8; 64]) -> ShortCode {
        let digest = Sha256::digest(signature);
        let mut bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes")) >> 4; // 60 bits
        let mut chars = [0u8; 12];
        for slot in chars.iter_mut().rev() {
            *slot = CROCKFORD[(bits & 31) as usize];
            bits >>= 5;
        }
        ShortCode(chars)
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = std::str::from_utf8(&self.0).expect("ascii");
        write!(f, "{}-{}-{}", &s[..4], &s[4..8], &s[8..])
    }
}

impl fmt::Debug for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShortCode({self})")
    }
}

impl FromStr for ShortCode {
    type Err = SealError;
    /// Accepts any case, with or without `-`/spaces; `I`/`L` read as `1` and `O` as `0`
    /// (Crockford's rules for hand-typed codes).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = [0u8; 12];
        let mut n = 0;
        for c in s.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) || n == 12 {
                return Err(SealError::BadCode(s.to_string()));
            }
            chars[n] = c as u8;
            n += 1;
        }
        if n != 12 {
            return Err(SealError::BadCode(s.to_string()));
        }
        Ok(ShortCode(chars))
    }
}

impl Serialize for ShortCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ShortCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A signed certificate: the QR text, the short code and what it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The text to put in the QR (`OC1:` + Base45).
    pub qr_text: String,
    /// The short verification code.
    pub code: ShortCode,
    /// The signed fields.
    pub fields: Fields,
}

const MAX_TEXT_BYTES: usize = 200;

fn check_text(field: &'static str, value: &str) -> Result<String, SealError> {
    let value = nfc(value.trim());
    if value.is_empty() {
        return Err(SealError::BadField {
            field,
            detail: "không được để trống".into(),
        });
    }
    if value.len() > MAX_TEXT_BYTES {
        return Err(SealError::BadField {
            field,
            detail: format!("dài quá {MAX_TEXT_BYTES} byte"),
        });
    }
    Ok(value)
}

/// Signs `claims` with `key`. Text is trimmed and NFC-normalised first. Ed25519 is
/// deterministic, so the same claims and key always give the same QR text and code.
pub fn sign(claims: &Claims, key: &IssuerKey) -> Result<Issued, SealError> {
    let fields = Fields {
        number: check_text("number", &claims.number)?,
        product: check_text("product", &claims.product)?,
        producer: check_text("producer", &claims.producer)?,
        star: claims.star,
        decision_number: check_text("decision_number", &claims.decision_number)?,
        decision_date: claims.decision_date,
        valid_until: claims.valid_until,
        key_id: key.key_id,
        result_hash: claims.result_hash,
    };
    if !(1..=5).contains(&fields.star) {
        return Err(SealError::BadField {
            field: "star",
            detail: format!("{} không nằm trong 1..5", fields.star),
        });
    }
    if fields.valid_until < fields.decision_date {
        return Err(SealError::BadField {
            field: "valid_until",
            detail: "ngày hết hiệu lực trước ngày quyết định".into(),
        });
    }
    let payload = encode_payload(&fields);
    let signature = key.signing_key.sign(&payload).to_bytes();
    let outer = encode_outer(&payload, &signature);
    let qr_text = format!("{PREFIX}{}", base45::encode(&outer));
    Ok(Issued {
        qr_text,
        code: ShortCode::of_signature(&signature),
        fields,
    })
}

pub(crate) fn encode_payload(f: &Fields) -> Vec<u8> {
    let mut e = minicbor::Encoder::new(Vec::new());
    let infallible = (|| -> Result<(), minicbor::encode::Error<core::convert::Infallible>> {
        e.array(9)?
            .str(&f.number)?
            .str(&f.product)?
            .str(&f.producer)?
            .u8(f.star)?
            .str(&f.decision_number)?
            .i32(dates::to_days(f.decision_date))?
            .i32(dates::to_days(f.valid_until))?
            .bytes(&f.key_id.0)?
            .bytes(&f.result_hash)?;
        Ok(())
    })();
    infallible.expect("writing to a Vec cannot fail");
    e.into_writer()
}

fn encode_outer(payload: &[u8], signature: &[u8; 64]) -> Vec<u8> {
    let mut e = minicbor::Encoder::new(Vec::new());
    e.array(2)
        .and_then(|e| e.bytes(payload))
        .and_then(|e| e.bytes(signature))
        .expect("Vec");
    e.into_writer()
}

/// Why a QR text could not be read (before any key is consulted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeFailure {
    Prefix,
    Base45,
    Structure,
}

/// A QR text taken apart, signature not yet checked.
pub(crate) struct Decoded {
    pub fields: Fields,
    pub payload: Vec<u8>,
    pub signature: Signature,
    pub signature_bytes: [u8; 64],
}

/// Takes a QR text apart, strictly: each layer must re-encode to exactly what was read.
pub(crate) fn decode(text: &str) -> Result<Decoded, DecodeFailure> {
    let text = text.trim();
    let body = text.strip_prefix(PREFIX).ok_or(DecodeFailure::Prefix)?;
    let outer = base45::decode(body).map_err(|_| DecodeFailure::Base45)?;
    if base45::encode(&outer) != body {
        return Err(DecodeFailure::Base45);
    }
    let (payload, signature_bytes) = decode_outer(&outer).ok_or(DecodeFailure::Structure)?;
    let fields = decode_payload(&payload).ok_or(DecodeFailure::Structure)?;
    if encode_payload(&fields) != payload || encode_outer(&payload, &signature_bytes) != outer {
        return Err(DecodeFailure::Structure);
    }
    Ok(Decoded {
        fields,
        payload,
        signature: Signature::from_bytes(&signature_bytes),
        signature_bytes,
    })
}

fn decode_outer(bytes: &[u8]) -> Option<(Vec<u8>, [u8; 64])> {
    let mut d = minicbor::Decoder::new(bytes);
    if d.array().ok()? != Some(2) {
        return None;
    }
    let payload = d.bytes().ok()?.to_vec();
    let signature: [u8; 64] = d.bytes().ok()?.try_into().ok()?;
    (d.position() == bytes.len()).then_some((payload, signature))
}

fn decode_payload(bytes: &[u8]) -> Option<Fields> {
    let mut d = minicbor::Decoder::new(bytes);
    if d.array().ok()? != Some(9) {
        return None;
    }
    let fields = Fields {
        number: d.str().ok()?.to_string(),
        product: d.str().ok()?.to_string(),
        producer: d.str().ok()?.to_string(),
        star: d.u8().ok()?,
        decision_number: d.str().ok()?.to_string(),
        decision_date: dates::from_days(d.i32().ok()?)?,
        valid_until: dates::from_days(d.i32().ok()?)?,
        key_id: KeyId(d.bytes().ok()?.try_into().ok()?),
        result_hash: d.bytes().ok()?.try_into().ok()?,
    };
    (d.position() == bytes.len()).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_code_parses_what_it_prints_and_forgives_typing() {
        let code = ShortCode::of_signature(&[7u8; 64]);
        let shown = code.to_string();
        assert_eq!(shown.len(), 14);
        assert_eq!(shown.as_bytes()[4], b'-');
        assert_eq!(shown.parse::<ShortCode>().unwrap(), code);
        let typed = shown
            .replace('-', " ")
            .to_lowercase()
            .replace('1', "l")
            .replace('0', "o");
        assert_eq!(typed.parse::<ShortCode>().unwrap(), code);
        assert!("ABCD-EFGH-JKM".parse::<ShortCode>().is_err());
        assert!("ABCD-EFGH-JKMNP".parse::<ShortCode>().is_err());
        assert!("ABCD-EFGH-JKMU".parse::<ShortCode>().is_err());
    }

    #[test]
    fn the_code_of_a_qr_text_is_the_one_printed_at_signing() {
        let dir = tempfile::tempdir().unwrap();
        let mut keys = crate::KeyStore::open(dir.path()).unwrap();
        let key = keys.signing_key("thai-nguyen", "X").unwrap();
        let claims = Claims {
            number: "1".into(),
            product: "Chè".into(),
            producer: "HTX".into(),
            star: 4,
            decision_number: "1/QĐ".into(),
            decision_date: time::macros::date!(2026 - 06 - 15),
            valid_until: time::macros::date!(2029 - 06 - 15),
            result_hash: [0; 16],
        };
        let issued = sign(&claims, &key).unwrap();
        assert_eq!(ShortCode::of_qr_text(&issued.qr_text), Some(issued.code));
        assert_eq!(ShortCode::of_qr_text("OC1:not base45 ~"), None);
    }

    #[test]
    fn result_hash_parses_short_and_full_hex() {
        let h = result_hash(b"locked");
        let hex = crate::keys::hex_encode(&h);
        assert_eq!(parse_result_hash(&hex).unwrap(), h);
        let full = crate::keys::hex_encode(&Sha256::digest(b"locked"));
        assert_eq!(parse_result_hash(&full).unwrap(), h);
        assert!(parse_result_hash("abc").is_err());
    }
}
