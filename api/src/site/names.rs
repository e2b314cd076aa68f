//! Country and language names in the reader's language, from CLDR (`data/country-names.csv`,
//! `data/language-names.csv`, written by `scripts/derive-cldr-names.mjs`). The browser names
//! them from its own copy of CLDR (`Intl.DisplayNames`); the server pages need the same names
//! without a browser.

use std::collections::HashMap;
use std::sync::LazyLock;

use shared::i18n::Lang;

const COUNTRY_NAMES_CSV: &str = include_str!("../../../data/country-names.csv");
const LANGUAGE_NAMES_CSV: &str = include_str!("../../../data/language-names.csv");

/// The CSV's language columns, and each code's names in them. The files have no quoted fields
/// (a test checks), so a line splits on commas.
struct Names {
    columns: Vec<&'static str>,
    rows: HashMap<&'static str, Vec<&'static str>>,
}

impl Names {
    fn parse(csv: &'static str) -> Self {
        let mut lines = csv.lines();
        let columns = lines
            .next()
            .unwrap_or_default()
            .split(',')
            .skip(1)
            .collect();
        let rows = lines
            .filter_map(|line| {
                let mut fields = line.split(',');
                Some((fields.next()?, fields.collect()))
            })
            .collect();
        Self { columns, rows }
    }

    fn name(&self, code: &str, lang: Lang) -> Option<String> {
        let column = self
            .columns
            .iter()
            .position(|l| *l == lang.cldr_code())
            .unwrap_or(0);
        let row = self.rows.get(code)?;
        let name = row.get(column).or_else(|| row.first())?;
        Some(if lang == Lang::Pseudo {
            shared::i18n::pseudo(name).to_owned()
        } else {
            (*name).to_owned()
        })
    }
}

static COUNTRIES: LazyLock<Names> = LazyLock::new(|| Names::parse(COUNTRY_NAMES_CSV));
static LANGUAGES: LazyLock<Names> = LazyLock::new(|| Names::parse(LANGUAGE_NAMES_CSV));

/// The country's name in `lang` (its code when unknown).
pub fn country_name(code: &str, lang: Lang) -> String {
    COUNTRIES
        .name(code, lang)
        .unwrap_or_else(|| code.to_owned())
}

/// A language's name in `lang`, from the primary subtag of a BCP 47 tag (the tag when unknown).
pub fn language_name(tag: &str, lang: Lang) -> String {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase();
    LANGUAGES
        .name(&primary, lang)
        .unwrap_or_else(|| tag.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_split_on_commas() {
        assert!(!COUNTRY_NAMES_CSV.contains('"'));
        assert!(!LANGUAGE_NAMES_CSV.contains('"'));
    }

    #[test]
    fn countries_and_languages_are_named_in_each_language() {
        assert_eq!(country_name("PS", Lang::En), "Palestine");
        assert_eq!(country_name("PS", Lang::Ar), "فلسطين");
        assert_eq!(country_name("GB", Lang::Fr), "Royaume-Uni");
        assert_eq!(country_name("DE", Lang::Es), "Alemania");
        assert_eq!(country_name("ZZ", Lang::Ar), "ZZ");
        assert_eq!(language_name("ar", Lang::Fr), "arabe");
        assert_eq!(language_name("en-GB", Lang::Ar), "الإنجليزية");
        assert_eq!(language_name("tlh", Lang::En), "tlh");
    }

    #[test]
    fn every_country_of_the_list_has_a_name_in_every_language() {
        for country in shared::countries::all() {
            for lang in Lang::ALL {
                assert_ne!(country_name(country.code, lang), country.code, "{lang:?}");
            }
        }
    }
}
