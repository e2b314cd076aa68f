//! Reads and checks the translation files in `locales/`. Used by `build.rs` (which turns them
//! into Rust tables and refuses to build on a broken catalogue) and by the locale tests; it is
//! not part of the library, so the browser bundle carries none of it.
//!
//! Layout: `locales/languages.json` lists the languages (the first is the source language every
//! other one falls back to), and `locales/<code>/<namespace>.json` holds one namespace's strings
//! as flat i18next-style JSON: `"key": "text with {{placeholder}}"`, and counted messages as
//! `"key_one"`, `"key_other"` ... with the CLDR plural categories as suffixes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// CLDR plural categories, in the order the generated tables store them.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub rtl: bool,
    /// A complete language must have every key; an incomplete one (a language being added) falls
    /// back to the source language per key, and the locale test reports which.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Text(String),
    /// Plural category → text.
    Plural(BTreeMap<String, String>),
}

impl Entry {
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Entry::Text(text) => vec![text.as_str()],
            Entry::Plural(forms) => forms.values().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Namespace {
    pub name: String,
    /// Language code → key → entry.
    pub entries: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Namespace {
    /// The source language's entries: the keys that exist.
    pub fn source(&self, catalog: &Catalog) -> &BTreeMap<String, Entry> {
        &self.entries[&catalog.languages[0].code]
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub languages: Vec<Language>,
    pub namespaces: Vec<Namespace>,
}

/// `{{name}}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        found.insert(after[..end].trim().to_owned());
        rest = &after[end + 2..];
    }
    found
}

fn split_plural(key: &str) -> Option<(&str, &str)> {
    let (base, suffix) = key.rsplit_once('_')?;
    CATEGORIES.contains(&suffix).then_some((base, suffix))
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_namespace(path: &Path) -> Result<BTreeMap<String, Entry>, String> {
    let serde_json::Value::Object(object) = read_json(path)? else {
        return Err(format!("{}: expected an object of strings", path.display()));
    };
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    for (key, value) in object {
        let serde_json::Value::String(text) = value else {
            return Err(format!("{}: \"{key}\" is not a string", path.display()));
        };
        match split_plural(&key) {
            Some((base, category)) => {
                let entry = entries
                    .entry(base.to_owned())
                    .or_insert_with(|| Entry::Plural(BTreeMap::new()));
                let Entry::Plural(forms) = entry else {
                    return Err(format!(
                        "{}: \"{base}\" is both a plain and a counted message",
                        path.display()
                    ));
                };
                forms.insert(category.to_owned(), text);
            }
            None => {
                if entries.insert(key.clone(), Entry::Text(text)).is_some() {
                    return Err(format!(
                        "{}: \"{key}\" is both a plain and a counted message",
                        path.display()
                    ));
                }
            }
        }
    }
    Ok(entries)
}

/// Reads `dir` (the `locales/` folder).
pub fn load(dir: &Path) -> Result<Catalog, String> {
    let list = read_json(&dir.join("languages.json"))?;
    let mut languages = Vec::new();
    for item in list.as_array().ok_or("languages.json: expected a list")? {
        let field = |name: &str| {
            item.get(name)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("languages.json: an entry has no \"{name}\""))
        };
        languages.push(Language {
            code: field("code")?,
            name: field("name")?,
            rtl: field("dir")? == "rtl",
            complete: item
                .get("complete")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        });
    }
    let source = languages
        .first()
        .ok_or("languages.json lists no language")?;
    let mut names: Vec<String> = fs::read_dir(dir.join(&source.code))
        .map_err(|e| format!("{}: {e}", dir.join(&source.code).display()))?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_owned)
        })
        .collect();
    names.sort();
    let mut namespaces = Vec::new();
    for name in names {
        let mut entries = BTreeMap::new();
        for language in &languages {
            let path = dir.join(&language.code).join(format!("{name}.json"));
            let table = if path.exists() {
                read_namespace(&path)?
            } else {
                BTreeMap::new()
            };
            entries.insert(language.code.clone(), table);
        }
        namespaces.push(Namespace { name, entries });
    }
    Ok(Catalog {
        languages,
        namespaces,
    })
}

