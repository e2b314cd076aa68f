//! The `solidarity-map` binary itself: each administration command on a real SQLite file.

use std::path::Path;
use std::process::{Command, Output};

/// The data key the commands run with (issue #20).
const DATA_KEY: &str = "0707070707070707070707070707070707070707070707070707070707070707";

fn run(db: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_solidarity-map"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .env("DATA_KEY", DATA_KEY)
        .output()
        .unwrap_or_else(|e| panic!("running solidarity-map {args:?}: {e}"));
    assert!(
        output.status.success(),
        "solidarity-map {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn seed_export_dry_run_import_and_remove_work_end_to_end() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = dir.path().join("nested/folder/source.sqlite3");
    let target = dir.path().join("target.sqlite3");
    let csv = dir.path().join("export.csv");
    let geojson = dir.path().join("export.geojson");

    run(&source, &["migrate"]);
    assert!(
        source.exists(),
        "the SQLite file and its folders are created"
    );
    let seeded = run(&source, &["seed-demo", "--count", "120"]);
    assert!(String::from_utf8_lossy(&seeded.stderr).contains("seeded 120 demo organisations"));
    run(
        &source,
        &[
            "export",
            "--format",
            "csv",
            "--output",
            csv.to_str().unwrap_or_default(),
        ],
    );
    run(
        &source,
        &[
            "export",
            "--format",
            "geojson",
            "--output",
            geojson.to_str().unwrap_or_default(),
        ],
    );

    let dry = run(
        &target,
        &["import", csv.to_str().unwrap_or_default(), "--dry-run"],
    );
    assert!(
        stdout(&dry).contains("dry run: 120 to create, 0 to update, 0 unchanged, 0 invalid"),
        "{}",
        stdout(&dry)
    );
    let exported_empty = run(&target, &["export"]);
    assert_eq!(
        stdout(&exported_empty).lines().count(),
        1,
        "a dry run writes nothing"
    );

    let real = run(&target, &["import", csv.to_str().unwrap_or_default()]);
    assert!(
        stdout(&real).contains("created 120, updated 0"),
        "{}",
        stdout(&real)
    );
    let again = run(
        &target,
        &["import", geojson.to_str().unwrap_or_default(), "--dry-run"],
    );
    assert!(
        stdout(&again).contains("0 to create, 0 to update, 120 unchanged, 0 invalid"),
        "{}",
        stdout(&again)
    );

    let removed = run(&target, &["seed-demo", "--remove"]);
    assert!(
        String::from_utf8_lossy(&removed.stderr).contains("removed 0 demo"),
        "imported rows are not demo rows"
    );
    let removed = run(&source, &["seed-demo", "--remove"]);
    assert!(String::from_utf8_lossy(&removed.stderr).contains("removed 120 demo"));
}

#[test]
fn an_invalid_import_reports_each_bad_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("map.sqlite3");
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "name,category,city,country,latitude,longitude\n\
         Example Group,media,Oslo,XX,59.9,10.75\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(&db, &["import", csv.to_str().unwrap_or_default()]);
    let text = stdout(&output);
    assert!(text.contains("record 1: invalid country"), "{text}");
    assert!(text.contains("created 0, updated 0"), "{text}");
}

#[test]
fn the_openapi_command_prints_the_committed_document() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run(&dir.path().join("unused.sqlite3"), &["openapi"]);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"))
            .unwrap_or_default();
    assert!(
        stdout(&output) == committed,
        "`solidarity-map openapi` differs from openapi.yaml"
    );
}

/// Runs `create-admin` with `password` on standard input.
fn create_admin(db: &Path, email: &str, role: &str, password: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_solidarity-map"))
        .args(["create-admin", "--email", email, "--role", role])
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .env("DATA_KEY", DATA_KEY)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running create-admin: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{password}");
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("create-admin: {e}"))
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_refuses_short_ones_and_duplicates() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("admin.sqlite3");
    let short = create_admin(&db, "admin@example.org", "admin", "too short");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12"));
    let created = create_admin(&db, "Admin@Example.org", "admin", "a long enough password");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stderr).contains("created admin admin@example.org"));
    let again = create_admin(
        &db,
        "admin@example.org",
        "moderator",
        "another long password",
    );
    assert!(
        !again.status.success(),
        "a second account for the same address"
    );
    let bad_role = create_admin(&db, "x@example.org", "owner", "a long enough password");
    assert!(!bad_role.status.success());
    // The password is nowhere in the database in clear.
    let bytes = std::fs::read(&db).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("a long enough password"));
    assert!(text.contains("$argon2id$v=19$m=19456,t=2,p=1$"));
}

#[test]
fn backup_writes_a_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let live = dir.path().join("live.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    let copy_arg = copy.to_str().unwrap_or_default();
    run(&live, &["seed-demo", "--count", "50"]);
    run(&live, &["backup", copy_arg]);
    let checked = run(&copy, &["check-backup", copy_arg]);
    assert!(String::from_utf8_lossy(&checked.stderr).contains("integrity check ok"));
    // The copy is a database the server can use: the same 50 entries come out of it.
    let exported = stdout(&run(&copy, &["export", "--format", "csv"]));
    assert_eq!(exported.lines().count(), 51);

    let again = Command::new(env!("CARGO_BIN_EXE_solidarity-map"))
        .args(["backup", copy_arg])
        .env("DATABASE_URL", format!("sqlite://{}", live.display()))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all").unwrap_or_else(|e| panic!("{e}"));
    let refused = Command::new(env!("CARGO_BIN_EXE_solidarity-map"))
        .args(["check-backup", garbage.to_str().unwrap_or_default()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!refused.status.success(), "a damaged file fails the check");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a database"));
}

/// Runs the binary with `key` as DATA_KEY (none: unset), returning its output whatever it is.
fn run_with_key(db: &Path, key: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_solidarity-map"));
    command
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .env("RUST_BACKTRACE", "0")
        .env_remove("DATA_KEY")
        .env_remove("DATA_KEY_FILE");
    if let Some(key) = key {
        command.env("DATA_KEY", key);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("running solidarity-map {args:?}: {e}"))
}

#[test]
fn without_the_data_key_or_with_another_the_commands_refuse_and_rotation_moves_to_a_new_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("map.sqlite3");
    let other = "0909090909090909090909090909090909090909090909090909090909090909";
    let refused = run_with_key(&db, None, &["seed-demo", "--count", "5"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("no data key"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    run(&db, &["seed-demo", "--count", "5"]);
    let wrong = run_with_key(&db, Some(other), &["maintain"]);
    let said = String::from_utf8_lossy(&wrong.stderr).into_owned();
    assert!(
        !wrong.status.success() && said.contains("sealed with data key"),
        "{said}"
    );
    // Rotation: the new key in a file, the old one in the environment.
    let new_key = dir.path().join("new-key");
    std::fs::write(&new_key, format!("{other}\n")).unwrap_or_else(|e| panic!("{e}"));
    let rotated = run_with_key(
        &db,
        Some(DATA_KEY),
        &["rotate-data-key", &new_key.display().to_string()],
    );
    assert!(
        rotated.status.success(),
        "{}",
        String::from_utf8_lossy(&rotated.stderr)
    );
    assert!(
        run_with_key(&db, Some(other), &["maintain"])
            .status
            .success()
    );
    assert!(
        !run_with_key(&db, Some(DATA_KEY), &["maintain"])
            .status
            .success()
    );
}
