//! Deterministic, synthetic demo data. Every name says it is an example ("Example Student Group,
//! Glasgow") and every website is on example.org: the demo never invents a real-sounding
//! organisation. All demo rows have origin `demo` and `seed-demo --remove` deletes exactly them.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use shared::domain::{
    EventKind, Latitude, Longitude, OrganizationId, Origin, Precision, ResourceKind, Slug, Status,
    coarsen,
};
use uuid::Uuid;

use crate::cities::{self, City};
use crate::db::AnyConnection;
use crate::db::models::organization::{self, JERUSALEM_CATEGORY, NewOrganization};
use crate::db::models::{mark_changed, now, reference, resource};
use crate::services::slugs;

pub const ORIGIN: Origin = Origin::Demo;

/// A small deterministic generator (SplitMix64): the same seed gives the same map everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Neighbourhoods of occupied East Jerusalem with their Arabic names and a central point.
const JERUSALEM_NEIGHBOURHOODS: [(&str, &str, f64, f64); 12] = [
    ("Old City", "البلدة القديمة", 31.7767, 35.2345),
    ("Silwan", "سلوان", 31.7725, 35.2370),
    ("Sheikh Jarrah", "الشيخ جراح", 31.7925, 35.2300),
    ("Wadi al-Joz", "وادي الجوز", 31.7860, 35.2370),
    ("At-Tur", "الطور", 31.7790, 35.2450),
    ("Ras al-Amud", "رأس العامود", 31.7680, 35.2430),
    ("Jabal al-Mukabbir", "جبل المكبر", 31.7530, 35.2390),
    ("Sur Baher", "صور باهر", 31.7370, 35.2280),
    ("Beit Hanina", "بيت حنينا", 31.8290, 35.2190),
    ("Shu'fat", "شعفاط", 31.8150, 35.2300),
    ("Issawiya", "العيسوية", 31.7990, 35.2490),
    ("Beit Safafa", "بيت صفافا", 31.7480, 35.2050),
];

/// Kinds of Jerusalem grassroots organisation, in English and Arabic, with their focus areas.
const JERUSALEM_KINDS: [(&str, &str, &[&str]); 10] = [
    ("Youth Centre", "مركز شبابي", &["youth", "culture"]),
    ("Women's Cooperative", "تعاونية نسوية", &["women", "labour"]),
    ("Cultural Centre", "مركز ثقافي", &["culture", "heritage"]),
    (
        "Legal Aid Clinic",
        "عيادة قانونية",
        &["legal_aid", "human_rights"],
    ),
    (
        "Housing Rights Committee",
        "لجنة الدفاع عن السكن",
        &["housing", "advocacy"],
    ),
    ("Community Health Centre", "مركز صحي مجتمعي", &["health"]),
    (
        "Children's Library",
        "مكتبة أطفال",
        &["children", "education"],
    ),
    (
        "Heritage Association",
        "جمعية التراث",
        &["heritage", "culture"],
    ),
    ("Sports Club", "نادي رياضي", &["youth"]),
    (
        "Music School",
        "مدرسة موسيقى",
        &["culture", "education", "children"],
    ),
];

/// The global categories with their English label and likely focus areas.
const GLOBAL_CATEGORIES: [(&str, &str, &[&str]); 6] = [
    (
        "solidarity_group",
        "Solidarity Group",
        &["advocacy", "bds", "human_rights"],
    ),
    (
        "student_group",
        "Student Group",
        &["education", "advocacy", "youth"],
    ),
    (
        "faith_based_community",
        "Faith-Based Community",
        &["faith", "human_rights"],
    ),
    (
        "palestinian_diaspora",
        "Palestinian Diaspora",
        &["culture", "heritage", "advocacy"],
    ),
    ("media", "Media", &["media", "culture"]),
    (
        "research_institute",
        "Research Institute",
        &["research", "legal_aid"],
    ),
];

/// How many Jerusalem organisations the demo has (the real network is about 80).
pub const JERUSALEM_COUNT: usize = 80;

