use super::{Latitude, Longitude, RuleViolation};

/// A bounding box `min_lon,min_lat,max_lon,max_lat` (the GeoJSON order). Boxes that cross the
/// antimeridian are not accepted: a client splits them in two.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub min_lon: Longitude,
    pub min_lat: Latitude,
    pub max_lon: Longitude,
    pub max_lat: Latitude,
}

impl BBox {
    pub fn parse(input: &str) -> Result<Self, RuleViolation> {
        let parts: Vec<&str> = input.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(RuleViolation::new(
                "invalid_format",
                "bbox must be four comma-separated numbers: min_lon,min_lat,max_lon,max_lat",
            ));
        }
        let mut numbers = [0.0f64; 4];
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            *slot = part.parse::<f64>().map_err(|_| {
                RuleViolation::new(
                    "invalid_format",
                    format!("bbox value {part:?} is not a number"),
                )
            })?;
        }
        let [min_lon, min_lat, max_lon, max_lat] = numbers;
        let bbox = Self {
            min_lon: Longitude::parse(min_lon)?,
            min_lat: Latitude::parse(min_lat)?,
            max_lon: Longitude::parse(max_lon)?,
            max_lat: Latitude::parse(max_lat)?,
        };
        if min_lon > max_lon || min_lat > max_lat {
            return Err(RuleViolation::new(
                "min_greater_than_max",
                "bbox minimum must not be greater than its maximum",
            ));
        }
        Ok(bbox)
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat.value()..=self.max_lat.value()).contains(&lat)
            && (self.min_lon.value()..=self.max_lon.value()).contains(&lon)
    }
}

impl std::fmt::Display for BBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{},{},{},{}",
            self.min_lon.value(),
            self.min_lat.value(),
            self.max_lon.value(),
            self.max_lat.value()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn min_greater_than_max_is_refused() {
        assert_eq!(
            BBox::parse("10,0,5,1").map_err(|e| e.rule),
            Err("min_greater_than_max")
        );
    }

    #[test]
    fn three_numbers_are_refused() {
        assert_eq!(
            BBox::parse("1,2,3").map_err(|e| e.rule),
            Err("invalid_format")
        );
    }

    proptest! {
        #[test]
        fn display_round_trips(a in -180.0f64..180.0, b in -90.0f64..90.0, c in -180.0f64..180.0, d in -90.0f64..90.0) {
            let text = format!("{},{},{},{}", a.min(c), b.min(d), a.max(c), b.max(d));
            let bbox = BBox::parse(&text).unwrap();
            prop_assert_eq!(BBox::parse(&bbox.to_string()).unwrap(), bbox);
        }

        #[test]
        fn never_panics_on_any_text(s in ".{0,60}") {
            let _ = BBox::parse(&s);
        }
    }
}
