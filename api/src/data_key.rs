//! The data key: private values that identify or reach a person are stored encrypted under it
//! (XChaCha20-Poly1305), and looked up through a keyed blind index (HMAC-SHA-256), so that a
//! copy of the database or of a backup holds neither. The key itself lives outside the
//! database: in a file (`DATA_KEY_FILE`) or an environment variable (`DATA_KEY`).

use std::fmt::Display;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secrets::{derive_key, hex};

/// What a sealed value starts with, then the key's fingerprint: no plain value we store does.
const PREFIX: &str = "pv1.";
/// Bytes of HMAC-SHA-256 kept in an unsubscribe token: 128 bits, beyond guessing.
const UNSUBSCRIBE_TAG_LEN: usize = 16;
/// XChaCha20's 24-byte nonces are safe to pick at random.
const NONCE_LEN: usize = 24;

/// The operator's data key, with the keys derived from it for each use.
#[derive(Clone)]
pub struct DataKey {
    sealing: [u8; 32],
    index: [u8; 32],
    outbox: [u8; 32],
    /// Signs the one-click unsubscribe links of the calls-to-action digest.
    unsubscribe: [u8; 32],
    fingerprint: String,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey({})", self.fingerprint)
    }
}

/// Why a sealed value did not open.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the value was sealed with another data key (fingerprint {0})")]
    OtherKey(String),
    #[error("the sealed value is damaged, or was moved from another row")]
    Damaged,
}

impl DataKey {
    /// A key from its 32 bytes.
    pub fn new(bytes: &[u8; 32]) -> Self {
        let derived = |purpose: &str| -> [u8; 32] {
            let mut key = [0u8; 32];
            key.copy_from_slice(&derive_key(bytes, purpose)[..32]);
            key
        };
        let fingerprint = hex(&derived("data key fingerprint")[..6]);
        Self {
            sealing: derived("private values v1"),
            index: derived("blind index v1"),
            outbox: derived("outbox bodies v1"),
            unsubscribe: derived("digest unsubscribe v1"),
            fingerprint,
        }
    }