fn pick_some(rng: &mut SplitMix64, from: &[&str]) -> Vec<String> {
    let n = 1 + rng.below(from.len().min(3));
    let mut chosen: Vec<String> = Vec::new();
    while chosen.len() < n {
        let k = from[rng.below(from.len())].to_owned();
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    chosen.sort();
    chosen
}

fn jittered(rng: &mut SplitMix64, lat: f64, lon: f64, km: f64) -> (f64, f64) {
    let dlat = (rng.unit() * 2.0 - 1.0) * km / 111.0;
    let dlon = (rng.unit() * 2.0 - 1.0) * km / (111.0 * lat.to_radians().cos().abs().max(0.1));
    (
        (lat + dlat).clamp(-89.9, 89.9),
        (lon + dlon).clamp(-179.9, 179.9),
    )
}

/// Builds `count` demo organisations (the Jerusalem set first). Pure: no database.
pub fn organizations(count: usize) -> Vec<NewOrganization> {
    let mut rng = SplitMix64(0x50_4C_45_53_54_49_4E_45);
    let created = now();
    let mut taken = HashSet::new();
    let mut out = Vec::with_capacity(count);

    let base = |id_seed: u64, slug: Slug| NewOrganization {
        id: OrganizationId::from_uuid(Uuid::from_u64_pair(0xDE40_0000_0000_0000, id_seed)),
        slug,
        name: String::new(),
        name_ar: None,
        category: String::new(),
        description: String::new(),
        city: String::new(),
        country: String::new(),
        latitude: 0.0,
        longitude: 0.0,
        precision: Precision::Exact,
        website: None,
        links: Vec::new(),
        languages: Vec::new(),
        focus_areas: Vec::new(),
        original_language: None,
        translations: Default::default(),
        status: Status::Published,
        origin: ORIGIN,
        contact_email: None,
        internal_notes: String::new(),
        created_at: created,
        updated_at: created,
        last_confirmed_at: created,
    };

    for i in 0..JERUSALEM_COUNT.min(count) {
        let (place, place_ar, lat, lon) =
            JERUSALEM_NEIGHBOURHOODS[i % JERUSALEM_NEIGHBOURHOODS.len()];
        let (kind, kind_ar, focus) =
            JERUSALEM_KINDS[(i / JERUSALEM_NEIGHBOURHOODS.len() + i) % JERUSALEM_KINDS.len()];
        let (lat, lon) = jittered(&mut rng, lat, lon, 0.6);
        let name = format!("Example {kind}, {place}");
        let mut org = base(i as u64, Slug::from_text(&name, "example-jerusalem"));
        org.name = name;
        org.name_ar = Some(format!("مثال: {kind_ar}، {place_ar}"));
        org.category = JERUSALEM_CATEGORY.to_owned();
        org.description = format!(
            "A fictional example entry for demonstration: a {} in {place}, Jerusalem (al-Quds). Not a real organisation.",
            kind.to_lowercase()
        );
        org.city = "Jerusalem".to_owned();
        org.country = "PS".to_owned();
        org.latitude = lat;
        org.longitude = lon;
        org.languages = vec!["ar".to_owned(), "en".to_owned()];
        org.focus_areas = focus.iter().map(|s| (*s).to_owned()).collect();
        finish(&mut rng, &mut taken, &mut out, org);
    }

    let world = cities::all();
    // Weight cities by population so the demo looks like a real network: more groups in big
    // cities, some everywhere.
    let total: f64 = world.iter().map(|c| (c.population as f64).sqrt()).sum();
    let cumulative: Vec<f64> = world
        .iter()
        .scan(0.0, |acc, c| {
            *acc += (c.population as f64).sqrt() / total;
            Some(*acc)
        })
        .collect();
    let mut per_name: HashMap<String, usize> = HashMap::new();
    for i in JERUSALEM_COUNT.min(count)..count {
        let r = rng.unit();
        let city: &City = &world[cumulative.partition_point(|&c| c < r).min(world.len() - 1)];
        let (key, label, focus) = GLOBAL_CATEGORIES[rng.below(GLOBAL_CATEGORIES.len())];
        let stem = format!("Example {label}, {}", city.name);
        let seen = per_name.entry(stem.clone()).or_insert(0);
        *seen += 1;
        let name = if *seen == 1 {
            stem
        } else {
            format!("Example {label} {seen}, {}", city.name)
        };
        let (lat, lon) = jittered(&mut rng, city.latitude, city.longitude, 4.0);
        let mut org = base(i as u64, Slug::from_text(&name, "example-group"));
        org.name = name;
        org.category = key.to_owned();
        org.description = format!(
            "A fictional example entry for demonstration: a {} in {}. Not a real organisation.",
            label.to_lowercase(),
            city.name
        );
        org.city = city.name.clone();
        org.country = if city.country == "IL" && city.name == "Jerusalem" {
            "PS".to_owned()
        } else {
            city.country.clone()
        };
        org.latitude = lat;
        org.longitude = lon;
        org.languages = if rng.below(3) == 0 {
            vec!["ar".to_owned(), "en".to_owned()]
        } else {
            vec!["en".to_owned()]
        };
        org.focus_areas = pick_some(&mut rng, focus);
        finish(&mut rng, &mut taken, &mut out, org);
    }
    out
}

fn finish(
    rng: &mut SplitMix64,
    taken: &mut HashSet<String>,
    out: &mut Vec<NewOrganization>,
    mut org: NewOrganization,
) {
    if rng.below(10) < 3 {
        // About a third of the demo groups asked for an approximate location.
        if let (Ok(lat), Ok(lon)) = (
            Latitude::parse(org.latitude),
            Longitude::parse(org.longitude),
        ) {
            let (clat, clon) = coarsen(lat, lon);
            org.latitude = clat.value();
            org.longitude = clon.value();
            org.precision = Precision::Approximate;
        }
    }
    org.slug = slugs::first_free(&org.slug, taken);
    org.website = Some(format!("https://example.org/{}", org.slug));
    out.push(org);
}

/// Removes every demo row (organisations, and the resources and partnerships made with them).
pub fn remove(conn: &mut AnyConnection) -> anyhow::Result<usize> {
    crate::db::write_transaction(conn, |conn| {
        reference::delete_partnerships_by_origin(conn, ORIGIN)?;
        resource::delete_by_origin(conn, ORIGIN)?;
        let removed = organization::delete_by_origin(conn, ORIGIN)?;
        mark_changed(conn)?;
        Ok::<_, diesel::result::Error>(removed)
    })
    .context("removing the demo data")
}

/// Replaces the demo data with `count` organisations plus demo resources, partnerships and
/// `events` events, in one transaction. `progress` is called after each organisation.
pub fn seed(
    conn: &mut AnyConnection,
    count: usize,
    events: usize,
    mut progress: impl FnMut(),
) -> anyhow::Result<usize> {
    let orgs = organizations(count);
    crate::db::write_transaction(conn, |conn| {
        reference::delete_partnerships_by_origin(conn, ORIGIN)?;
        resource::delete_by_origin(conn, ORIGIN)?;
        organization::delete_by_origin(conn, ORIGIN)?;
        for chunk in orgs.chunks(1000) {
            organization::insert_many(conn, chunk)?;
            chunk.iter().for_each(|_| progress());
        }
        seed_resources_and_partnerships(conn, &orgs)?;
        seed_events(conn, &orgs, events)?;
        mark_changed(conn)
    })
    .context("writing the demo data")?;
    Ok(orgs.len())
}

/// The events a demo of `organizations` entries gets by default: one per twenty.
pub fn default_event_count(organizations: usize) -> usize {
    organizations / 20
}

/// Kinds, titles and local hours of the demo events, in turn.
const DEMO_EVENTS: [(EventKind, &str, u32); 6] = [
    (EventKind::Vigil, "Example vigil", 18),
    (
        EventKind::Talk,
        "Example talk: Jerusalem's neighbourhoods",
        19,
    ),
    (EventKind::Screening, "Example film screening", 20),
    (EventKind::Action, "Example day of action", 12),
    (EventKind::Fundraiser, "Example fundraiser dinner", 19),
    (EventKind::Other, "Example open meeting", 18),
];

/// `count` published events over the next 60 days, each organised by one of `orgs` (in turn)
/// where it is, in UTC: deterministic but for their dates, which follow today. They go with
/// their organisers (`ON DELETE CASCADE`), so `--remove` takes them too.
fn seed_events(
    conn: &mut AnyConnection,
    orgs: &[NewOrganization],
    count: usize,
) -> diesel::QueryResult<()> {
    use crate::db::models::event;
    use shared::api::{ValidEvent, ValidPlace};
    use shared::domain::{CountryCode, EventId, EventStatus, TimeZoneName};

    if orgs.is_empty() {
        return Ok(());
    }
    let at = now();
    let today = at.date();
    let utc = TimeZoneName::parse("UTC").map_err(|e| {
        diesel::result::Error::DeserializationError(format!("demo time zone: {e:?}").into())
    })?;
    let step = (orgs.len() / count.max(1)).max(1);
    for i in 0..count {
        let org = &orgs[(i * step) % orgs.len()];
        let (kind, title, hour) = DEMO_EVENTS[i % DEMO_EVENTS.len()];
        let day = today + chrono::Duration::days(1 + (i % 60) as i64);
        let Some(starts) = day.and_hms_opt(hour, 0, 0) else {
            continue;
        };
        let (Ok(country), Ok(latitude), Ok(longitude)) = (
            CountryCode::parse(&org.country),
            Latitude::parse(org.latitude),
            Longitude::parse(org.longitude),
        ) else {
            continue;
        };
        let valid = ValidEvent {
            title: format!("{title}, {}", org.city),
            description: format!(
                "A fictional example event for demonstration, organised by {}.",
                org.name
            ),
            link: None,
            kind,
            starts_at: starts.and_utc(),
            ends_at: (starts + chrono::Duration::hours(2)).and_utc(),
            time_zone: utc,
            place: Some(ValidPlace {
                city: org.city.clone(),
                country,
                latitude,
                longitude,
                precision: org.precision,
            }),
            languages: org.languages.clone(),
            co_organizers: Vec::new(),
        };
        let id = EventId::from_uuid(Uuid::from_u64_pair(0xDE41_0000_0000_0000, i as u64));
        let slug = Slug::from_text(&valid.title, "example-event").with_suffix(i as u32 + 1);
        event::insert(conn, id, slug.as_str(), org.id, &valid, at)?;
        event::set_status(conn, id, EventStatus::Published, None, at)?;
    }
    Ok(())
}

fn seed_resources_and_partnerships(
    conn: &mut AnyConnection,
    orgs: &[NewOrganization],
) -> diesel::QueryResult<()> {
    let at = now();
    let jerusalem: Vec<&NewOrganization> = orgs
        .iter()
        .filter(|o| o.category == JERUSALEM_CATEGORY)
        .collect();
    let global: Vec<&NewOrganization> = orgs
        .iter()
        .filter(|o| o.category != JERUSALEM_CATEGORY)
        .collect();
    for (i, (g, j)) in global
        .iter()
        .step_by(7)
        .zip(jerusalem.iter().step_by(3))
        .take(20)
        .enumerate()
    {
        reference::insert_partnership(
            conn,
            g.id,
            j.id,
            &format!(
                "Example twinning {}: {} and {} (fictional).",
                i + 1,
                g.name,
                j.name
            ),
            ORIGIN,
            at,
        )?;
    }
    let resources: [(&str, ResourceKind, &str, &str, &[&str]); 8] = [
        (
            "Example report: housing in Jerusalem",
            ResourceKind::Report,
            "en",
            "A fictional example report for demonstration.",
            &["housing", "human_rights"],
        ),
        (
            "Example toolkit: twinning with a Jerusalem organisation",
            ResourceKind::Toolkit,
            "en",
            "A fictional example toolkit for groups that want to twin.",
            &["advocacy"],
        ),
        (
            "مثال: دليل التوثيق المجتمعي",
            ResourceKind::Toolkit,
            "ar",
            "مورد تجريبي للعرض فقط.",
            &["media", "human_rights"],
        ),
        (
            "Example video: the Old City's heritage",
            ResourceKind::Video,
            "en",
            "A fictional example video for demonstration.",
            &["heritage", "culture"],
        ),
        (
            "Exemple de campagne : écoles de Jérusalem",
            ResourceKind::Campaign,
            "fr",
            "Une campagne fictive, pour la démonstration.",
            &["education"],
        ),
        (
            "Ejemplo de informe: salud comunitaria",
            ResourceKind::Report,
            "es",
            "Un informe ficticio para demostración.",
            &["health"],
        ),
        (
            "Example podcast: students for Palestine",
            ResourceKind::Podcast,
            "en",
            "A fictional example podcast episode.",
            &["youth", "education"],
        ),
        (
            "Example dataset: demolition orders",
            ResourceKind::Dataset,
            "en",
            "A fictional example dataset for demonstration.",
            &["housing", "research"],
        ),
    ];
    for (i, (title, kind, language, summary, topics)) in resources.iter().enumerate() {
        let related: Vec<OrganizationId> = jerusalem
            .iter()
            .skip(i)
            .step_by(11)
            .take(2)
            .map(|o| o.id)
            .collect();
        let topics: Vec<String> = topics.iter().map(|s| (*s).to_owned()).collect();
        let slug = format!("example-resource-{}", i + 1);
        resource::insert(
            conn,
            &resource::NewResource {
                slug: &slug,
                title,
                url: &format!("https://example.org/resources/{}", i + 1),
                kind: *kind,
                language,
                summary,
                topics: &topics,
                organization_ids: &related,
                origin: ORIGIN,
                at,
            },
        )?;
    }
    Ok(())
}

/// Adds `count` pending new entries with their submissions, as if groups had joined over the
/// last 30 days: every other one is obvious spam (links, casino and loan words, the same text),
/// the others plausible groups, in eight countries. For trying and measuring moderation at scale
/// (issue #18); `seed-demo --remove` removes them with the rest of the demo data.
pub fn seed_submissions(
    conn: &mut AnyConnection,
    count: usize,
) -> anyhow::Result<Vec<shared::domain::SubmissionId>> {
    use crate::db::models::ownership;
    use shared::api::OrganizationDraft;
    use shared::domain::SubmissionKind;

    const PLACES: [(&str, &str, f64, f64); 8] = [
        ("Lisbon", "PT", 38.72, -9.14),
        ("Lyon", "FR", 45.76, 4.84),
        ("Seville", "ES", 37.39, -5.98),
        ("Leipzig", "DE", 51.34, 12.37),
        ("Glasgow", "GB", 55.86, -4.25),
        ("Chicago", "US", 41.88, -87.63),
        ("Durban", "ZA", -29.86, 31.02),
        ("Recife", "BR", -8.05, -34.9),
    ];
    const CATEGORIES: [&str; 4] = [
        "solidarity_group",
        "student_group",
        "faith_based_community",
        "media",
    ];
    let started = now();
    crate::db::write_transaction(conn, |conn| {
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let (city, country, lat, lon) = PLACES[i % PLACES.len()];
            let spam = i % 2 == 0;
            let draft = OrganizationDraft {
                name: if spam {
                    format!("Best casino bonus {i}")
                } else {
                    format!("{city} Solidarity Circle {i}")
                },
                category: CATEGORIES[i % CATEGORIES.len()].to_owned(),
                description: if spam {
                    "Cheap loans and casino bonus today https://spam.test/a https://spam.test/b https://spam.test/c".to_owned()
                } else {
                    format!(
                        "Circle {i} holds vigils, talks and film nights for Palestine in {city}."
                    )
                },
                city: city.to_owned(),
                country: country.to_owned(),
                latitude: Some(lat),
                longitude: Some(lon),
                ..OrganizationDraft::default()
            };
            let valid = draft
                .validate()
                .map_err(|e| anyhow::anyhow!("demo submission invalid: {e:?}"))?;
            let id = OrganizationId::from_uuid(Uuid::new_v4());
            let slug = Slug::from_text(&format!("{} {city}", valid.name), "group")
                .with_suffix(id.as_uuid().as_fields().0 % 100_000);
            let mut org = crate::services::organizations::new_organization(
                id,
                slug,
                &valid,
                Status::Pending,
                ORIGIN,
            );
            org.contact_email = Some(format!("group{i}@example.org"));
            organization::insert(conn, &org)?;
            let waited =
                chrono::Duration::days((i % 30) as i64) + chrono::Duration::minutes(i as i64);
            ids.push(ownership::insert_submission(
                conn,
                id,
                SubmissionKind::New,
                &crate::services::entries::draft_json(&draft, &valid),
                started - waited,
            )?);
        }
        Ok::<_, anyhow::Error>(ids)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_is_deterministic_and_says_it_is_an_example() {
        let a = organizations(500);
        let b = organizations(500);
        assert_eq!(
            a.iter()
                .map(|o| (&o.id, &o.slug, o.latitude))
                .collect::<Vec<_>>(),
            b.iter()
                .map(|o| (&o.id, &o.slug, o.latitude))
                .collect::<Vec<_>>()
        );
        assert!(a.iter().all(|o| o.name.starts_with("Example ")));
        assert_eq!(
            a.iter()
                .filter(|o| o.category == JERUSALEM_CATEGORY)
                .count(),
            JERUSALEM_COUNT
        );
        assert!(
            a.iter()
                .filter(|o| o.category == JERUSALEM_CATEGORY)
                .all(|o| o.country == "PS")
        );
    }

    #[test]
    fn slugs_and_ids_are_unique() {
        let orgs = organizations(5000);
        let slugs: HashSet<_> = orgs.iter().map(|o| o.slug.clone()).collect();
        let ids: HashSet<_> = orgs.iter().map(|o| o.id).collect();
        assert_eq!((slugs.len(), ids.len()), (5000, 5000));
    }
}
