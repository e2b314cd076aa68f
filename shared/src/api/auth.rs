//! Signing in to the dashboard: what the sign-in form sends and gets back, and the password rule
//! the browser checks too.

use crate::domain::{FieldError, RuleViolation};

/// Shortest password accepted for an admin or moderator account.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest password accepted (argon2 would hash more, but nobody needs it).
pub const PASSWORD_MAX_CHARS: usize = 1024;

/// A new password: at least 12 characters, at most 1024.
pub fn new_password(input: &str) -> Result<(), RuleViolation> {
    let count = input.chars().count();
    if count < PASSWORD_MIN_CHARS {
        Err(RuleViolation::new(
            "too_short",
            format!("must be at least {PASSWORD_MIN_CHARS} characters"),
        ))
    } else if count > PASSWORD_MAX_CHARS {
        Err(RuleViolation::new(
            "too_long",
            format!("must be at most {PASSWORD_MAX_CHARS} characters"),
        ))
    } else {
        Ok(())
    }
}

crate::domain::text_enum::text_enum! {
    /// Who may do what: admins everything; moderators review and edit content.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Role ("role") {
        Admin => "admin",
        Moderator => "moderator",
    }
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    /// The authenticator app's current code, when two-factor sign-in is on.
    #[serde(default)]
    pub totp_code: Option<String>,
    /// A one-time recovery code instead of the authenticator's code.
    #[serde(default)]
    pub recovery_code: Option<String>,
}

impl LoginRequest {
    /// Only presence is checked here: the answer to a wrong address or password must not differ.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.email.trim().is_empty() || self.email.len() > 254 {
            errors.push(FieldError::new(
                "email",
                "required",
                "this field is required",
            ));
        }
        if self.password.is_empty() || self.password.chars().count() > PASSWORD_MAX_CHARS {
            errors.push(FieldError::new(
                "password",
                "required",
                "this field is required",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A signed-in session: a short-lived access token and a refresh token to get the next one.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single use: `POST /api/v1/auth/refresh` returns a new pair and retires this one.
    pub refresh_token: String,
    pub role: Role,
    /// The account must set up two-factor sign-in before it can do anything else.
    pub totp_setup_required: bool,
}

/// `POST /api/v1/auth/refresh`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: String,
}

/// `POST /api/v1/auth/password`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
}

/// `POST /api/v1/auth/totp/setup`: the secret to enter in an authenticator app.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetup {
    /// Base32, for typing in.
    pub secret: String,
    /// `otpauth://…`, for a QR code.
    pub otpauth_url: String,
}

/// `POST /api/v1/auth/totp/enable`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpCode {
    #[serde(default)]
    pub code: String,
    /// The account's password: a stolen access token alone cannot turn two-factor sign-in on
    /// (and lock the owner out).
    #[serde(default)]
    pub password: String,
}

/// Two-factor sign-in is on: keep these single-use codes somewhere safe.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(new_password("eleven chars").is_ok());
        assert_eq!(new_password("short").unwrap_err().rule, "too_short");
        assert!(new_password("twelve chars").is_ok());
        assert!(new_password("elevenchars").is_err());
    }
}
