//! The HTTP side of the client: one [`Connection`] per server, TLS pinned to the fingerprint
//! seen at the first login (trust on first use, as SSH does), plain HTTP only to a loopback
//! address, and every server error read as the protocol's `{code, message}`.

use ocop_domain::ErrorCode;
use ocop_sync::wire::{
    Hello, HelloAnswer, Login, LoginAnswer, PullPage, PushAnswer, PushPage, WireError,
};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Errors talking to a server.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The address is not an `https://` URL, or is plain `http://` to a non-loopback host.
    #[error("bad server address {url}: {reason}")]
    BadAddress {
        /// What was given.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The server presented another certificate than the one pinned at the first login.
    #[error("server certificate fingerprint {got} is not the pinned {pinned}")]
    Untrusted {
        /// The fingerprint pinned.
        pinned: String,
        /// The fingerprint presented.
        got: String,
    },
    /// The server answered with an error.
    #[error("server error {status}: {error}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// What the server said.
        error: WireError,
    },
    /// The connection failed, timed out or was cut.
    #[error("network: {0}")]
    Network(String),
}

impl TransportError {
    /// The stable code of the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            TransportError::BadAddress { .. } => ErrorCode::Validation,
            TransportError::Untrusted { .. } => ErrorCode::Untrusted,
            TransportError::Server { error, .. } => error.code,
            TransportError::Network(_) => ErrorCode::Io,
        }
    }

    /// A Vietnamese message for a person.
    pub fn message_vi(&self) -> String {
        match self {
            TransportError::BadAddress { url, reason } => {
                format!("Địa chỉ máy chủ {url} không dùng được: {reason}")
            }
            TransportError::Untrusted { pinned, got } => format!(
                "Chứng chỉ của máy chủ đã thay đổi (dấu vân tay {} thay cho {} đã ghi nhận khi \
                 đăng nhập lần đầu). Có thể đây không phải máy chủ của tỉnh. Hãy hỏi cán bộ CNTT \
                 của tỉnh trước khi tin cậy dấu vân tay mới.",
                short(got),
                short(pinned)
            ),
            TransportError::Server { error, .. } => error.message.clone(),
            TransportError::Network(e) => format!(
                "Không kết nối được máy chủ ({e}). Dữ liệu vẫn an toàn trên máy này; đồng bộ sẽ \
                 thử lại khi có mạng."
            ),
        }
    }

    /// Whether trying again later may succeed (a cut link, a busy server).
    pub fn is_transient(&self) -> bool {
        match self {
            TransportError::Network(_) => true,
            TransportError::Server { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

fn short(fingerprint: &str) -> String {
    fingerprint.chars().take(23).collect()
}

/// The SHA-256 of a certificate's DER, as colon-separated upper-case hex pairs.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Accepts exactly one certificate, by fingerprint; records the first one seen when none is
/// pinned yet (the caller then keeps it).
#[derive(Debug)]
struct PinnedVerifier {
    pinned: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let got = fingerprint(end_entity.as_ref());
        *self.seen.lock().expect("fingerprint lock") = Some(got.clone());
        match &self.pinned {
            Some(pinned) if *pinned != got => Err(rustls::Error::General(format!(
                "pinned certificate mismatch: {got}"
            ))),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// How long a request may take before it counts as a cut link.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A connection to one server.
#[derive(Debug, Clone)]
pub struct Connection {
    base: url::Url,
    http: reqwest::Client,
    pinned: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    token: Option<String>,
    device_id: String,
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl Connection {
    /// A connection to `server` (an `https://` URL, or `http://` to a loopback address) for the
    /// device `device_id`, trusting only the certificate `pinned` (`None`: the first one seen,
    /// which [`Connection::fingerprint_seen`] then tells).
    pub fn new(
        server: &str,
        device_id: &str,
        pinned: Option<String>,
    ) -> Result<Self, TransportError> {
        let bad = |reason: &str| TransportError::BadAddress {
            url: server.to_string(),
            reason: reason.to_string(),
        };
        let mut base = url::Url::parse(server.trim()).map_err(|e| bad(&e.to_string()))?;
        match base.scheme() {
            "https" => {}
            "http" if is_loopback(&base) => {}
            "http" => {
                return Err(bad(
                    "chỉ dùng http:// trong cùng một máy (127.0.0.1); hãy dùng https://",
                ))
            }
            _ => return Err(bad("địa chỉ phải bắt đầu bằng https://")),
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let seen = Arc::new(Mutex::new(None));
        let verifier = PinnedVerifier {
            pinned: pinned.clone(),
            seen: seen.clone(),
            provider: provider.clone(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| TransportError::Network(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| TransportError::Network(e.to_string()))?;
        Ok(Connection {
            base,
            http,
            pinned,
            seen,
            token: None,
            device_id: device_id.to_string(),
        })
    }

    /// The same connection, using `token` for requests that need a login.
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// The fingerprint of the certificate the server presented (TLS only), to pin after the
    /// first login.
    pub fn fingerprint_seen(&self) -> Option<String> {
        self.seen.lock().expect("fingerprint lock").clone()
    }

    /// The server's address.
    pub fn server(&self) -> &str {
        self.base.as_str()
    }

    fn url(&self, path: &str) -> Result<url::Url, TransportError> {
        self.base
            .join(path)
            .map_err(|e| TransportError::BadAddress {
                url: self.base.to_string(),
                reason: e.to_string(),
            })
    }

    fn network(&self, e: reqwest::Error) -> TransportError {
        // A handshake refused by the pinned verifier surfaces as a connect error: say so plainly.
        if let (Some(pinned), Some(got)) = (&self.pinned, self.fingerprint_seen()) {
            if *pinned != got {
                return TransportError::Untrusted {
                    pinned: pinned.clone(),
                    got,
                };
            }
        }
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text = format!("{text}: {s}");
            source = s.source();
        }
        TransportError::Network(text)
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, TransportError> {
        let mut request = request.header("X-Ocop-Device", &self.device_id);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| self.network(e))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.network(e))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map_err(|e| TransportError::Network(format!("câu trả lời không đọc được: {e}")));
        }
        let error = serde_json::from_slice::<WireError>(&bytes).unwrap_or_else(|_| {
            WireError::new(
                ErrorCode::Internal,
                format!(
                    "Máy chủ trả lời lỗi {status}: {}",
                    String::from_utf8_lossy(&bytes)
                        .chars()
                        .take(200)
                        .collect::<String>()
                ),
            )
        });
        Err(TransportError::Server {
            status: status.as_u16(),
            error,
        })
    }

    /// `POST /v1/hello`.
    pub async fn hello(&self, hello: &Hello) -> Result<HelloAnswer, TransportError> {
        self.send(self.http.post(self.url("v1/hello")?).json(hello))
            .await
    }

    /// `POST /v1/login`.
    pub async fn login(&self, login: &Login) -> Result<LoginAnswer, TransportError> {
        self.send(self.http.post(self.url("v1/login")?).json(login))
            .await
    }

    /// `POST /v1/push`: one page of changes.
    pub async fn push(&self, page: &PushPage) -> Result<PushAnswer, TransportError> {
        self.send(self.http.post(self.url("v1/push")?).json(page))
            .await
    }

    /// `GET /v1/pull?since=…&limit=…`: one page of records.
    pub async fn pull(&self, since: i64, limit: usize) -> Result<PullPage, TransportError> {
        let url = self.url("v1/pull")?;
        self.send(
            self.http
                .get(url)
                .query(&[("since", since.to_string()), ("limit", limit.to_string())]),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(Connection::new("http://127.0.0.1:8443", "d", None).is_ok());
        assert!(Connection::new("http://[::1]:8443/", "d", None).is_ok());
        assert!(Connection::new("http://localhost:8443", "d", None).is_ok());
        let far = Connection::new("http://192.168.1.20:8443", "d", None).unwrap_err();
        assert_eq!(far.code(), ErrorCode::Validation);
        assert!(far.message_vi().contains("https://"));
        assert!(Connection::new("https://ocop.thainguyen.gov.vn", "d", None).is_ok());
        assert!(Connection::new("ftp://x", "d", None).is_err());
        assert!(Connection::new("not a url", "d", None).is_err());
    }

    #[test]
    fn a_fingerprint_is_colon_separated_sha256() {
        let f = fingerprint(b"abc");
        assert_eq!(f.len(), 32 * 3 - 1);
        assert!(f.starts_with("BA:78:16:BF"));
    }
}
