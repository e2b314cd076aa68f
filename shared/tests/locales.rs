//! The translation files: complete, used, consistent, with a form for every count.

#[path = "../src/i18n/catalog.rs"]
#[allow(dead_code)]
mod catalog;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use shared::i18n::{
    AdminCount, AdminMsg, Count, EmailCount, EmailMsg, Lang, Msg, PagesCount, PagesMsg,
    PluralCategory, plural_category,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shipped() -> catalog::Catalog {
    match catalog::load(&root().join("locales")) {
        Ok(catalog) => catalog,
        Err(error) => panic!("{error}"),
    }
}

fn rust_sources(dir: &Path, into: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&fs::read_to_string(&path).unwrap_or_default());
            into.push('\n');
        }
    }
}

#[test]
fn the_shipped_catalogue_has_no_problems() {
    let catalog = shipped();
    assert_eq!(catalog::problems(&catalog), Vec::<String>::new());
    let fallbacks = catalog::fallbacks(&catalog);
    // The report a translator reads: what an incomplete language still takes from the source.
    for (language, namespace, key) in &fallbacks {
        println!("{language}/{namespace}.json: \"{key}\" falls back to the source language");
    }
    for language in catalog.languages.iter().filter(|l| l.complete) {
        assert!(
            fallbacks.iter().all(|(code, _, _)| *code != language.code),
            "{} is marked complete",
            language.code
        );
    }
}

