//! Issue #15: every public page as plain HTML from the server, in the reader's language, working
//! with no script at all: the map with its filters and pages, an organisation, joining,
//! writing to a group, an owner's actions. HTML escaping holds by construction.

use diesel::Connection;
use reqwest::header;
use shared::domain::{Slug, Status};
use solidarity_map::db::models::organization;
use solidarity_map_tests::{TestApp, draft, spawn_app};
use uuid::Uuid;

struct Page {
    status: u16,
    headers: header::HeaderMap,
    body: String,
}

async fn page(app: &TestApp, path: &str, accept_language: &str) -> Page {
    let response = app
        .client
        .get(app.url(path))
        .header(header::ACCEPT_LANGUAGE, accept_language)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_default();
    Page {
        status,
        headers,
        body,
    }
}

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Page {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        body.append_pair(key, value);
    }
    let response = app
        .client
        .post(app.url(path))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.finish())
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_default();
    Page {
        status,
        headers,
        body,
    }
}

/// The value of the first element with `name="…"` and a `value` (maud writes `name` before
/// `value`).
fn field_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Every `href="…"` value in the page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

/// No inline script (only JSON-LD data blocks) and no inline style attribute: the CSP stays
/// as strict as before.
fn assert_no_inline_code(html: &str) {
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..html[i..].find('>').map_or(html.len(), |end| i + end)];
        assert!(
            tag.contains(" src=") || tag.contains("application/ld+json"),
            "inline script: {tag}"
        );
    }
    assert!(!html.contains(" style="), "inline style attribute");
}

fn jerusalem_fixture(app: &TestApp) -> organization::NewOrganization {
    let mut grassroots = draft(
        "Silwan Youth Centre",
        "jerusalem_grassroots",
        "Jerusalem",
        "PS",
        31.771,
        35.236,
    );
    grassroots.name_ar = Some("مركز شباب سلوان".to_owned());
    grassroots.focus_areas = vec!["youth".to_owned()];
    grassroots.website = Some("https://silwan.example.org".to_owned());
    app.insert(grassroots, Status::Published)
}

#[tokio::test]
async fn the_map_page_is_complete_html_in_the_readers_language() {
    let app = spawn_app().await;
    let grassroots = jerusalem_fixture(&app);
    app.insert(
        draft(
            "Glasgow Friends of Palestine",
            "solidarity_group",
            "Glasgow",
            "GB",
            55.86,
            -4.25,
        ),
        Status::Published,
    );

    let english = page(&app, "/", "en-GB,en;q=0.9").await;
    assert_eq!(english.status, 200);
    assert!(
        english
            .body
            .starts_with("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\">")
    );
    assert_eq!(english.headers[header::CONTENT_LANGUAGE], "en");
    assert!(english.body.contains("Glasgow Friends of Palestine"));
    assert!(
        english
            .body
            .contains(&format!("href=\"/org/{}\"", grassroots.slug))
    );
    assert!(english.body.contains("<svg"), "the map is drawn");
    assert!(english.body.contains("class=\"land\""));
    assert!(
        english
            .body
            .contains("Jerusalem (al-Quds), capital of Palestine")
    );
    assert!(english.body.contains("name=\"q\""), "the search form");
    assert!(
        english.body.contains("at=31.7767,35.2345,13"),
        "the spotlight's link"
    );
    assert_no_inline_code(&english.body);

    let arabic = page(&app, "/", "ar-PS,ar;q=0.9,en;q=0.5").await;
    assert!(
        arabic
            .body
            .starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">")
    );
    assert_eq!(arabic.headers[header::CONTENT_LANGUAGE], "ar");
    assert!(arabic.body.contains("مركز شباب سلوان"), "the Arabic name");
    assert!(arabic.body.contains("القدس، عاصمة فلسطين"));
    assert!(arabic.body.contains("فلسطين"), "country names from CLDR");
    assert!(!arabic.body.contains(">Palestine<"));

    // The URL wins over the browser, and every link keeps the language.
    let french = page(&app, "/?lang=fr", "ar").await;
    assert!(french.body.contains("<html lang=\"fr\""));
    assert!(french.body.contains("href=\"/join?lang=fr\""));
    let switcher: Vec<String> = links(&french.body)
        .into_iter()
        .filter(|l| l.starts_with("/?lang="))
        .collect();
    assert!(switcher.contains(&"/?lang=ar".to_owned()), "{switcher:?}");
}

