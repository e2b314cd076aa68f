//! Password hashing: argon2id at OWASP's recommended floor (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// Memory in KiB, passes, lanes.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with its own random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = hasher()?
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches `stored` (whatever parameters `stored` was made with).
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(argon) = hasher() else { return false };
    argon.verify_password(password.as_bytes(), stored).is_ok()
}

/// Whether a stored hash was made with other parameters than today's, and should be replaced
/// at the next successful sign-in.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let param = |name: &str| parsed.params.get_decimal(name);
    parsed.algorithm.as_str() != "argon2id"
        || param("m") != Some(MEMORY_KIB)
        || param("t") != Some(PASSES)
        || param("p") != Some(LANES)
}

/// The parameters a stored hash was made with: (memory KiB, passes, lanes).
pub fn parameters(stored: &str) -> Option<(u32, u32, u32)> {
    let parsed = PasswordHash::new(stored).ok()?;
    let param = |name: &str| parsed.params.get_decimal(name);
    Some((param("m")?, param("t")?, param("p")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_meet_the_owasp_floor_and_verify() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        let (m, t, p) = parameters(&stored).unwrap();
        assert!(m >= 19 * 1024 && t >= 2 && p == 1, "{stored}");
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("wrong horse battery", &stored));
        assert!(!needs_rehash(&stored));
    }

    #[test]
    fn weaker_hashes_are_marked_for_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery")
        .unwrap()
        .to_string();
        assert!(verify("correct horse battery", &weak));
        assert!(needs_rehash(&weak));
    }
}
