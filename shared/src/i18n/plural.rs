//! CLDR plural categories. The server asks `intl_pluralrules` (CLDR's rules compiled to Rust,
//! from the Fluent project); the browser asks its own `Intl.PluralRules` (the same CLDR rules,
//! already in every browser), which keeps the rules of 200 languages out of the wasm bundle.
//! `tests/browser` checks that both give the same counts in Arabic.

use super::Lang;

/// The six CLDR categories, in the order of the generated tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralCategory {
    Zero = 0,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    #[cfg(any(target_arch = "wasm32", test))]
    fn from_cldr_name(name: &str) -> Self {
        match name {
            "zero" => Self::Zero,
            "one" => Self::One,
            "two" => Self::Two,
            "few" => Self::Few,
            "many" => Self::Many,
            _ => Self::Other,
        }
    }
}

/// The category `lang`'s cardinal rules give `n`.
#[cfg(not(target_arch = "wasm32"))]
pub fn plural_category(lang: Lang, n: u64) -> PluralCategory {
    use intl_pluralrules::{PluralCategory as Cldr, PluralRuleType, PluralRules};
    let Ok(id) = lang.cldr_code().parse::<unic_langid::LanguageIdentifier>() else {
        return PluralCategory::Other;
    };
    let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else {
        return PluralCategory::Other;
    };
    match rules.select(n) {
        Ok(Cldr::ZERO) => PluralCategory::Zero,
        Ok(Cldr::ONE) => PluralCategory::One,
        Ok(Cldr::TWO) => PluralCategory::Two,
        Ok(Cldr::FEW) => PluralCategory::Few,
        Ok(Cldr::MANY) => PluralCategory::Many,
        _ => PluralCategory::Other,
    }
}

/// The category `lang`'s cardinal rules give `n`.
#[cfg(target_arch = "wasm32")]
pub fn plural_category(lang: Lang, n: u64) -> PluralCategory {
    let locales = js_sys::Array::of1(&lang.cldr_code().into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    let name: String = rules.select(n as f64).into();
    PluralCategory::from_cldr_name(&name)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_six_forms() {
        let at = |n| plural_category(Lang::Ar, n);
        assert_eq!(at(0), PluralCategory::Zero);
        assert_eq!(at(1), PluralCategory::One);
        assert_eq!(at(2), PluralCategory::Two);
        assert_eq!(at(3), PluralCategory::Few);
        assert_eq!(at(11), PluralCategory::Many);
        assert_eq!(at(100), PluralCategory::Other);
    }

    #[test]
    fn french_counts_zero_as_one_and_english_does_not() {
        assert_eq!(plural_category(Lang::Fr, 0), PluralCategory::One);
        assert_eq!(plural_category(Lang::Fr, 2), PluralCategory::Other);
        assert_eq!(plural_category(Lang::En, 0), PluralCategory::Other);
        assert_eq!(plural_category(Lang::En, 1), PluralCategory::One);
        assert_eq!(plural_category(Lang::Es, 1), PluralCategory::One);
        assert_eq!(plural_category(Lang::Es, 0), PluralCategory::Other);
    }

    #[test]
    fn cldr_names_map_back() {
        assert_eq!(PluralCategory::from_cldr_name("few"), PluralCategory::Few);
        assert_eq!(PluralCategory::from_cldr_name("?"), PluralCategory::Other);
    }
}
