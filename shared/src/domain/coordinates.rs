use super::RuleViolation;

macro_rules! bounded_degrees {
    ($name:ident, $limit:expr, $what:literal) => {
        #[doc = concat!("A ", $what, " in decimal degrees (WGS 84), finite and within ±", stringify!($limit), ".")]
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            pub const LIMIT: f64 = $limit;

            pub fn parse(value: f64) -> Result<Self, RuleViolation> {
                if !value.is_finite() {
                    return Err(RuleViolation::new("not_a_number", concat!($what, " must be a finite number")));
                }
                if !(-Self::LIMIT..=Self::LIMIT).contains(&value) {
                    return Err(RuleViolation::new(
                        "out_of_range",
                        format!(concat!($what, " must be between -{} and {}, got {}"), Self::LIMIT, Self::LIMIT, value),
                    ));
                }
                Ok(Self(value))
            }

            pub fn value(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = RuleViolation;
            fn try_from(value: f64) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl From<$name> for f64 {
            fn from(value: $name) -> f64 {
                value.0
            }
        }
    };
}

bounded_degrees!(Latitude, 90.0, "latitude");
bounded_degrees!(Longitude, 180.0, "longitude");

/// Rounds a point to a grid of about one kilometre, so an approximate entry never stores the
/// exact point: 0.01° of latitude is 1.1 km, and the longitude step widens towards the poles so
/// that a cell stays about a kilometre wide.
pub fn coarsen(lat: Latitude, lon: Longitude) -> (Latitude, Longitude) {
    let lat_step = 0.01;
    let lat_value = (lat.value() / lat_step).round() * lat_step;
    let cos = lat_value.to_radians().cos().abs().max(0.01);
    let lon_step = (0.01 / cos).min(1.0);
    let lon_value = (lon.value() / lon_step).round() * lon_step;
    (
        Latitude(lat_value.clamp(-90.0, 90.0)),
        Longitude(lon_value.clamp(-180.0, 180.0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn latitude_95_is_out_of_range() {
        assert_eq!(
            Latitude::parse(95.0).map_err(|e| e.rule),
            Err("out_of_range")
        );
    }

    #[test]
    fn nan_is_refused() {
        assert_eq!(
            Longitude::parse(f64::NAN).map_err(|e| e.rule),
            Err("not_a_number")
        );
    }

    proptest! {
        #[test]
        fn latitude_accepts_exactly_the_closed_range(v in -1000.0f64..1000.0) {
            prop_assert_eq!(Latitude::parse(v).is_ok(), (-90.0..=90.0).contains(&v));
        }

        #[test]
        fn longitude_accepts_exactly_the_closed_range(v in -1000.0f64..1000.0) {
            prop_assert_eq!(Longitude::parse(v).is_ok(), (-180.0..=180.0).contains(&v));
        }

        #[test]
        fn coarsening_moves_a_point_less_than_a_kilometre_and_a_half(lat in -80.0f64..80.0, lon in -179.0f64..179.0) {
            let (clat, clon) = coarsen(Latitude::parse(lat).unwrap(), Longitude::parse(lon).unwrap());
            let dy = (clat.value() - lat) * 111.0;
            let dx = (clon.value() - lon) * 111.0 * lat.to_radians().cos();
            prop_assert!((dx * dx + dy * dy).sqrt() < 1.5);
        }
    }
}
