//! The country list (ISO 3166-1 alpha-2 codes with English names), derived from GeoNames and
//! compiled in so the browser validates exactly as the server does. See `data/README.md`.

use std::sync::OnceLock;

/// One row of `data/countries.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
}

const COUNTRIES_CSV: &str = include_str!("../../data/countries.csv");

/// Every country, sorted by code.
pub fn all() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut rows: Vec<Country> = COUNTRIES_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let fields = split_csv_line(line);
                Some(Country {
                    code: fields.first().copied()?,
                    name: fields.get(2).copied()?,
                })
            })
            .collect();
        rows.sort_by(|a, b| a.code.cmp(b.code));
        rows
    })
}

pub fn find(code: &str) -> Option<&'static Country> {
    let rows = all();
    rows.binary_search_by(|c| c.code.cmp(code))
        .ok()
        .and_then(|i| rows.get(i))
}

/// Splits one line of our own generated CSV. Quoted fields are returned without their quotes;
/// none of our country names contains a doubled quote, which a test checks.
fn split_csv_line(line: &'static str) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let (field, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        fields.push(field);
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_has_every_un_member_sized_set_and_no_doubled_quotes() {
        assert!(all().len() >= 240, "only {} countries", all().len());
        assert!(!COUNTRIES_CSV.contains("\"\""));
        assert!(
            all()
                .iter()
                .all(|c| c.code.len() == 2 && !c.name.is_empty())
        );
    }

    #[test]
    fn quoted_names_with_commas_are_read_whole() {
        assert_eq!(
            split_csv_line("KR,KOR,\"Korea, South\",Seoul,1"),
            vec!["KR", "KOR", "Korea, South", "Seoul", "1"]
        );
    }
}
