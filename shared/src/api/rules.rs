//! The validation rules of the wire types as JSON Schema, for the OpenAPI document: each schema
//! is built from the same constants and choices the validator reads, and says exactly what it
//! accepts (no more, no less), so that a client, and the fuzzer, can tell a valid request from
//! the document alone.
//!
//! Patterns use only what ECMA 262 and Python's `re` read the same way: explicit character
//! classes instead of `\s` (whose meaning differs between engines, and from Rust's `trim`).

use utoipa::openapi::schema::{ObjectBuilder, Type};

/// The characters Rust's `str::trim` removes (Unicode `White_Space`), as a class body.
pub const WHITE_SPACE: &str = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// A string field that takes exactly one of `choices`.
pub fn one_of<'a>(choices: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(choices))
}

/// A string whose trimmed form is `min..=max` characters, none of them a control character, nor
/// any of `also_refused` (a class body), except the controls in `controls_allowed` inside the
/// text: the rule of [`super::plain_text`] (`also_refused = "<>"`, no control allowed) and
/// [`super::plain_paragraphs`] (nothing else refused, line breaks allowed).
pub fn trimmed_text(
    min: usize,
    max: usize,
    also_refused: &str,
    controls_allowed: &[char],
) -> ObjectBuilder {
    // Control characters (general category Cc) but those allowed inside the text, as ranges.
    let mut controls = String::new();
    let mut run: Option<(u32, u32)> = None;
    let close = |run: (u32, u32), out: &mut String| match run {
        (from, to) if from == to => out.push_str(&format!("\\x{from:02x}")),
        (from, to) => out.push_str(&format!("\\x{from:02x}-\\x{to:02x}")),
    };
    for c in ('\u{0}'..='\u{9f}').filter(|c| c.is_control() && !controls_allowed.contains(c)) {
        let c = u32::from(c);
        run = match run {
            Some((from, to)) if to + 1 == c => Some((from, c)),
            Some(done) => {
                close(done, &mut controls);
                Some((c, c))
            }
            None => Some((c, c)),
        };
    }
    if let Some(done) = run {
        close(done, &mut controls);
    }
    let edge = format!("[^{WHITE_SPACE}{controls}{also_refused}]");
    let inner = format!("[^{controls}{also_refused}]");
    let space = format!("[{WHITE_SPACE}]*");
    let body = if min >= 2 {
        format!(
            "{edge}{inner}{{{},{}}}{edge}",
            min - 2,
            max.saturating_sub(2)
        )
    } else {
        format!("{edge}(?:{inner}{{0,{}}}{edge})?", max.saturating_sub(2))
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^{space}{body}{space}$")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The class must hold exactly the characters `trim` removes.
    #[test]
    fn the_white_space_class_is_rusts_white_space() {
        let listed = |c: char| {
            matches!(
                c,
                '\t'..='\r'
                    | ' '
                    | '\u{85}'
                    | '\u{a0}'
                    | '\u{1680}'
                    | '\u{2000}'..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
            )
        };
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(listed(c), c.is_whitespace(), "{c:?}");
        }
        assert_eq!(
            WHITE_SPACE,
            r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
        );
    }
}
