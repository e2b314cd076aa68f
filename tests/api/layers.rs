//! No module of the server imports from a layer above its own (issue #16). Layers, from the
//! bottom: the database (`db`), the domain rules (`services`), authentication (`auth`), the
//! HTTP handlers and pages (`handlers`, `site`), and what assembles them (`routes`,
//! `startup`). A file's imports are read as text: `crate::<module>` anywhere in it counts.

use std::path::Path;

/// The rank of a top-level module; modules not listed (config, error, mail …) are shared
/// helpers every layer may use.
fn layer(module: &str) -> Option<u8> {
    match module {
        "db" => Some(0),
        "services" => Some(1),
        "auth" => Some(2),
        "handlers" | "site" => Some(3),
        "routes" | "startup" => Some(4),
        _ => None,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::<module>` the text names.
fn named_modules(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .filter_map(|(at, _)| {
            let rest = &text[at + "crate::".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        let own = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|m| m.trim_end_matches(".rs"))
            .unwrap_or_default();
        let Some(own_layer) = layer(own) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for module in named_modules(&text) {
            if layer(module).is_some_and(|theirs| theirs > own_layer) {
                wrong.push(format!("{} uses crate::{module}", relative.display()));
            }
        }
    }
    assert!(files.len() > 50, "api/src was not found: {}", src.display());
    assert!(
        wrong.is_empty(),
        "imports that run up the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_import_that_runs_up() {
    assert_eq!(
        named_modules("use crate::handlers::with_db;\nlet x = crate::db::now();"),
        vec!["handlers", "db"]
    );
    assert!(layer("handlers") > layer("db"));
}
