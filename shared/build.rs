//! Turns the translation files in `locales/` into Rust tables (`OUT_DIR/locales.rs`, included by
//! `src/i18n/mod.rs`): one enum per namespace whose variants are the keys, so a key that does
//! not exist does not compile, and static string tables per language. A broken catalogue (a key
//! missing in a complete language, placeholders that differ, ...) stops the build with the list
//! of problems.

#[path = "src/i18n/catalog.rs"]
mod catalog;

use std::fmt::Write as _;
use std::path::Path;

use catalog::{CATEGORIES, Catalog, Entry};

fn main() {
    // Read when the script runs, not baked in when it is compiled: a compiled build script is
    // reused by a checkout elsewhere that shares the target folder, and would read that one's
    // locales (a fresh clone built with this target folder once left this checkout's changes unseen).
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let dir = Path::new(&manifest_dir).join("../locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let catalog = match catalog::load(&dir) {
        Ok(catalog) => catalog,
        Err(error) => panic!("locales/: {error}"),
    };
    for language in &catalog.languages {
        println!(
            "cargo::rerun-if-changed={}",
            dir.join(&language.code).display()
        );
        for namespace in &catalog.namespaces {
            println!(
                "cargo::rerun-if-changed={}",
                dir.join(&language.code)
                    .join(format!("{}.json", namespace.name))
                    .display()
            );
        }
    }
    let problems = catalog::problems(&catalog);
    if !problems.is_empty() {
        panic!(
            "the translation files in locales/ have problems:\n  {}",
            problems.join("\n  ")
        );
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("locales.rs");
    // Written beside and renamed into place, never rewritten in place: a target directory copied
    // with hard links (`cp -al`) would otherwise share this file with the copy's builds.
    let written = out.with_extension("rs.new");
    if let Err(error) =
        std::fs::write(&written, generate(&catalog)).and_then(|()| std::fs::rename(&written, &out))
    {
        panic!("{}: {error}", out.display());
    }
}

fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn generate(catalog: &Catalog) -> String {
    let mut code = String::new();
    let variants: Vec<String> = catalog
        .languages
        .iter()
        .map(|l| catalog::rust_name(&l.code))
        .collect();
    let _ = writeln!(
        code,
        "/// The interface languages (from `locales/languages.json`), and the pseudo-locale the tests\n\
         /// switch on to find strings that escaped translation.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n\
         pub enum Lang {{ {}, Pseudo }}\n",
        variants.join(", ")
    );
    let _ = writeln!(code, "impl Lang {{");
    let _ = writeln!(
        code,
        "    /// Every real language, the source language first.\n    pub const ALL: [Lang; {}] = [{}];",
        variants.len(),
        variants
            .iter()
            .map(|v| format!("Lang::{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        code,
        "    /// The language every other one falls back to.\n    pub const SOURCE: Lang = Lang::{};",
        variants[0]
    );
    let arms = |f: &dyn Fn(&catalog::Language) -> String, pseudo: &str| {
        let mut arms: Vec<String> = catalog
            .languages
            .iter()
            .zip(&variants)
            .map(|(l, v)| format!("Lang::{v} => {}", f(l)))
            .collect();
        arms.push(format!("Lang::Pseudo => {pseudo}"));
        arms.join(", ")
    };
    let _ = writeln!(
        code,
        "    /// The BCP 47 tag.\n    pub fn code(self) -> &'static str {{ match self {{ {} }} }}",
        arms(&|l| literal(&l.code), "\"en-XA\"")
    );
    let _ = writeln!(
        code,
        "    /// The language's own name, shown in the switcher.\n    pub fn native_name(self) -> &'static str {{ match self {{ {} }} }}",
        arms(&|l| literal(&l.name), "\"[Ƥšéûðö]\"")
    );
    let _ = writeln!(
        code,
        "    pub fn is_rtl(self) -> bool {{ match self {{ {} }} }}",
        arms(&|l| l.rtl.to_string(), "false")
    );
    let _ = writeln!(code, "}}\n");

    let fallbacks = catalog::fallbacks(catalog);
    let _ = writeln!(
        code,
        "/// (language, namespace, key) of every string an incomplete language takes from the source.\n\
         pub const FALLBACKS: &[(&str, &str, &str)] = &[{}];\n",
        fallbacks
            .iter()
            .map(|(l, n, k)| format!("({l:?}, {n:?}, {k:?})"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    for namespace in &catalog.namespaces {
        let (msg_enum, count_enum) = catalog::enum_names(&namespace.name);
        let source = namespace.source(catalog);
        let plain: Vec<&String> = source
            .iter()
            .filter(|(_, e)| matches!(e, Entry::Text(_)))
            .map(|(k, _)| k)
            .collect();
        let counted: Vec<&String> = source
            .iter()
            .filter(|(_, e)| matches!(e, Entry::Plural(_)))
            .map(|(k, _)| k)
            .collect();
        let _ = writeln!(
            code,
            "/// The strings of `locales/*/{}.json`.\npub mod {} {{\n    use super::Lang;\n",
            namespace.name, namespace.name
        );
        // Plain messages.
        let _ = writeln!(
            code,
            "    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n    pub enum {msg_enum} {{ {} }}\n",
            plain
                .iter()
                .map(|k| catalog::rust_name(k))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(
            code,
            "    const KEYS: [&str; {}] = [{}];",
            plain.len(),
            plain
                .iter()
                .map(|k| literal(k))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for (language, variant) in catalog.languages.iter().zip(&variants) {
            let table = &namespace.entries[&language.code];
            let texts: Vec<String> = plain
                .iter()
                .map(|k| match table.get(*k).or_else(|| source.get(*k)) {
                    Some(Entry::Text(text)) => literal(text),
                    _ => "\"\"".to_owned(),
                })
                .collect();
            let _ = writeln!(
                code,
                "    static TEXT_{}: [&str; {}] = [{}];",
                variant.to_uppercase(),
                plain.len(),
                texts.join(", ")
            );
        }
        let _ = writeln!(
            code,
            "    impl {msg_enum} {{\n        pub fn key(self) -> &'static str {{ KEYS[self as usize] }}\n        \
             /// The text in `lang`; the pseudo-locale gets the source text (transformed by the caller).\n        \
             pub fn source_text(self, lang: Lang) -> &'static str {{ let table: &'static [&'static str] = match lang {{ {} }}; table[self as usize] }}\n    }}\n",
            arms_for(&variants, |v| format!("&TEXT_{}", v.to_uppercase()))
        );
        // Counted messages: forms in CATEGORIES order, `None` where the language has none.
        let _ = writeln!(
            code,
            "    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n    pub enum {count_enum} {{ {} }}\n",
            counted
                .iter()
                .map(|k| catalog::rust_name(k))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !counted.is_empty() {
            let _ = writeln!(
                code,
                "    const COUNT_KEYS: [&str; {}] = [{}];",
                counted.len(),
                counted
                    .iter()
                    .map(|k| literal(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for (language, variant) in catalog.languages.iter().zip(&variants) {
                let table = &namespace.entries[&language.code];
                let rows: Vec<String> = counted
                    .iter()
                    .map(|k| {
                        let forms = match table.get(*k).or_else(|| source.get(*k)) {
                            Some(Entry::Plural(forms)) => forms.clone(),
                            _ => Default::default(),
                        };
                        let cells: Vec<String> = CATEGORIES
                            .iter()
                            .map(|c| match forms.get(*c) {
                                Some(text) => format!("Some({})", literal(text)),
                                None => "None".to_owned(),
                            })
                            .collect();
                        format!("[{}]", cells.join(", "))
                    })
                    .collect();
                let _ = writeln!(
                    code,
                    "    static FORMS_{}: [[Option<&str>; 6]; {}] = [{}];",
                    variant.to_uppercase(),
                    counted.len(),
                    rows.join(", ")
                );
            }
        }
        if counted.is_empty() {
            let _ = writeln!(
                code,
                "    impl {count_enum} {{\n        pub fn key(self) -> &'static str {{ match self {{}} }}\n        \
                 pub fn forms(self, _lang: Lang) -> &'static [Option<&'static str>; 6] {{ match self {{}} }}\n    }}"
            );
        } else {
            let _ = writeln!(
                code,
                "    impl {count_enum} {{\n        pub fn key(self) -> &'static str {{ COUNT_KEYS[self as usize] }}\n        \
                 /// The forms in `lang`, in the order zero, one, two, few, many, other.\n        \
                 pub fn forms(self, lang: Lang) -> &'static [Option<&'static str>; 6] {{ let table: &'static [[Option<&'static str>; 6]] = match lang {{ {} }}; &table[self as usize] }}\n    }}",
                arms_for(&variants, |v| format!("&FORMS_{}", v.to_uppercase()))
            );
        }
        let _ = writeln!(
            code,
            "    impl {msg_enum} {{\n        pub const ALL: [{msg_enum}; {}] = [{}];\n    }}\n    \
             impl {count_enum} {{\n        pub const ALL: [{count_enum}; {}] = [{}];\n    }}",
            plain.len(),
            plain
                .iter()
                .map(|k| format!("{msg_enum}::{}", catalog::rust_name(k)))
                .collect::<Vec<_>>()
                .join(", "),
            counted.len(),
            counted
                .iter()
                .map(|k| format!("{count_enum}::{}", catalog::rust_name(k)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(code, "}}\n");
    }
    code
}

/// `Lang::En => TEXT_EN, ..., Lang::Pseudo => TEXT_EN`.
fn arms_for(variants: &[String], table: impl Fn(&str) -> String) -> String {
    let mut arms: Vec<String> = variants
        .iter()
        .map(|v| format!("Lang::{v} => {}", table(v)))
        .collect();
    arms.push(format!("Lang::Pseudo => {}", table(&variants[0])));
    arms.join(", ")
}
