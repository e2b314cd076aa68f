//! Where a map label goes so that it hides no marker: the one rule for the "Jerusalem
//! (al-Quds)" label, run by the server's SVG map and by the browser's Leaflet map on the
//! markers each has drawn (screen units, y down).

/// An axis-aligned box: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// The box of a marker or cluster drawn as a circle of `radius` around (x, y).
    pub fn around(x: f64, y: f64, radius: f64) -> Self {
        Self {
            x: x - radius,
            y: y - radius,
            width: 2.0 * radius,
            height: 2.0 * radius,
        }
    }

    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    fn inside(&self, bounds: &Rect) -> bool {
        self.x >= bounds.x
            && self.y >= bounds.y
            && self.x + self.width <= bounds.x + bounds.width
            && self.y + self.height <= bounds.y + bounds.height
    }

    /// Moved the least it takes to lie inside `bounds` (when it is small enough to).
    fn slid_into(self, bounds: &Rect) -> Self {
        let slide = |start: f64, size: f64, low: f64, span: f64| {
            if size > span {
                start
            } else {
                start.clamp(low, low + span - size)
            }
        };
        Self {
            x: slide(self.x, self.width, bounds.x, bounds.width),
            y: slide(self.y, self.height, bounds.y, bounds.height),
            ..self
        }
    }

    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// The box for a label of `width` x `height` about the point (x, y): the first of below, above,
/// after, before, then the diagonals, at growing distances, that meets none of `markers` and
/// stays inside `bounds`. When none is free, the one that covers the fewest markers.
pub fn place_label(
    (x, y): (f64, f64),
    (width, height): (f64, f64),
    markers: &[Rect],
    bounds: Rect,
) -> Rect {
    let gap = 6.0;
    let mut best: Option<(usize, Rect)> = None;
    for step in 0..8 {
        let reach = gap + f64::from(step) * height;
        let below = y + reach;
        let above = y - reach - height;
        let after = x + reach;
        let before = x - reach - width;
        let middle_x = x - width / 2.0;
        let middle_y = y - height / 2.0;
        let candidates = [
            (middle_x, below),
            (middle_x, above),
            (after, middle_y),
            (before, middle_y),
            (after, below),
            (before, below),
            (after, above),
            (before, above),
        ];
        for (left, top) in candidates {
            // Slid back inside the map when it sticks out (a long label near an edge, or a
            // phone's map narrower than the label is wide around its point).
            let candidate = Rect {
                x: left,
                y: top,
                width,
                height,
            }
            .slid_into(&bounds);
            if !candidate.inside(&bounds) {
                continue;
            }
            let covered = markers.iter().filter(|m| m.intersects(&candidate)).count();
            if covered == 0 {
                return candidate;
            }
            if best.is_none_or(|(fewest, _)| covered < fewest) {
                best = Some((covered, candidate));
            }
        }
    }
    best.map_or(
        Rect {
            x: x - width / 2.0,
            y: y + gap,
            width,
            height,
        },
        |(_, rect)| rect,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 1000.0,
        height: 500.0,
    };

    #[test]
    fn near_an_edge_the_label_slides_inside_the_map_rather_than_being_cut() {
        let narrow = Rect {
            x: 0.0,
            y: 0.0,
            width: 300.0,
            height: 300.0,
        };
        let placed = place_label((200.0, 150.0), (260.0, 16.0), &[], narrow);
        assert!(placed.inside(&narrow), "{placed:?}");
        assert!(placed.y > 150.0, "still below its point: {placed:?}");
    }

    #[test]
    fn with_nothing_around_the_label_goes_below_its_point() {
        let placed = place_label((500.0, 250.0), (120.0, 16.0), &[], BOUNDS);
        assert_eq!(placed.center().0, 500.0);
        assert!(placed.y > 250.0);
    }

    #[test]
    fn the_label_moves_off_markers_below_and_above() {
        let markers = [
            Rect::around(500.0, 270.0, 15.0),
            Rect::around(470.0, 225.0, 15.0),
            Rect::around(530.0, 225.0, 15.0),
        ];
        let placed = place_label((500.0, 250.0), (120.0, 16.0), &markers, BOUNDS);
        assert!(markers.iter().all(|m| !m.intersects(&placed)), "{placed:?}");
        assert!(placed.inside(&BOUNDS));
    }

    #[test]
    fn a_crowded_point_still_gets_a_place_within_the_map() {
        let markers: Vec<Rect> = (0..40)
            .flat_map(|i| {
                (0..20).map(move |j| Rect::around(f64::from(i) * 25.0, f64::from(j) * 25.0, 12.0))
            })
            .collect();
        let placed = place_label((500.0, 250.0), (120.0, 16.0), &markers, BOUNDS);
        assert!(placed.inside(&BOUNDS));
    }

    #[test]
    fn near_the_edge_the_label_stays_inside() {
        let placed = place_label((990.0, 495.0), (120.0, 16.0), &[], BOUNDS);
        assert!(placed.inside(&BOUNDS), "{placed:?}");
    }
}
