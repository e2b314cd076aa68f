//! The dashboard's strings: the `admin` namespace of `locales/`, apart from the public ones so
//! that they never weigh on the map's bundle.

use leptos::prelude::Get;

pub use shared::i18n::{AdminCount, AdminMsg};

use crate::i18n::I18n;

/// The dashboard's strings in the reader's language.
pub trait AdminText {
    fn a(&self, msg: AdminMsg) -> &'static str;
    /// A counted message for `n`, in the plural form the reader's language needs.
    fn a_count(&self, msg: AdminCount, n: usize) -> String;
    /// A message with its `{{placeholders}}` filled.
    fn a_format(&self, msg: AdminMsg, args: &[(&str, &str)]) -> String;
}

impl AdminText for I18n {
    fn a(&self, msg: AdminMsg) -> &'static str {
        self.lang.get().text(msg)
    }

    fn a_count(&self, msg: AdminCount, n: usize) -> String {
        self.lang.get().count(msg, n as u64, &[])
    }

    fn a_format(&self, msg: AdminMsg, args: &[(&str, &str)]) -> String {
        self.lang.get().format(msg, args)
    }
}

/// A status's name for the dashboard.
pub fn status_name(status: &str) -> AdminMsg {
    match status {
        "pending" => AdminMsg::StatusPending,
        "hidden" => AdminMsg::StatusHidden,
        "archived" => AdminMsg::StatusArchived,
        "rejected" => AdminMsg::StatusRejected,
        _ => AdminMsg::StatusPublished,
    }
}