/// Everything that makes the catalogue unfit to ship: a key missing from a complete language, a
/// key no source entry has, placeholders that differ from the source, a counted message without
/// its `other` form, or with a form that uses a placeholder the source does not have.
pub fn problems(catalog: &Catalog) -> Vec<String> {
    let mut found = Vec::new();
    let source_code = &catalog.languages[0].code;
    for namespace in &catalog.namespaces {
        let source = namespace.source(catalog);
        for (key, entry) in source {
            if let Entry::Plural(forms) = entry {
                for needed in ["one", "other"] {
                    if !forms.contains_key(needed) {
                        found.push(format!(
                            "{source_code}/{}.json: \"{key}\" has no \"{key}_{needed}\"",
                            namespace.name
                        ));
                    }
                }
            }
        }
        for language in &catalog.languages {
            let table = &namespace.entries[&language.code];
            let file = format!("{}/{}.json", language.code, namespace.name);
            for (key, source_entry) in source {
                let Some(entry) = table.get(key) else {
                    if language.complete {
                        found.push(format!("{file}: \"{key}\" is missing"));
                    }
                    continue;
                };
                let wanted: BTreeSet<String> = source_entry
                    .texts()
                    .into_iter()
                    .flat_map(placeholders)
                    .collect();
                match (source_entry, entry) {
                    (Entry::Text(_), Entry::Text(text)) => {
                        let have = placeholders(text);
                        if have != wanted {
                            found.push(format!(
                                "{file}: \"{key}\" has placeholders {have:?}, the source has {wanted:?}"
                            ));
                        }
                    }
                    (Entry::Plural(_), Entry::Plural(forms)) => {
                        if !forms.contains_key("other") {
                            found.push(format!("{file}: \"{key}\" has no \"{key}_other\""));
                        }
                        for (category, text) in forms {
                            let extra: Vec<String> =
                                placeholders(text).difference(&wanted).cloned().collect();
                            if !extra.is_empty() {
                                found.push(format!(
                                    "{file}: \"{key}_{category}\" has placeholders {extra:?} the source does not have"
                                ));
                            }
                        }
                        if let Some(other) = forms.get("other") {
                            let have = placeholders(other);
                            if have != wanted {
                                found.push(format!(
                                    "{file}: \"{key}_other\" has placeholders {have:?}, the source has {wanted:?}"
                                ));
                            }
                        }
                    }
                    _ => found.push(format!(
                        "{file}: \"{key}\" is counted in one language and not in the other"
                    )),
                }
            }
            for key in table.keys() {
                if !source.contains_key(key) {
                    found.push(format!(
                        "{file}: \"{key}\" is not in {source_code}/{}.json",
                        namespace.name
                    ));
                }
            }
        }
    }
    found
}

/// (language, namespace, key) of every string an incomplete language takes from the source.
pub fn fallbacks(catalog: &Catalog) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for namespace in &catalog.namespaces {
        for language in &catalog.languages[1..] {
            for key in namespace.source(catalog).keys() {
                if !namespace.entries[&language.code].contains_key(key) {
                    found.push((language.code.clone(), namespace.name.clone(), key.clone()));
                }
            }
        }
    }
    found
}

/// `someKey` → `SomeKey`, `language-name` → `LanguageName`.
pub fn rust_name(key: &str) -> String {
    key.split(['-', '_', '.'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The Rust names of a namespace's enums: `map` is the public interface (`Msg`, `Count`), any
/// other namespace is prefixed (`admin` → `AdminMsg`, `AdminCount`).
pub fn enum_names(namespace: &str) -> (String, String) {
    let prefix = if namespace == "map" {
        String::new()
    } else {
        rust_name(namespace)
    };
    (format!("{prefix}Msg"), format!("{prefix}Count"))
}
