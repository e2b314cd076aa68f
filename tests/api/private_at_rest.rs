//! Issue #20: private values that identify or reach a person are sealed at rest under the data
//! key. Known values are planted through the API (a join, a relayed message, an admin's note,
//! an invitation, and a two-factor secret), then looked for, in several encodings, in what leaks: the SQLite file and its
//! write-ahead log, a `solidarity-map backup` copy, and a `pg_dump` of the PostgreSQL database.
//! The moderators still read them through the admin API, and each look-up by address works.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::Method;
use serde_json::{Value, json};
use shared::domain::Status;
use solidarity_map::config::Settings;
use solidarity_map::data_key::DataKey;
use solidarity_map::db::DatabaseUrl;
use solidarity_map::startup::Application;
use solidarity_map_tests::{TestApp, draft, spawn_app};

/// The planted values, and the forms in which a leak could show them.
fn encodings(value: &str) -> Vec<Vec<u8>> {
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    vec![
        value.as_bytes().to_vec(),
        value.to_lowercase().into_bytes(),
        STANDARD.encode(value).into_bytes(),
        URL_SAFE_NO_PAD.encode(value).into_bytes(),
        hex.clone().into_bytes(),
        hex.to_uppercase().into_bytes(),
    ]
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn assert_not_in(what: &str, bytes: &[u8], planted: &[String]) {
    assert!(!bytes.is_empty(), "{what} is empty: nothing was scanned");
    for value in planted {
        for encoded in encodings(value) {
            assert!(
                !holds(bytes, &encoded),
                "{what} holds {value} (as {:?})",
                String::from_utf8_lossy(&encoded)
            );
        }
    }
}

/// What a leak of `app`'s database hands over: the file and its WAL and a backup (SQLite), or
/// a `pg_dump` (PostgreSQL).
fn leaked_copies(app: &TestApp) -> Vec<(String, Vec<u8>)> {
    match &app.settings.database_url {
        DatabaseUrl::Sqlite(path) => {
            let mut wal = path.clone().into_os_string();
            wal.push("-wal");
            let backup = path.with_extension("backup.sqlite3");
            let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
            solidarity_map::backup::backup(&mut conn, &backup)
                .unwrap_or_else(|e| panic!("backup: {e:?}"));
            let mut file = std::fs::read(path).unwrap_or_default();
            // The WAL may have been checkpointed away; the file then holds everything.
            file.extend(std::fs::read(&wal).unwrap_or_default());
            vec![
                ("the SQLite file and its WAL".to_owned(), file),
                (
                    "a backup".to_owned(),
                    std::fs::read(&backup).unwrap_or_default(),
                ),
            ]
        }
        DatabaseUrl::Postgres(url) => {
            let dump = std::process::Command::new("pg_dump")
                .arg("--dbname")
                .arg(url)
                .output()
                .unwrap_or_else(|e| panic!("pg_dump: {e}"));
            assert!(
                dump.status.success(),
                "pg_dump: {}",
                String::from_utf8_lossy(&dump.stderr)
            );
            vec![("a pg_dump".to_owned(), dump.stdout)]
        }
    }
}

#[tokio::test]
async fn planted_private_values_appear_in_no_copy_of_the_database_and_moderators_still_read_them() {
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let contact = "Planted.Contact.Q7@example.net".to_owned();
    let sender_name = "Planted Sender Wexfordia".to_owned();
    let sender_email = "planted.sender.q7@example.org".to_owned();
    let message = "Planted message: meet us by the olive press at dawn".to_owned();
    let note = "Planted note: the coordinator's cousin is under threat".to_owned();
    let invited = "planted.invitee.q7@example.org".to_owned();

    // A group joins (its contact address, in the submission, the entry and the receipt).
    let receipt = app
        .submit(
            &draft(
                "Example Choir, Tromsø",
                "student_group",
                "Tromsø",
                "NO",
                69.65,
                18.96,
            ),
            &contact,
        )
        .await;
    let submission = app.pending_submissions().remove(0);
    let organization_id = submission.organization_id;
    app.approve(&submission.id);
    assert!(receipt["owner_token"].is_string());
    // A visitor writes to a Jerusalem organisation: the message waits for the moderators.
    let jerusalem = app.insert(
        draft(
            "Example Youth Centre, Silwan",
            "jerusalem_grassroots",
            "Jerusalem",
            "PS",
            31.77,
            35.23,
        ),
        Status::Published,
    );
    let relayed = app
        .post_json(
            &format!("/api/v1/organizations/{}/contact", jerusalem.slug.as_str()),
            &json!({"name": sender_name, "email": sender_email, "message": message, "form_token": app.form_token().await}),
        )
        .await;
    assert_eq!(relayed.status(), 202);
    // An admin writes a note on the entry, and invites a moderator.
    let edited = json!({"name": "Example Choir, Tromsø", "category": "student_group", "city": "Tromsø", "country": "NO", "latitude": 69.65, "longitude": 18.96, "contact_email": contact, "internal_notes": note});
    let saved = app
        .staff(
            Method::PUT,
            &token,
            &format!("/api/v1/admin/organizations/{organization_id}"),
            Some(&edited),
        )
        .await;
    let status = saved.status();
    assert_eq!(status, 200, "{}", saved.text().await.unwrap_or_default());
    let invitation = app
        .staff(
            Method::POST,
            &token,
            "/api/v1/admin/users",
            Some(&json!({"email": invited, "role": "moderator"})),
        )
        .await;
    assert_eq!(invitation.status(), 201);

    // The admin starts two-factor sign-in: the secret is stored until it is confirmed.
    let setup: Value = app
        .staff(Method::POST, &token, "/api/v1/auth/totp/setup", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    let totp_secret = setup["secret"].as_str().unwrap_or_default().to_owned();
    assert!(totp_secret.len() >= 16, "{setup}");

    let planted = [
        totp_secret,
        contact.clone(),
        sender_name.clone(),
        sender_email.clone(),
        message.clone(),
        note.clone(),
        invited.clone(),
    ];
    for (what, bytes) in leaked_copies(&app) {
        // The copy is of this database: it holds the public fields in plain text.
        assert!(
            holds(&bytes, jerusalem.slug.as_str().as_bytes()),
            "{what} does not hold the public slug: the wrong database was scanned"
        );
        assert_not_in(&what, &bytes, &planted);
    }

    // The moderators read each value as it was given.
    let admin_view: Value = app
        .staff(
            Method::GET,
            &token,
            &format!("/api/v1/admin/organizations/{organization_id}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(admin_view["contact_email"], contact.as_str());
    assert_eq!(admin_view["internal_notes"], note.as_str());
    let inbox: Vec<Value> = app
        .staff(Method::GET, &token, "/api/v1/admin/contact-messages", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        (
            &inbox[0]["sender_name"],
            &inbox[0]["sender_email"],
            &inbox[0]["message"]
        ),
        (
            &Value::from(sender_name.as_str()),
            &Value::from(sender_email.as_str()),
            &Value::from(message.as_str())
        )
    );
    let users: Value = app
        .staff(Method::GET, &token, "/api/v1/admin/users", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(users.to_string().contains(&invited), "{users}");
    let outbox: Value = app
        .staff(Method::GET, &token, "/api/v1/admin/outbox", None)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert!(outbox.to_string().contains(&invited), "{outbox}");
}

#[tokio::test]
async fn look_ups_by_address_go_through_the_blind_index() {
    let app = spawn_app().await;
    // Sign-in finds the account by its address, whatever its case.
    app.create_user(
        "Coordinator@Example.org",
        shared::api::auth::Role::Moderator,
        "a long moderator password",
    );
    app.sign_in("coordinator@EXAMPLE.org", "a long moderator password")
        .await;
    // A second account with the same address (in another case) is refused.
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    assert!(
        solidarity_map::auth::session::create_user(
            &mut conn,
            "coordinator@example.org",
            shared::api::auth::Role::Moderator,
            "another long password",
        )
        .is_err()
    );
    drop(conn);
    // An owner asks for a new link with the address they joined with.
    let receipt = app
        .submit(
            &draft(
                "Example Choir, Bodø",
                "student_group",
                "Bodø",
                "NO",
                67.28,
                14.40,
            ),
            "Choir.Bodo@Example.org",
        )
        .await;
    assert!(receipt["owner_token"].is_string());
    let submission = app.pending_submissions().remove(0);
    app.approve(&submission.id);
    let asked = app
        .post_json(
            "/api/v1/owner/link-requests",
            &json!({"email": "choir.bodo@example.org"}),
        )
        .await;
    assert_eq!(asked.status(), 202);
    let links: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "owner_link")
        .collect();
    assert_eq!(links.len(), 1, "one new link, to the entry's address");
    assert!(
        links[0]
            .recipient
            .eq_ignore_ascii_case("choir.bodo@example.org"),
        "{}",
        links[0].recipient
    );
}

#[tokio::test]
async fn a_server_given_another_key_refuses_to_start_instead_of_reading_garbage() {
    let app = spawn_app().await;
    app.submit(
        &draft(
            "Example Choir, Narvik",
            "student_group",
            "Narvik",
            "NO",
            68.44,
            17.43,
        ),
        "choir.narvik@example.org",
    )
    .await;
    let mut other = Settings::for_database(app.settings.database_url.clone());
    other.data_key = DataKey::new(&[9; 32]);
    let refused = Application::build(&other)
        .err()
        .unwrap_or_else(|| panic!("a server with another data key started"));
    let message = format!("{refused:#}");
    assert!(
        message.contains("sealed with data key")
            && message.contains(app.settings.data_key.fingerprint())
            && message.contains(other.data_key.fingerprint()),
        "{message}"
    );
}

#[tokio::test]
async fn values_stored_plain_by_an_earlier_version_are_sealed_when_the_server_starts() {
    use diesel::prelude::*;
    use solidarity_map::db::schema::{organization_private, users};
    let app = spawn_app().await;
    let (token, _) = app.admin_token().await;
    let entry = app.insert(
        draft(
            "Example Choir, Alta",
            "student_group",
            "Alta",
            "NO",
            69.97,
            23.27,
        ),
        Status::Published,
    );
    let id = entry.id.to_string();
    // A join, for a receipt in the outbox.
    app.submit(
        &draft(
            "Example Choir, Kautokeino",
            "student_group",
            "Kautokeino",
            "NO",
            69.01,
            23.04,
        ),
        "choir.kautokeino@example.org",
    )
    .await;
    // As the version before this one stored them: plain, without a blind index.
    {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        diesel::update(organization_private::table.find(&id))
            .set((
                organization_private::contact_email.eq(Some("pv1.alta@example.org")),
                organization_private::contact_email_index.eq(None::<String>),
                organization_private::internal_notes.eq("met in Alta"),
            ))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("planting plain values: {e}"));
        diesel::update(users::table)
            .set((
                users::email.eq("admin@example.org"),
                users::totp_secret.eq(Some("JBSWY3DPEHPK3PXPJBSWY3DP")),
            ))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("planting a plain address: {e}"));
        // An SMTP refusal stored by the earlier version, with the address in it.
        diesel::update(solidarity_map::db::schema::outbox::table)
            .set(solidarity_map::db::schema::outbox::last_error.eq(Some(
                "550 5.1.1 <pv1.alta@example.org>: Recipient address rejected",
            )))
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("planting a plain error: {e}"));
    }
    // The next start seals them and fills the index.
    let restarted = app.second_instance().await;
    let mut conn = restarted.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let (email, index, notes): (Option<String>, Option<String>, String) =
        organization_private::table
            .find(&id)
            .select((
                organization_private::contact_email,
                organization_private::contact_email_index,
                organization_private::internal_notes,
            ))
            .first(&mut conn)
            .unwrap_or_else(|e| panic!("reading: {e}"));
    let (account, totp): (String, Option<String>) = users::table
        .select((users::email, users::totp_secret))
        .first(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    let errors: Vec<Option<String>> = solidarity_map::db::schema::outbox::table
        .select(solidarity_map::db::schema::outbox::last_error)
        .load(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    drop(conn);
    assert!(!errors.is_empty(), "the join queued e-mails");
    for stored in [
        email.as_deref().unwrap_or_default(),
        notes.as_str(),
        account.as_str(),
        totp.as_deref().unwrap_or_default(),
    ]
    .into_iter()
    .chain(errors.iter().map(|e| e.as_deref().unwrap_or_default()))
    {
        assert!(DataKey::is_sealed(stored), "still plain: {stored}");
    }
    assert_eq!(
        index.as_deref(),
        Some(
            app.settings
                .data_key
                .email_index("pv1.alta@example.org")
                .as_str()
        )
    );
    let view: Value = restarted
        .staff(
            Method::GET,
            &token,
            &format!("/api/v1/admin/organizations/{id}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        (&view["contact_email"], &view["internal_notes"]),
        (
            &Value::from("pv1.alta@example.org"),
            &Value::from("met in Alta")
        )
    );
    restarted
        .sign_in("admin@example.org", "a long admin password")
        .await;
}

#[tokio::test]
async fn rotating_the_key_moves_every_value_in_one_transaction() {
    use solidarity_map::db::models::private_values;
    let app = spawn_app().await;
    app.admin_token().await;
    app.submit(
        &draft(
            "Example Choir, Hammerfest",
            "student_group",
            "Hammerfest",
            "NO",
            70.66,
            23.68,
        ),
        "choir.hammerfest@example.org",
    )
    .await;
    let old = app.settings.data_key.clone();
    let new = DataKey::new(&[11; 32]);
    let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
    let admin = solidarity_map::db::models::user::by_email(&mut conn, "admin@example.org")
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("the admin"));
    solidarity_map::db::models::user::set_totp(
        &mut conn,
        admin.id,
        Some("JBSWY3DPEHPK3PXPJBSWY3DP"),
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Interrupted half-way (the transaction fails after the work): nothing changed.
    let interrupted: Result<(), diesel::result::Error> =
        solidarity_map::db::write_transaction(&mut conn, |conn| {
            private_values::rotate(conn, &old, &new, &|_| {})?;
            Err(diesel::result::Error::RollbackTransaction)
        });
    assert!(interrupted.is_err());
    assert!(private_values::check_key(&mut conn, &old).is_ok());
    // Done: the new key opens everything, the old one is refused.
    let moved = solidarity_map::db::write_transaction(&mut conn, |conn| {
        private_values::rotate(conn, &old, &new, &|_| {})
    })
    .unwrap_or_else(|e| panic!("rotating: {e}"));
    assert!(moved >= 4, "moved {moved} values");
    assert!(private_values::check_key(&mut conn, &new).is_ok());
    assert!(matches!(
        private_values::check_key(&mut conn, &old),
        Err(private_values::KeyMismatch::OtherKey { .. })
    ));
    use diesel::prelude::*;
    use solidarity_map::db::schema::{organization_private, users};
    let (organization, email, index): (String, Option<String>, Option<String>) =
        organization_private::table
            .filter(organization_private::contact_email.is_not_null())
            .select((
                organization_private::organization_id,
                organization_private::contact_email,
                organization_private::contact_email_index,
            ))
            .first(&mut conn)
            .unwrap_or_else(|e| panic!("reading: {e}"));
    let context = solidarity_map::data_key::context(private_values::CONTACT_EMAIL, &organization);
    assert_eq!(
        new.open(email.as_deref().unwrap_or_default(), &context),
        Ok("choir.hammerfest@example.org".to_owned())
    );
    assert_eq!(index, Some(new.email_index("choir.hammerfest@example.org")));
    let (user, account, totp): (String, String, Option<String>) = users::table
        .select((users::id, users::email, users::totp_secret))
        .first(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    assert_eq!(
        new.open(
            totp.as_deref().unwrap_or_default(),
            &solidarity_map::data_key::context(private_values::TOTP_SECRET, &user)
        ),
        Ok("JBSWY3DPEHPK3PXPJBSWY3DP".to_owned())
    );
    assert_eq!(
        new.open(
            &account,
            &solidarity_map::data_key::context(private_values::USER_EMAIL, &user)
        ),
        Ok("admin@example.org".to_owned())
    );

    // The receipt waiting in the outbox moved too: its body opens under the new key only.
    use solidarity_map::db::models::outbox::open_body;
    use solidarity_map::db::schema::outbox;
    let (message, recipient, body): (String, String, String) = outbox::table
        .select((outbox::id, outbox::recipient, outbox::body))
        .first(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    let recipient = new
        .open(
            &recipient,
            &solidarity_map::data_key::context(private_values::RECIPIENT, &message),
        )
        .unwrap_or_else(|e| panic!("recipient: {e}"));
    assert!(open_body(&new.outbox_key(), &message, &recipient, &body).is_some());
    assert!(open_body(&old.outbox_key(), &message, &recipient, &body).is_none());
}

#[tokio::test]
async fn e_mails_queued_under_the_previous_outbox_key_move_to_the_data_key_at_start() {
    use diesel::prelude::*;
    use solidarity_map::db::models::outbox::open_body;
    use solidarity_map::db::models::private_values::{self, RECIPIENT};
    use solidarity_map::db::schema::outbox;
    use solidarity_map::secrets::OutboxKey;
    let app = spawn_app().await;
    app.submit(
        &draft(
            "Example Choir, Vardø",
            "student_group",
            "Vardø",
            "NO",
            70.37,
            31.11,
        ),
        "choir.vardo@example.org",
    )
    .await;
    // As a version before the data key left it: the receipt sealed under SECRET_KEY's key.
    let previous = OutboxKey::new(b"the outbox key derived from SECRET_KEY");
    let current = app.settings.join.outbox_key.clone();
    let opened_recipient =
        |stored: &str, id: &str| solidarity_map::data_key::open(stored, RECIPIENT, id);
    {
        let mut conn = app.pool.get().unwrap_or_else(|e| panic!("pool: {e}"));
        let moved =
            private_values::reseal_bodies(&mut conn, &current, &previous, &opened_recipient)
                .unwrap_or_else(|e| panic!("resealing: {e}"));
        assert_eq!(moved, 1);
    }
    let mut restarted_settings = app.settings.clone();
    restarted_settings.join.previous_outbox_key = Some(previous.clone());
    let restarted =
        Application::build(&restarted_settings).unwrap_or_else(|e| panic!("restarting: {e:?}"));
    let mut conn = restarted
        .pool()
        .get()
        .unwrap_or_else(|e| panic!("pool: {e}"));
    let (id, recipient, body): (String, String, String) = outbox::table
        .select((outbox::id, outbox::recipient, outbox::body))
        .first(&mut conn)
        .unwrap_or_else(|e| panic!("reading: {e}"));
    let recipient = opened_recipient(&recipient, &id).unwrap_or_else(|e| panic!("{e}"));
    assert!(open_body(&current, &id, &recipient, &body).is_some());
    assert!(open_body(&previous, &id, &recipient, &body).is_none());
}
