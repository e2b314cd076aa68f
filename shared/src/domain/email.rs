/// An e-mail address of the ordinary kind (`local@domain.tld`), trimmed and at most 254
/// characters. Deliverability is checked by sending, not here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(input: &str) -> Result<Self, super::RuleViolation> {
        let text = input.trim();
        let invalid = || {
            super::RuleViolation::new(
                "invalid_email",
                "must be an e-mail address such as name@example.org",
            )
        };
        if text.is_empty() {
            return Err(super::RuleViolation::new(
                "required",
                "this field is required",
            ));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(super::RuleViolation::new(
                "too_long",
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        let (local, domain) = text.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass() {
        for ok in [
            "a@example.org",
            " Name.Surname+tag@sub.example.co.uk ",
            "ن@مثال.فلسطين",
        ] {
            assert!(EmailAddress::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn broken_addresses_are_refused() {
        for bad in [
            "",
            "no-at-sign",
            "@example.org",
            "a@",
            "a@localhost",
            "a b@example.org",
            "a@exa mple.org",
            "<script>@example.org",
            "a..b@example.org",
            "a@-example.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
