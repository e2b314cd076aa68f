//! `/api/v1/auth/…`: signing in and out of the dashboard, passwords and two-factor sign-in.

pub mod invitation;
pub mod login;
pub mod logout;
pub mod password;
pub mod refresh;
pub mod totp;
