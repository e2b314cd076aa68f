//! How a cluster looks, the one rule for the server's SVG map and the app's Leaflet icon: a disc
//! in the colour of its largest category with the count on it, inside a thin ring of every
//! category's share (largest first, clockwise from the top), a dark edge around it all. Colour
//! is never the only signal: [`ClusterLook::title`] says what is inside in the reader's language.
//!
//! The colours are the categories' own (`Category::colour`, from the database: what the
//! category API serves and the server's pages read); sizes are pixels, SVG units on the
//! server's map.

use crate::api::Category;
use crate::i18n::{Count, Lang};

/// Width of the dark edge around a cluster.
pub const EDGE: f64 = 1.0;
/// Width of the ring of shares, inside the edge.
pub const RING: f64 = 3.5;
/// Width of the white gap between the ring and the disc.
pub const GAP: f64 = 1.0;
/// The edge's colour.
pub const EDGE_COLOUR: &str = "#1a1a1a";
/// The colour of a category whose colour is not known (the categories had not arrived, or the
/// category is newer than them, or its colour is not `#rrggbb`).
pub const UNKNOWN_COLOUR: &str = "#4d4d4d";

/// A cluster's radius for `count` members: larger for more, slowly.
pub fn radius(count: u32) -> f64 {
    12.0 + 5.0 * f64::from(count.max(1)).log10()
}

/// One category's part of the ring: its colour, and where it starts and ends as fractions of a
/// turn clockwise from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    pub colour: String,
    pub from: f64,
    pub to: f64,
}

/// Everything both maps draw of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterLook {
    /// Outer radius (the edge's outside).
    pub radius: f64,
    /// Radius of the inner disc, inside the gap.
    pub disc_radius: f64,
    /// The disc's colour: the largest category's.
    pub fill: String,
    /// The count's colour on `fill`: black or white, whichever contrasts more.
    pub text: &'static str,
    /// The ring, one arc per category, largest first; together they make the whole turn.
    pub arcs: Vec<Arc>,
    /// The accessible name: how many organisations, and of which category most are.
    pub title: String,
}

/// How a cluster of `count` organisations with `shares` (category key and count, largest first,
/// as the cluster index and the API give them) looks, given the categories' colours and names.
pub fn look(
    count: u32,
    shares: &[(&str, u32)],
    categories: &[Category],
    lang: Lang,
) -> ClusterLook {
    let category = |key: &str| categories.iter().find(|c| c.key == key);
    let colour = |key: &str| {
        category(key)
            .map(|c| c.colour.as_str())
            .filter(|c| parse_colour(c).is_some())
            .unwrap_or(UNKNOWN_COLOUR)
            .to_owned()
    };
    let total: u64 = shares.iter().map(|(_, n)| u64::from(*n)).sum();
    let mut arcs = Vec::with_capacity(shares.len());
    let mut done = 0u64;
    for (key, n) in shares.iter().filter(|(_, n)| *n > 0) {
        let from = done as f64 / total as f64;
        done += u64::from(*n);
        arcs.push(Arc {
            colour: colour(key),
            from,
            to: done as f64 / total as f64,
        });
    }
    let fill = arcs
        .first()
        .map_or_else(|| UNKNOWN_COLOUR.to_owned(), |a| a.colour.clone());
    let text = text_colour(&fill);
    let dominant = shares
        .first()
        .and_then(|(key, n)| category(key).map(|c| (c.names.get(lang.code()), *n)));
    let title = match dominant {
        Some((name, n)) if n >= count => {
            lang.count(Count::ClusterAll, u64::from(count), &[("category", name)])
        }
        Some((name, n)) => lang.count(
            Count::ClusterMixed,
            u64::from(count),
            &[("category", name), ("top", &n.to_string())],
        ),
        None => lang.count(Count::ClusterTitle, u64::from(count), &[]),
    };
    let radius = radius(count);
    ClusterLook {
        radius,
        disc_radius: radius - EDGE - RING - GAP,
        fill,
        text,
        arcs,
        title,
    }
}