#[tokio::test]
async fn filters_and_pages_are_plain_get_parameters() {
    let app = spawn_app().await;
    for i in 0..25 {
        app.insert(
            draft(
                &format!("Leeds Group {i:02}"),
                "student_group",
                "Leeds",
                "GB",
                53.8 + f64::from(i) * 0.001,
                -1.55,
            ),
            Status::Published,
        );
    }
    app.insert(
        draft("Lyon Collectif", "media", "Lyon", "FR", 45.76, 4.83),
        Status::Published,
    );

    let france = page(&app, "/?country=FR", "en").await;
    assert_eq!(france.status, 200);
    assert!(france.body.contains("Lyon Collectif"));
    assert!(!france.body.contains("Leeds Group"));
    assert!(
        france
            .body
            .contains("<option value=\"FR\" selected>France (1)</option>")
    );

    // A form sends repeated checkboxes; the app writes a comma list: both filter.
    let media = page(&app, "/?category=media&category=research_institute", "en").await;
    assert!(media.body.contains("Lyon Collectif") && !media.body.contains("Leeds Group"));
    let students = page(&app, "/?category=student_group", "en").await;
    assert!(!students.body.contains("Lyon Collectif"));

    let first = page(&app, "/?country=GB", "en").await;
    let first_names: Vec<&str> = first.body.matches("Leeds Group ").collect();
    assert_eq!(first_names.len(), 20, "one page of the list");
    let next = links(&first.body)
        .into_iter()
        .find(|l| l.contains("cursor="))
        .unwrap_or_else(|| panic!("no next page link"));
    let second = page(&app, &next, "en").await;
    assert_eq!(second.status, 200);
    assert_eq!(second.body.matches("Leeds Group ").count(), 5);
    assert!(second.body.contains("Leeds Group 24") || first.body.contains("Leeds Group 24"));
    assert!(
        links(&second.body).iter().all(|l| !l.contains("cursor=")),
        "the last page"
    );

    let refused = page(&app, "/?country=XX&category=no_such_kind", "en").await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("class=\"error-summary\""));
    assert!(refused.body.contains("href=\"#country\""));
}

#[tokio::test]
async fn clusters_are_links_that_zoom_in_and_the_map_moves_by_links() {
    let app = spawn_app().await;
    app.seed_demo(300);
    let world = page(&app, "/", "en").await;
    let zoom_links: Vec<String> = links(&world.body)
        .into_iter()
        .filter(|l| l.starts_with("/?at=") && l.ends_with("#map"))
        .collect();
    assert!(world.body.contains("class=\"cluster\""));
    let deeper = zoom_links
        .iter()
        .find(|l| {
            let zoom: u8 = l
                .trim_end_matches("#map")
                .rsplit(',')
                .next()
                .and_then(|z| z.parse().ok())
                .unwrap_or(0);
            zoom > 2
        })
        .unwrap_or_else(|| panic!("no link zooms in: {zoom_links:?}"));
    let closer = page(&app, deeper.trim_end_matches("#map"), "en").await;
    assert_eq!(closer.status, 200);
    assert!(closer.body.contains("Zoom out"));
    // An odd view is clamped to the world, never an error.
    let odd = page(&app, "/?at=89.9,179.9,0", "en").await;
    assert_eq!(odd.status, 200);
}

#[tokio::test]
async fn an_organisation_page_has_every_public_field_and_link_previews() {
    let app = spawn_app().await;
    let org = jerusalem_fixture(&app);
    let path = format!("/org/{}", org.slug);

    let english = page(&app, &path, "en").await;
    assert_eq!(english.status, 200);
    let body = &english.body;
    assert!(body.contains("<title>Silwan Youth Centre · International Solidarity Map</title>"));
    assert!(body.contains("<meta property=\"og:title\" content=\"Silwan Youth Centre\">"));
    assert!(body.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(body.contains("<script type=\"application/ld+json\">"));
    assert!(body.contains("\"@type\":\"Organization\""));
    for lang in ["en", "ar", "fr", "es"] {
        assert!(
            body.contains(&format!("hreflang=\"{lang}\" href=\"{path}?lang={lang}\"")),
            "{lang}"
        );
    }
    assert!(body.contains("href=\"https://silwan.example.org\""));
    assert!(body.contains(&format!("href=\"/contact/{}\"", org.slug)));
    assert!(body.contains("class=\"server-map locator\""));
    assert_no_inline_code(body);

    let french = page(&app, &path, "fr").await;
    assert!(
        french.body.contains("Jeunesse"),
        "focus area named in French"
    );
    assert!(french.body.contains("anglais"), "language named in French");

    let missing = page(&app, "/org/no-such-group", "ar").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"ar\""));
}

