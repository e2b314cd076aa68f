//! Two-factor sign-in with time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), and
//! single-use recovery codes.

use totp_rs::{Builder, Totp};

pub const ISSUER: &str = "Solidarity Map";

pub fn new_secret() -> anyhow::Result<Vec<u8>> {
    let mut bytes = vec![0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes)
}

pub fn totp(secret: &[u8], account: &str) -> anyhow::Result<Totp> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| anyhow::anyhow!("TOTP: {e:?}"))
}

pub fn to_base32(secret: &[u8]) -> String {
    totp_rs::Secret::from(secret.to_vec()).to_base32()
}

pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    totp_rs::Secret::try_from_base32(text)
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

/// The time step of `code` when it is the current code (or the one just before or after, for
/// clock drift); a step is accepted once.
pub fn check_step(secret: &[u8], account: &str, code: &str) -> Option<i64> {
    totp(secret, account)
        .ok()
        .and_then(|t| t.check_current(code.trim()))
        .and_then(|step| i64::try_from(step).ok())
}

/// Whether `code` is valid now.
pub fn check(secret: &[u8], account: &str, code: &str) -> bool {
    check_step(secret, account, code).is_some()
}

/// Ten random recovery codes such as `k3xq-7mzp-w2ra`.
pub fn recovery_codes() -> anyhow::Result<Vec<String>> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(10);
    for _ in 0..10 {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        codes.push(format!(
            "{}-{}-{}",
            chars[0..4].iter().collect::<String>(),
            chars[4..8].iter().collect::<String>(),
            chars[8..12].iter().collect::<String>()
        ));
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_code_checks_and_others_do_not() {
        let secret = new_secret().unwrap();
        let code = totp(&secret, "a@example.org")
            .unwrap()
            .generate_current()
            .to_string();
        assert!(check(&secret, "a@example.org", &code));
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(!check(&secret, "a@example.org", wrong));
        assert_eq!(from_base32(&to_base32(&secret)).unwrap(), secret);
        assert_eq!(recovery_codes().unwrap().len(), 10);
    }
}