/// `#rrggbb` as three bytes.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2's contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour of text on `background`: black or white, whichever contrasts more. On any
/// colour one of them reaches at least 4.58:1, so the count always meets WCAG's 4.5:1.
pub fn text_colour(background: &str) -> &'static str {
    const BLACK: [u8; 3] = [0, 0, 0];
    const WHITE: [u8; 3] = [255, 255, 255];
    let background = parse_colour(background).unwrap_or(BLACK);
    if contrast_ratio(background, BLACK) > contrast_ratio(background, WHITE) {
        "#000000"
    } else {
        "#ffffff"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::LocalizedNames;

    fn category(key: &str, colour: &str, en: &str) -> Category {
        Category {
            key: key.to_owned(),
            colour: colour.to_owned(),
            icon: "circle".to_owned(),
            names: LocalizedNames {
                en: en.to_owned(),
                ar: format!("ar {en}"),
                fr: format!("fr {en}"),
                es: format!("es {en}"),
            },
            featured: false,
            count: 0,
        }
    }

    fn categories() -> Vec<Category> {
        vec![
            category("student_group", "#1f4e9c", "Student Group"),
            category("media", "#00686f", "Media"),
            category("pale", "#ffe680", "Pale"),
        ]
    }

    #[test]
    fn the_disc_takes_the_largest_category_and_the_ring_every_share_in_order() {
        let look = look(
            12,
            &[("student_group", 9), ("media", 3)],
            &categories(),
            Lang::En,
        );
        assert_eq!(look.fill, "#1f4e9c");
        assert_eq!(look.text, "#ffffff");
        assert_eq!(
            look.arcs,
            vec![
                Arc {
                    colour: "#1f4e9c".into(),
                    from: 0.0,
                    to: 0.75
                },
                Arc {
                    colour: "#00686f".into(),
                    from: 0.75,
                    to: 1.0
                },
            ]
        );
        assert_eq!(
            look.title,
            "12 organisations, 9 of them Student Group: zoom in"
        );
        assert!(look.disc_radius > 0.0 && look.disc_radius < look.radius);
    }

    #[test]
    fn a_cluster_of_one_category_says_so_in_the_readers_language() {
        let look = look(5, &[("media", 5)], &categories(), Lang::Ar);
        assert_eq!(look.arcs.len(), 1);
        assert!(look.title.contains("ar Media"), "{}", look.title);
        assert_eq!(
            super::look(5, &[("media", 5)], &categories(), Lang::En).title,
            "5 organisations, all Media: zoom in"
        );
    }

    #[test]
    fn unknown_categories_and_bad_colours_are_drawn_grey_and_named_by_count_only() {
        let look = look(3, &[("new_category", 3)], &categories(), Lang::En);
        assert_eq!(look.fill, UNKNOWN_COLOUR);
        assert_eq!(look.title, "3 organisations: zoom in");
        let mut odd = categories();
        odd[0].colour = "red; background: url(x)".into();
        assert_eq!(
            super::look(2, &[("student_group", 2)], &odd, Lang::En).fill,
            UNKNOWN_COLOUR
        );
    }

    #[test]
    fn the_count_is_readable_on_every_colour() {
        assert_eq!(text_colour("#ffe680"), "#000000");
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let background = [r as u8, g as u8, b as u8];
                    let hex = format!("#{r:02x}{g:02x}{b:02x}");
                    let text = parse_colour(text_colour(&hex)).unwrap_or_default();
                    let ratio = contrast_ratio(background, text);
                    assert!(ratio >= 4.5, "{hex}: {ratio:.2}");
                }
            }
        }
    }

    #[test]
    fn colours_parse_only_as_six_hex_digits() {
        assert_eq!(parse_colour("#1f4E9c"), Some([0x1f, 0x4e, 0x9c]));
        for bad in ["1f4e9c", "#1f4e9", "#1f4e9cc", "#gg0000", "#ééé"] {
            assert_eq!(parse_colour(bad), None, "{bad}");
        }
    }
}