    /// A new random key, in the form [`DataKey::parse`] reads (64 hex digits).
    pub fn generate() -> anyhow::Result<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        Ok(hex(&bytes))
    }

    /// A key written as 64 hex digits or as the base64 of 32 bytes (surrounding space ignored).
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let text = text.trim();
        let bytes: Vec<u8> = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
                .collect::<Result<_, _>>()?
        } else {
            STANDARD
                .decode(text)
                .or_else(|_| URL_SAFE_NO_PAD.decode(text))
                .map_err(|_| anyhow::anyhow!("a data key is 64 hex digits or 32 bytes in base64"))?
        };
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("a data key is 32 bytes (64 hex digits)"))?;
        Ok(Self::new(&bytes))
    }

    /// The key in `path`; a key file others may read is used, with a warning.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the data key {}: {e}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                tracing::warn!(
                    file = %path.display(),
                    "the data key file can be read by other users: chmod 600 it"
                );
            }
        }
        Self::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// The key that seals e-mail bodies waiting in the outbox (their own format: bound to the
    /// message and its recipient, see [`crate::db::models::outbox`]).
    pub fn outbox_key(&self) -> crate::secrets::OutboxKey {
        crate::secrets::OutboxKey::new(&self.outbox)
    }

    /// A short name for the key that says nothing about it: which key sealed a value.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// `plain`, encrypted and bound to `context` (the table, column and row), so that a sealed
    /// value copied to another row or column does not open.
    pub fn seal(&self, plain: &str, context: &str) -> String {
        let cipher = XChaCha20Poly1305::new((&self.sealing).into());
        let mut nonce = [0u8; NONCE_LEN];
        // Without randomness there is nothing safe to do: the process stops.
        #[allow(clippy::expect_used)]
        getrandom::fill(&mut nonce).expect("the operating system's random numbers");
        #[allow(clippy::expect_used)]
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any message under 256 GiB");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}.{}",
            self.fingerprint,
            URL_SAFE_NO_PAD.encode(bytes)
        )
    }

    /// Whether `stored` has the form [`DataKey::seal`] writes (with any key): the prefix, a
    /// 12-digit hex fingerprint, and a URL-safe base64 nonce, ciphertext and tag. A plain value
    /// that merely starts with the prefix (`pv1.anna@example.org`) does not.
    pub fn is_sealed(stored: &str) -> bool {
        let Some((fingerprint, sealed)) = stored
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split_once('.'))
        else {
            return false;
        };
        // The nonce (24 bytes) and the tag (16) take at least 54 base64 characters.
        fingerprint.len() == 12
            && fingerprint
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && sealed.len() >= 54
            && sealed
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// The plain value of a sealed one.
    pub fn open(&self, stored: &str, context: &str) -> Result<String, OpenError> {
        let rest = stored.strip_prefix(PREFIX).ok_or(OpenError::Damaged)?;
        let (fingerprint, sealed) = rest.split_once('.').ok_or(OpenError::Damaged)?;
        if fingerprint != self.fingerprint {
            return Err(OpenError::OtherKey(fingerprint.to_owned()));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed)
            .map_err(|_| OpenError::Damaged)?;
        let (nonce, ciphertext) = bytes
            .split_at_checked(NONCE_LEN)
            .ok_or(OpenError::Damaged)?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError::Damaged)?;
        let cipher = XChaCha20Poly1305::new((&self.sealing).into());
        let plain = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| OpenError::Damaged)?;
        String::from_utf8(plain).map_err(|_| OpenError::Damaged)
    }

    /// The plain value of `stored` (`column` of `row`) under this key. A value from before
    /// sealing is returned as it is; one that does not open is an error, never garbage.
    pub fn open_stored(
        &self,
        stored: &str,
        column: &str,
        row: impl Display,
    ) -> diesel::QueryResult<String> {
        if !Self::is_sealed(stored) {
            return Ok(stored.to_owned());
        }
        self.open(stored, &context(column, row)).map_err(|e| {
            diesel::result::Error::DeserializationError(format!("{column}: {e}").into())
        })
    }

    /// The blind index of an e-mail address: equal for addresses equal but for case and
    /// surrounding space, and useless without the key.
    pub fn email_index(&self, email: &str) -> String {
        self.blind_index("email", &email.trim().to_lowercase())
    }

    /// The token of a group's one-click unsubscribe link: its id and a signature, so that the
    /// link works without an account and without anything stored, and nobody can make one for
    /// another group. Rotating the data key ends the links already sent.
    pub fn unsubscribe_token(&self, group: shared::domain::OrganizationId) -> String {
        let id = group.as_uuid();
        let mut token = id.as_bytes().to_vec();
        token.extend_from_slice(&self.unsubscribe_tag(id.as_bytes())[..UNSUBSCRIBE_TAG_LEN]);
        URL_SAFE_NO_PAD.encode(token)
    }

    /// The group an unsubscribe token was made for; `None` when it was not made with this key.
    pub fn unsubscribe_group(&self, token: &str) -> Option<shared::domain::OrganizationId> {
        let bytes = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        if bytes.len() != 16 + UNSUBSCRIBE_TAG_LEN {
            return None;
        }
        let (id, tag) = bytes.split_at(16);
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.unsubscribe).ok()?;
        mac.update(b"unsubscribe\0");
        mac.update(id);
        mac.verify_truncated_left(tag).ok()?;
        let id = uuid::Uuid::from_slice(id).ok()?;
        Some(shared::domain::OrganizationId::from_uuid(id))
    }

    fn unsubscribe_tag(&self, id: &[u8]) -> Vec<u8> {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.unsubscribe) else {
            return Vec::new();
        };
        mac.update(b"unsubscribe\0");
        mac.update(id);
        mac.finalize().into_bytes().to_vec()
    }

    fn blind_index(&self, kind: &str, normalised: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.index) else {
            return String::new();
        };
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// The key of this process, installed once at start (like a TLS library's crypto provider): the
/// models seal and open private values with it, so that no caller can forget to.
static INSTALLED: std::sync::OnceLock<DataKey> = std::sync::OnceLock::new();

/// Makes `key` the process's data key. Installing the same key again is harmless; another one
/// is refused (one process serves one database).
pub fn install(key: &DataKey) -> anyhow::Result<()> {
    let installed = INSTALLED.get_or_init(|| key.clone());
    if installed.fingerprint != key.fingerprint {
        anyhow::bail!(
            "this process already uses data key {}, not {}",
            installed.fingerprint,
            key.fingerprint
        );
    }
    Ok(())
}

/// The installed key, or the error a query gets without one.
fn installed() -> diesel::QueryResult<&'static DataKey> {
    INSTALLED
        .get()
        .ok_or_else(|| diesel::result::Error::QueryBuilderError("no data key is installed".into()))
}

/// Where a value lives, which its seal is bound to: `organization_private.contact_email` of row
/// `id`.
pub fn context(column: &str, row: impl Display) -> String {
    format!("{column}:{row}")
}

/// `plain` sealed under the installed key for `column` of `row`; empty text stays empty (it
/// says nothing, and keeps "no notes" cheap).
pub fn seal(plain: &str, column: &str, row: impl Display) -> diesel::QueryResult<String> {
    if plain.is_empty() {
        return Ok(String::new());
    }
    Ok(installed()?.seal(plain, &context(column, row)))
}

pub fn seal_optional(
    plain: Option<&str>,
    column: &str,
    row: impl Display,
) -> diesel::QueryResult<Option<String>> {
    plain.map(|plain| seal(plain, column, &row)).transpose()
}