#[test]
fn every_key_is_used_by_the_code() {
    let mut code = String::new();
    for dir in ["web/src", "api/src", "shared/src"] {
        rust_sources(&root().join(dir), &mut code);
    }
    let catalog = shipped();
    let mut unused = Vec::new();
    for namespace in &catalog.namespaces {
        let (msg, count) = catalog::enum_names(&namespace.name);
        for (key, entry) in namespace.source(&catalog) {
            let enum_name = match entry {
                catalog::Entry::Text(_) => &msg,
                catalog::Entry::Plural(_) => &count,
            };
            let path = format!("{enum_name}::{}", catalog::rust_name(key));
            let used = code.match_indices(&path).any(|(at, _)| {
                !code[at + path.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if !used {
                unused.push(format!("{}/{}: {key} ({path})", namespace.name, key));
            }
        }
    }
    assert_eq!(unused, Vec::<String>::new(), "keys no code uses");
}

/// For every count up to 1,000, the category the language's CLDR rules choose has its own form
/// in every counted message (no silent fall-back to `other`).
#[test]
fn every_count_has_its_plural_form() {
    let mut missing = BTreeSet::new();
    for lang in Lang::ALL {
        for n in 0..=1000u64 {
            let category = plural_category(lang, n);
            let mut check = |key: &str, forms: &[Option<&str>; 6]| {
                if forms[category as usize].is_none() {
                    missing.insert(format!(
                        "{}: {key} has no {category:?} form (n = {n})",
                        lang.code()
                    ));
                }
            };
            for c in Count::ALL {
                check(c.key(), c.forms(lang));
            }
            for c in PagesCount::ALL {
                check(c.key(), c.forms(lang));
            }
            for c in AdminCount::ALL {
                check(c.key(), c.forms(lang));
            }
            for c in EmailCount::ALL {
                check(c.key(), c.forms(lang));
            }
        }
    }
    assert_eq!(missing, BTreeSet::new());
}

#[test]
fn arabic_counts_use_all_six_forms() {
    let shown = |n| Lang::Ar.count(Count::ShowingCount, n, &[]);
    assert_eq!(shown(0), "لا توجد مؤسسات ظاهرة");
    assert_eq!(shown(1), "مؤسسة واحدة ظاهرة");
    assert_eq!(shown(2), "مؤسستان ظاهرتان");
    assert_eq!(shown(3), "3 مؤسسات ظاهرة");
    assert_eq!(shown(11), "11 مؤسسة ظاهرة");
    assert_eq!(shown(100), "100 مؤسسة ظاهرة");
    let categories: Vec<PluralCategory> = [0, 1, 2, 3, 11, 100]
        .into_iter()
        .map(|n| plural_category(Lang::Ar, n))
        .collect();
    assert_eq!(
        categories,
        [
            PluralCategory::Zero,
            PluralCategory::One,
            PluralCategory::Two,
            PluralCategory::Few,
            PluralCategory::Many,
            PluralCategory::Other
        ]
    );
}

#[test]
fn english_french_and_spanish_counts_at_zero_one_two() {
    let shown = |lang: Lang, n| lang.count(Count::ShowingCount, n, &[]);
    assert_eq!(
        [0, 1, 2].map(|n| shown(Lang::En, n)),
        [
            "0 organisations in view",
            "1 organisation in view",
            "2 organisations in view"
        ]
    );
    // French counts zero as singular.
    assert_eq!(
        [0, 1, 2].map(|n| shown(Lang::Fr, n)),
        [
            "0 organisation visible",
            "1 organisation visible",
            "2 organisations visibles"
        ]
    );
    assert_eq!(
        [0, 1, 2].map(|n| shown(Lang::Es, n)),
        [
            "0 organizaciones visibles",
            "1 organización visible",
            "2 organizaciones visibles"
        ]
    );
}

#[test]
fn every_message_reads_in_every_language_and_the_pseudo_locale() {
    for lang in Lang::ALL.into_iter().chain([Lang::Pseudo]) {
        for msg in Msg::ALL {
            assert!(!lang.text(msg).trim().is_empty(), "{lang:?} {msg:?}");
        }
        for msg in PagesMsg::ALL {
            assert!(!lang.text(msg).trim().is_empty(), "{lang:?} {msg:?}");
        }
        for msg in AdminMsg::ALL {
            assert!(!lang.text(msg).trim().is_empty(), "{lang:?} {msg:?}");
        }
        for msg in EmailMsg::ALL {
            assert!(!lang.text(msg).trim().is_empty(), "{lang:?} {msg:?}");
        }
    }
    assert_eq!(Lang::Pseudo.text(Msg::Search), "[Šéåŕçĥ ··]");
    assert_eq!(
        Lang::Pseudo.count(Count::ShowingCount, 2, &[]),
        "[2 öŕĝåñîšåţîöñš îñ ṽîéŵ ·······]"
    );
}

// The check itself must be able to fail: each kind of problem, planted in a copy.

fn planted(files: &[(&str, &str)]) -> catalog::Catalog {
    let dir = std::env::temp_dir().join(format!(
        "locales-check-{}-{}",
        std::process::id(),
        files.len() + files.iter().map(|(_, t)| t.len()).sum::<usize>()
    ));
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        let _ = fs::create_dir_all(path.parent().unwrap_or(&dir));
        let _ = fs::write(path, text);
    }
    let catalog = catalog::load(&dir);
    let _ = fs::remove_dir_all(&dir);
    match catalog {
        Ok(catalog) => catalog,
        Err(error) => panic!("{error}"),
    }
}

const LANGUAGES: &str = r#"[{"code":"en","name":"English","dir":"ltr","complete":true},
    {"code":"ar","name":"العربية","dir":"rtl","complete":true},
    {"code":"de","name":"Deutsch","dir":"ltr"}]"#;

#[test]
fn the_check_finds_a_missing_key_an_extra_key_and_different_placeholders() {
    let catalog = planted(&[
        ("languages.json", LANGUAGES),
        (
            "en/map.json",
            r#"{"hello": "Hello {{name}}", "bye": "Bye", "items_one": "{{n}} item", "items_other": "{{n}} items"}"#,
        ),
        (
            "ar/map.json",
            r#"{"hello": "مرحبا {{nom}}", "extra": "x", "items_other": "{{n}} عنصر"}"#,
        ),
        ("de/map.json", r#"{"hello": "Hallo {{name}}"}"#),
    ]);
    let problems = catalog::problems(&catalog);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("ar/map.json: \"bye\" is missing")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"extra\" is not in en/map.json")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("ar/map.json: \"hello\" has placeholders")),
        "{problems:?}"
    );
    // An incomplete language is not a problem: it falls back, and the report says so.
    assert!(
        !problems.iter().any(|p| p.starts_with("de/")),
        "{problems:?}"
    );
    let fallbacks = catalog::fallbacks(&catalog);
    assert!(fallbacks.contains(&("de".into(), "map".into(), "bye".into())));
}

#[test]
fn the_check_finds_a_counted_message_without_its_other_form() {
    let catalog = planted(&[
        ("languages.json", LANGUAGES),
        (
            "en/map.json",
            r#"{"items_one": "{{n}} item", "items_other": "{{n}} items"}"#,
        ),
        ("ar/map.json", r#"{"items_one": "عنصر واحد"}"#),
        ("de/map.json", "{}"),
    ]);
    let problems = catalog::problems(&catalog);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("ar/map.json: \"items\" has no \"items_other\"")),
        "{problems:?}"
    );
}
