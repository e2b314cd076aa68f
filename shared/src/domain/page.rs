use super::RuleViolation;

/// How many items one page holds: 1 to `MAX`, `DEFAULT` when the client does not say. The cap
/// keeps a single request cheap and makes bulk harvesting slow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u32);

impl PageSize {
    pub const DEFAULT: u32 = 50;
    pub const MAX: u32 = 500;
    /// Bulk formats (GeoJSON, CSV) take bigger pages: they are for maps and spreadsheets.
    pub const EXPORT_DEFAULT: u32 = 1000;
    pub const EXPORT_MAX: u32 = 5000;

    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        Self::parse_up_to(input, Self::MAX)
    }

    pub fn parse_up_to(input: &str, max: u32) -> Result<Self, RuleViolation> {
        let value: u32 = input.trim().parse().map_err(|_| {
            RuleViolation::new(
                "invalid_format",
                format!("limit must be a whole number from 1 to {max}"),
            )
        })?;
        if value == 0 || value > max {
            return Err(RuleViolation::new(
                "out_of_range",
                format!("limit must be from 1 to {max}, got {value}"),
            ));
        }
        Ok(Self(value))
    }

    /// The default page of the bulk formats.
    pub fn export_default() -> Self {
        Self(Self::EXPORT_DEFAULT)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self(Self::DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ten_thousand_is_out_of_range() {
        assert_eq!(
            PageSize::parse("10000").map_err(|e| e.rule),
            Err("out_of_range")
        );
    }

    proptest! {
        #[test]
        fn accepts_exactly_one_to_max(v in 0u32..100_000) {
            prop_assert_eq!(PageSize::parse(&v.to_string()).is_ok(), (1..=PageSize::MAX).contains(&v));
        }
    }
}