/// The plain value of `stored` (`column` of `row`). A value from before sealing is returned as
/// it is (the server seals those at start); one that does not open is an error, never garbage.
pub fn open(stored: &str, column: &str, row: impl Display) -> diesel::QueryResult<String> {
    installed()?.open_stored(stored, column, row)
}

pub fn open_optional(
    stored: Option<&str>,
    column: &str,
    row: impl Display,
) -> diesel::QueryResult<Option<String>> {
    stored.map(|stored| open(stored, column, &row)).transpose()
}

/// The blind index of an e-mail address under the installed key.
pub fn email_index(email: &str) -> diesel::QueryResult<String> {
    Ok(installed()?.email_index(email))
}

/// The one-click unsubscribe token of `group` under the installed key.
pub fn unsubscribe_token(group: shared::domain::OrganizationId) -> diesel::QueryResult<String> {
    Ok(installed()?.unsubscribe_token(group))
}

/// The group an unsubscribe token names, if the installed key made it.
pub fn unsubscribe_group(
    token: &str,
) -> diesel::QueryResult<Option<shared::domain::OrganizationId>> {
    Ok(installed()?.unsubscribe_group(token))
}

/// Writes a new key to `path` (which must not exist yet), readable by its owner only.
pub fn write_new(path: &Path) -> anyhow::Result<DataKey> {
    use std::io::Write;
    let text = DataKey::generate()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    writeln!(file, "{text}")?;
    file.sync_all()?;
    DataKey::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        DataKey::new(&[byte; 32])
    }

    #[test]
    fn an_unsubscribe_token_names_its_group_under_its_key_only() {
        let group = shared::domain::OrganizationId::from_uuid(uuid::Uuid::from_u128(42));
        let token = key(1).unsubscribe_token(group);
        assert_eq!(key(1).unsubscribe_group(&token), Some(group));
        assert_eq!(key(2).unsubscribe_group(&token), None);
        let other = shared::domain::OrganizationId::from_uuid(uuid::Uuid::from_u128(43 << 100));
        let forged = format!("{}{}", &key(1).unsubscribe_token(other)[..21], &token[21..]);
        assert_eq!(key(1).unsubscribe_group(&forged), None);
        assert_eq!(key(1).unsubscribe_group("not a token"), None);
        assert_eq!(key(1).unsubscribe_group(""), None);
    }

    #[test]
    fn a_sealed_value_opens_with_its_key_and_context_only() {
        let sealed = key(1).seal("group@example.org", "organization_private.contact_email:a");
        assert!(DataKey::is_sealed(&sealed));
        assert!(!sealed.contains("example"));
        assert_eq!(
            key(1).open(&sealed, "organization_private.contact_email:a"),
            Ok("group@example.org".to_owned())
        );
        assert_eq!(
            key(1).open(&sealed, "organization_private.contact_email:b"),
            Err(OpenError::Damaged)
        );
        assert!(matches!(
            key(2).open(&sealed, "organization_private.contact_email:a"),
            Err(OpenError::OtherKey(_))
        ));
    }

    #[test]
    fn a_plain_value_that_starts_like_a_sealed_one_is_plain() {
        assert!(DataKey::is_sealed(&key(1).seal("x", "c")));
        assert!(DataKey::is_sealed(&key(1).seal("", "c")));
        for plain in [
            "pv1.anna@example.org",
            "pv1.",
            "pv1.0123456789ab.short",
            "pv1 note",
        ] {
            assert!(!DataKey::is_sealed(plain), "{plain}");
        }
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        assert_ne!(key(1).seal("x", "c"), key(1).seal("x", "c"));
    }

    #[test]
    fn the_email_index_ignores_case_and_space_and_depends_on_the_key() {
        assert_eq!(
            key(1).email_index(" Group@Example.org "),
            key(1).email_index("group@example.org")
        );
        assert_ne!(
            key(1).email_index("group@example.org"),
            key(2).email_index("group@example.org")
        );
    }

    #[test]
    fn a_new_key_file_is_private_and_never_overwritten() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("data-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("key");
        let _ = std::fs::remove_file(&path);
        let written = write_new(&path)?;
        assert_eq!(DataKey::read(&path)?.fingerprint(), written.fingerprint());
        assert!(write_new(&path).is_err(), "an existing key is kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path)?.permissions().mode() & 0o777,
                0o600
            );
        }
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn keys_are_read_as_hex_or_base64() -> anyhow::Result<()> {
        let text = DataKey::generate()?;
        let from_hex = DataKey::parse(&format!("  {text}\n"))?;
        let bytes: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
            .collect::<Result<_, _>>()?;
        let from_base64 = DataKey::parse(&STANDARD.encode(&bytes))?;
        assert_eq!(from_hex.fingerprint(), from_base64.fingerprint());
        assert!(DataKey::parse("too short").is_err());
        Ok(())
    }
}
