use super::RuleViolation;
use crate::countries;

/// An ISO 3166-1 alpha-2 country code that exists in our country list (upper case on the wire;
/// lower case input is accepted).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let upper = input.trim().to_ascii_uppercase();
        let bytes = upper.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(RuleViolation::new(
                "invalid_format",
                "country must be an ISO 3166-1 alpha-2 code such as PS or GB",
            ));
        }
        if countries::find(&upper).is_none() {
            return Err(RuleViolation::new(
                "unknown_country",
                format!("{upper} is not an ISO 3166-1 alpha-2 country code"),
            ));
        }
        Ok(Self([bytes[0], bytes[1]]))
    }

    pub fn as_str(&self) -> &str {
        // The bytes were checked to be ASCII upper-case letters in `parse`.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English name from our country list.
    pub fn name(&self) -> &'static str {
        countries::find(self.as_str()).map_or("", |c| c.name)
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = RuleViolation;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> String {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palestine_is_known_and_lower_case_is_accepted() {
        assert_eq!(
            CountryCode::parse("ps").map(|c| c.to_string()),
            Ok("PS".to_owned())
        );
        assert_eq!(CountryCode::parse("PS").map(|c| c.name()), Ok("Palestine"));
    }

    #[test]
    fn unassigned_code_is_refused() {
        assert_eq!(
            CountryCode::parse("QQ").map_err(|e| e.rule),
            Err("unknown_country")
        );
        assert_eq!(
            CountryCode::parse("GBR").map_err(|e| e.rule),
            Err("invalid_format")
        );
    }
}
