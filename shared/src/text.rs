//! Text normalisation for search: one function used when an entry is stored and when a query is
//! parsed, so "Bethléem", "BETHLEEM" and "bethleem" meet, and Arabic matches with or without
//! vowel marks and across the common spelling variants of alef, taa marbuta and alef maqsura.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `input` to the form stored in the search column: NFKD, combining marks (Latin accents,
/// Arabic harakat) removed, lower case, Arabic letter variants unified, tatweel dropped, every run
/// of whitespace or punctuation collapsed to one space.
pub fn normalize_for_search(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfkd() {
        if is_combining_mark(c) || c == '\u{0640}' {
            continue;
        }
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            'ؤ' => 'و',
            'ئ' => 'ي',
            other => other,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Percent-encodes a value for a URL query or path segment (RFC 3986 unreserved characters and
/// `,`, which our list filters use, stay as they are).
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{normalize_for_search, percent_encode};

    #[test]
    fn percent_encoding_keeps_commas_and_escapes_the_rest() {
        assert_eq!(percent_encode("a,b c&d/é"), "a,b%20c%26d%2F%C3%A9");
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(normalize_for_search("Bethléem  ÉCOLE"), "bethleem ecole");
    }

    #[test]
    fn arabic_vowel_marks_and_letter_variants_are_folded() {
        assert_eq!(normalize_for_search("القُدْس"), normalize_for_search("القدس"));
        assert_eq!(normalize_for_search("مدرسة"), normalize_for_search("مدرسه"));
        assert_eq!(normalize_for_search("أحمد"), "احمد");
    }

    #[test]
    fn punctuation_becomes_single_spaces() {
        assert_eq!(
            normalize_for_search("  Sheikh-Jarrah, (Jerusalem) "),
            "sheikh jarrah jerusalem"
        );
    }
}