#[tokio::test]
async fn joining_works_without_scripts_with_errors_by_field_and_a_city_by_name() {
    let app = spawn_app().await;
    let form = page(&app, "/join", "en").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.headers[header::CACHE_CONTROL], "no-store");
    let token = field_value(&form.body, "form_token");
    assert!(form.body.contains("class=\"field honeypot\""));

    // Nothing filled in: every error next to its field and in the summary; values kept.
    let refused = post_form(
        &app,
        "/join",
        &[
            ("form_token", &token),
            ("name", "Lisbon Solidarity"),
            ("homepage", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("class=\"error-summary\""));
    for field in ["category", "city", "country", "contact_email", "consent"] {
        assert!(
            refused.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
        assert!(
            refused.body.contains(&format!("href=\"#{field}\"")),
            "{field}"
        );
    }
    assert!(refused.body.contains("value=\"Lisbon Solidarity\""));
    assert!(app.pending_submissions().is_empty());

    let fields = |token: &str| {
        vec![
            ("form_token", token.to_owned()),
            ("homepage", String::new()),
            ("name", "Lisbon Solidarity".to_owned()),
            ("category", "solidarity_group".to_owned()),
            ("description", "Weekly vigils.".to_owned()),
            ("city", "Lisbon".to_owned()),
            ("country", "PT".to_owned()),
            ("precision", "approximate".to_owned()),
            ("contact_email", "lisbon@example.org".to_owned()),
            ("consent", "yes".to_owned()),
        ]
    };
    let owned = fields(&token);
    let sent: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = post_form(&app, "/join", &sent).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert!(done.body.contains("/owner#"), "the owner link, shown once");
    let pending = app.pending_submissions();
    assert_eq!(pending.len(), 1);

    // The same token cannot send twice.
    let again = post_form(&app, "/join", &sent).await;
    assert_eq!(again.status, 400);
    assert_eq!(app.pending_submissions().len(), 1);

    // A name several places share: the candidates to choose from.
    let token = field_value(&page(&app, "/join", "en").await.body, "form_token");
    let mut ambiguous = fields(&token);
    for (key, value) in &mut ambiguous {
        match *key {
            "city" => *value = "Portland".to_owned(),
            "country" => *value = "US".to_owned(),
            "name" => *value = "Portland Palestine Solidarity".to_owned(),
            "contact_email" => *value = "sf@example.org".to_owned(),
            _ => {}
        }
    }
    let sent: Vec<(&str, &str)> = ambiguous.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let choose = post_form(&app, "/join", &sent).await;
    assert_eq!(choose.status, 400, "{}", choose.body);
    assert!(choose.body.contains("name=\"place\""), "candidates offered");
    let place = field_value(&choose.body, "place");
    let mut chosen = sent.clone();
    chosen.push(("place", &place));
    let done = post_form(&app, "/join", &chosen).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(app.pending_submissions().len(), 2);
}

#[tokio::test]
async fn writing_to_a_group_works_without_scripts() {
    let app = spawn_app().await;
    let org = app.insert_with_private(
        draft(
            "Oslo Palestine Committee",
            "solidarity_group",
            "Oslo",
            "NO",
            59.91,
            10.75,
        ),
        Status::Published,
        Some("oslo@example.org"),
        "",
    );
    let path = format!("/contact/{}", org.slug);
    let form = page(&app, &path, "es").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("<html lang=\"es\""));
    let token = field_value(&form.body, "form_token");
    let sent = post_form(
        &app,
        &path,
        &[
            ("form_token", &token),
            ("homepage", ""),
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("message", "We would like to meet your group."),
        ],
    )
    .await;
    assert_eq!(sent.status, 202, "{}", sent.body);
    assert!(sent.body.contains("id=\"contact-outcome\""));
    assert!(
        app.outbox()
            .iter()
            .any(|m| m.recipient == "oslo@example.org")
    );
    assert!(
        !sent.body.contains("oslo@example.org"),
        "the address is never shown"
    );
}

#[tokio::test]
async fn an_owner_opens_their_entry_by_pasting_the_link_and_hides_it() {
    let app = spawn_app().await;
    let receipt = app
        .submit(
            &draft(
                "Cork Solidarity",
                "solidarity_group",
                "Cork",
                "IE",
                51.9,
                -8.47,
            ),
            "cork@example.org",
        )
        .await;
    app.approve(
        &receipt["submission_id"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let link = receipt["owner_url"].as_str().unwrap_or_default().to_owned();

    let paste = page(&app, "/owner", "en").await;
    assert_eq!(paste.status, 200);
    assert!(paste.body.contains("name=\"token\""));

    let wrong = post_form(
        &app,
        "/owner",
        &[("action", "open"), ("token", "not-a-token")],
    )
    .await;
    assert_eq!(wrong.status, 401);

    let opened = post_form(&app, "/owner", &[("action", "open"), ("token", &link)]).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    assert!(
        opened
            .body
            .contains("data-testid=\"owner-status\">On the map<")
    );
    assert!(page(&app, "/", "en").await.body.contains("Cork Solidarity"));

    let hidden = post_form(
        &app,
        "/owner",
        &[("action", "hide"), ("token", &link), ("until", "")],
    )
    .await;
    assert_eq!(hidden.status, 200);
    assert!(hidden.body.contains("data-testid=\"owner-status\">Hidden<"));
    assert!(!page(&app, "/", "en").await.body.contains("Cork Solidarity"));

    let shown = post_form(&app, "/owner", &[("action", "show"), ("token", &link)]).await;
    assert!(
        shown
            .body
            .contains("data-testid=\"owner-status\">On the map<")
    );
}

/// Values that would run or break out of the HTML if any reached the page unescaped, stored
/// directly (bypassing the rules that refuse most of them) to prove that the pages escape by
/// construction.
#[tokio::test]
async fn markup_and_script_urls_in_every_text_field_are_inert_in_the_html() {
    let app = spawn_app().await;
    let hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'&";
    let valid = draft("Placeholder", "media", "Tunis", "TN", 36.8, 10.18)
        .validate()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let id = Uuid::new_v4();
    let mut org = solidarity_map::services::organizations::new_organization(
        shared::domain::OrganizationId::from_uuid(id),
        Slug::from_text("hostile group", "org"),
        &valid,
        Status::Published,
        shared::domain::Origin::Admin,
    );
    org.name = format!("Name {hostile}");
    org.name_ar = Some(format!("اسم {hostile}"));
    org.description = format!("Description {hostile}</script>");
    org.city = format!("City {hostile}");
    org.website = Some("javascript:alert(3)".to_owned());
    org.links = vec![
        "javascript:alert(4)".to_owned(),
        format!("https://ok.example.org/{hostile}"),
    ];
    org.languages = vec![format!("en{hostile}")];
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    conn.transaction(|c| {
        organization::insert(c, &org)?;
        solidarity_map::db::models::mark_changed(c)
    })
    .unwrap_or_else(|e| panic!("insert: {e}"));

    for path in [
        "/".to_owned(),
        format!("/?q={}", "Name"),
        format!("/org/{}", org.slug),
        format!("/contact/{}", org.slug),
        "/embed".to_owned(),
        "/?q=%22%3E%3Cscript%3Ealert(5)%3C/script%3E".to_owned(),
    ] {
        let html = page(&app, &path, "en").await.body;
        assert!(!html.contains("<script>alert"), "{path}");
        // As text the values are harmless; as markup they would not be.
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(!html.contains("href=\"javascript:"), "{path}");
        assert_no_inline_code(&html);
    }
    let detail = page(&app, &format!("/org/{}", org.slug), "en").await.body;
    assert!(
        detail.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    // Inside the JSON-LD block, `<` cannot close the element.
    let ld = detail
        .split("application/ld+json\">")
        .nth(1)
        .unwrap_or_default();
    let ld = ld.split("</script>").next().unwrap_or_default();
    assert!(!ld.contains('<'), "{ld}");
    let parsed: serde_json::Value = serde_json::from_str(ld).unwrap_or_default();
    assert_eq!(parsed["name"], org.name.as_str());
}

#[tokio::test]
async fn the_dashboard_says_in_plain_html_that_it_needs_scripts() {
    let app = spawn_app().await;
    let admin = page(&app, "/admin", "fr").await;
    assert_eq!(admin.status, 200);
    assert!(admin.body.contains("<html lang=\"fr\""));
    assert!(admin.body.contains("JavaScript"));
    assert!(admin.body.contains("/boot-admin.js"));
    let unknown = page(&app, "/no/such/page", "en").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("This page does not exist."));
}

#[tokio::test]
async fn resources_and_about_are_plain_html() {
    let app = spawn_app().await;
    let about = page(&app, "/about", "ar").await;
    assert_eq!(about.status, 200);
    assert!(about.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        about
            .body
            .contains("/embed?category=student_group&amp;country=GB")
    );
    let resources = page(&app, "/resources?kind=report", "en").await;
    assert_eq!(resources.status, 200);
    assert!(
        resources
            .body
            .contains("<option value=\"report\" selected>Report</option>")
    );
    assert_no_inline_code(&resources.body);
}

/// A page's form sent too often gets a page in the reader's language, with `Retry-After`; the
/// API keeps its problem document.
#[tokio::test]
async fn a_form_sent_too_often_gets_a_page_in_the_readers_language() {
    let app = solidarity_map_tests::spawn_app_with(|settings| {
        settings.write_burst = 1;
        settings.write_period = std::time::Duration::from_secs(60);
    })
    .await;
    let words: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("../locales/ar/pages.json")
            .or_else(|_| std::fs::read_to_string("locales/ar/pages.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let expected = words["tooManyRequests"].as_str().unwrap_or_default();
    assert!(!expected.is_empty(), "the Arabic message is read");
    let first = post_form(&app, "/join?lang=ar", &[("name", "x")]).await;
    assert_eq!(first.status, 400, "the first form is checked");
    let refused = post_form(&app, "/join?lang=ar", &[("name", "x")]).await;
    assert_eq!(refused.status, 429);
    assert!(
        refused.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html"),
        "{:?}",
        refused.headers
    );
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert!(refused.body.contains("lang=\"ar\""));
    assert!(refused.body.contains(expected), "{}", refused.body);
    let api = app
        .post_json("/api/v1/submissions/check", &serde_json::json!({}))
        .await;
    assert_eq!(api.status(), 429);
    assert_eq!(
        api.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
}

#[tokio::test]
async fn favicon_ico_leads_to_the_svg_icon_not_to_a_page() {
    let app = spawn_app().await;
    let answer = page(&app, "/favicon.ico", "en").await;
    assert_eq!(answer.status, 308);
    assert_eq!(answer.headers[header::LOCATION], "/favicon.svg");
    assert!(!answer.body.contains("<html"), "{}", answer.body);
}

#[tokio::test]
async fn an_embed_link_with_an_unknown_category_says_so_in_the_readers_language() {
    let app = spawn_app().await;
    let english = page(&app, "/embed?category=nonsense_kind", "en").await;
    assert_eq!(english.status, 200);
    assert!(
        english.body.contains("data-testid=\"embed-notice\""),
        "{}",
        english.body
    );
    assert!(english.body.contains("“nonsense_kind”"));
    let arabic = page(&app, "/embed?category=nonsense_kind", "ar").await;
    assert!(arabic.body.contains("«nonsense_kind»"), "{}", arabic.body);
    let known = page(&app, "/embed?category=student_group", "en").await;
    assert!(!known.body.contains("embed-notice"));
}

#[tokio::test]
async fn the_join_page_refuses_the_jerusalem_category_elsewhere_next_to_the_category() {
    let app = spawn_app().await;
    let token = field_value(&page(&app, "/join", "en").await.body, "form_token");
    let refused = post_form(
        &app,
        "/join",
        &[
            ("form_token", &token),
            ("homepage", ""),
            ("name", "Lisbon Solidarity"),
            ("category", "jerusalem_grassroots"),
            ("city", "Lisbon"),
            ("country", "PT"),
            ("precision", "approximate"),
            ("contact_email", "lisbon@example.org"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let error = refused
        .body
        .split("id=\"category-error\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no category error: {}", refused.body));
    assert!(
        error
            .chars()
            .take(400)
            .collect::<String>()
            .contains("organisations in Jerusalem (al-Quds)"),
        "{error}"
    );
    assert!(app.pending_submissions().is_empty());
}
