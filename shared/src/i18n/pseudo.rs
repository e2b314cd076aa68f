//! The pseudo-locale (`en-XA`): the source text with accented letters, lengthened by about a
//! third and bracketed, placeholders untouched. A page in it shows at a glance any string that
//! escaped translation (plain English), any raw key, and any layout that breaks on longer text.

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
            // Not `char::is_alphabetic`: its Unicode tables would weigh on the map's bundle.
            if c.is_ascii_alphabetic() || (!c.is_ascii() && !c.is_whitespace()) {
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
/// expected. Each call leaks its copy: only the tests switch the pseudo-locale on, and a cache
/// (a map and a lock) would weigh on every reader's bundle.
pub fn localize(text: &str) -> &'static str {
    Box::leak(transform(text).into_boxed_str())
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
