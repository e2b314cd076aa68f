//! The pseudo-locale (`en-XA`): the source text with accented letters, lengthened by about a
//! third and bracketed, placeholders untouched. A page in it shows at a glance any string that
//! escaped translation (plain English), any raw key, and any layout that breaks on longer text.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

fn accented(c: char) -> char {
    const FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const TO: &str = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// `text` in the pseudo-locale.
pub fn transform(text: &str) -> String {
    let mut out = String::from("[");
    let mut rest = text;
    let mut letters: usize = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{")
            && let Some(end) = after.find("}}")
        {
            out.push_str(&rest[..end + 4]);
            rest = &after[end + 2..];
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if c.is_alphabetic() {
                letters += 1;
            }
            out.push(accented(c));
        }
        rest = chars.as_str();
    }
    if letters > 0 {
        out.push(' ');
        out.extend(std::iter::repeat_n('·', letters.div_ceil(3)));
    }
    out.push(']');
    out
}

/// `transform`, kept for the life of the program so it can stand where a `&'static str` is
/// expected. Bounded by the number of distinct strings shown (the catalogue, and the names of
/// categories and focus areas); only the tests switch the pseudo-locale on.
pub fn localize(text: &str) -> &'static str {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let Ok(mut cache) = cache.lock() else {
        return "[]";
    };
    cache
        .entry(text.to_owned())
        .or_insert_with(|| Box::leak(transform(text).into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_accented_and_placeholders_kept() {
        assert_eq!(transform("Search"), "[Šéåŕçĥ ··]");
        assert_eq!(transform("{{n}} in view"), "[{{n}} îñ ṽîéŵ ··]");
        assert_eq!(transform(""), "[]");
    }
}
