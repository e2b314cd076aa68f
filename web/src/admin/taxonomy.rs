use leptos::prelude::*;
use shared::api::admin::{CategoryRequest, FocusAreaRequest, MARKER_SHAPES};
use shared::api::{LocalizedNames, Problem};
use shared::domain::FieldError;

use super::strings::{AdminMsg, AdminText};
use super::{i18n, use_session};
use crate::api;
use crate::components::field_errors::FieldErrors;

/// The four names of a category or focus area, as the form edits them.
#[derive(Clone, Copy)]
struct Names {
    en: RwSignal<String>,
    ar: RwSignal<String>,
    fr: RwSignal<String>,
    es: RwSignal<String>,
}

impl Names {
    fn new(names: &LocalizedNames) -> Self {
        Self {
            en: RwSignal::new(names.en.clone()),
            ar: RwSignal::new(names.ar.clone()),
            fr: RwSignal::new(names.fr.clone()),
            es: RwSignal::new(names.es.clone()),
        }
    }

    fn value(&self) -> LocalizedNames {
        LocalizedNames {
            en: self.en.get_untracked(),
            ar: self.ar.get_untracked(),
            fr: self.fr.get_untracked(),
            es: self.es.get_untracked(),
        }
    }
}

/// A marker shape's name (`shared::api::admin::MARKER_SHAPES`).
fn shape_name(shape: &str) -> AdminMsg {
    match shape {
        "star" => AdminMsg::ShapeStar,
        "circle" => AdminMsg::ShapeCircle,
        "square" => AdminMsg::ShapeSquare,
        "diamond" => AdminMsg::ShapeDiamond,
        "triangle" => AdminMsg::ShapeTriangle,
        "hexagon" => AdminMsg::ShapeHexagon,
        _ => AdminMsg::ShapePentagon,
    }
}

/// The four name inputs, each marked with its language so screen readers read it right.
#[component]
fn NameFields(prefix: String, names: Names, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = i18n();
    [
        ("en", "English", "ltr", names.en, "names.en"),
        ("ar", "العربية", "rtl", names.ar, "names.ar"),
        ("fr", "Français", "ltr", names.fr, "names.fr"),
        ("es", "Español", "ltr", names.es, "names.es"),
    ]
    .into_iter()
    .map(|(lang, language, dir, value, field)| {
        let id = format!("{prefix}-name-{lang}");
        view! {
            <div class="field">
                <label for=id.clone()>{move || i18n.a(AdminMsg::Name)}" (" <span lang=lang>{language}</span> ")"</label>
                <input id=id type="text" lang=lang dir=dir maxlength="120" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <FieldErrors field=field errors />
            </div>
        }
    })
    .collect_view()
}

/// Checks the key with the request's own rules (`rule_errors`), then saves with `save` (given
/// the key) and says how it went.
fn save_keyed<Save, Saving>(
    key: String,
    mut rule_errors: Vec<FieldError>,
    save: Save,
    errors: RwSignal<Vec<FieldError>>,
    outcome: RwSignal<Option<AdminMsg>>,
    saved: Callback<()>,
) where
    Save: FnOnce(String) -> Saving,
    Saving: Future<Output = Result<(), Problem>> + 'static,
{
    if let Err(e) = shared::domain::Key::parse(&key) {
        rule_errors.push(e.at("key"));
    }
    if !rule_errors.is_empty() {
        errors.set(rule_errors);
        outcome.set(Some(AdminMsg::FixErrors));
        return;
    }
    let saving = save(key);
    leptos::task::spawn_local(async move {
        match saving.await {
            Ok(_) => {
                errors.set(Vec::new());
                outcome.set(Some(AdminMsg::Saved));
                saved.run(());
            }
            Err(problem) => {
                errors.set(problem.errors);
                outcome.set(Some(AdminMsg::FixErrors));
            }
        }
    });
}

/// The key input of a new category or focus area (an existing one's key does not change).
#[component]
fn KeyField(id: String, key: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.a(AdminMsg::Key)}</label>
            <input id=id type="text" dir="ltr" maxlength="60" prop:value=move || key.get()
                on:input=move |ev| key.set(event_target_value(&ev)) />
            <FieldErrors field="key" errors />
        </div>
    }
}

/// One category: colour, marker shape, featured, and its names in the four languages.
#[component]
fn CategoryEditor(
    key: RwSignal<String>,
    colour: String,
    icon: String,
    featured: bool,
    names: LocalizedNames,
    position: i32,
    on_saved: Callback<()>,
    #[prop(optional)] new: bool,
) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let names = Names::new(&names);
    let colour = RwSignal::new(colour);
    let icon = RwSignal::new(icon);
    let featured = RwSignal::new(featured);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);
    let prefix = if new {
        "new-category".to_owned()
    } else {
        format!("category-{}", key.get_untracked())
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CategoryRequest {
            colour: colour.get_untracked(),
            icon: icon.get_untracked(),
            names: names.value(),
            featured: featured.get_untracked(),
            position,
        };
        save_keyed(
            key.get_untracked(),
            request.validate().err().unwrap_or_default(),
            move |key| async move { api::save_category(session, &key, &request).await },
            errors,
            outcome,
            on_saved,
        );
    };
    let colour_id = format!("{prefix}-colour");
    let icon_id = format!("{prefix}-icon");
    let featured_id = format!("{prefix}-featured");
    let key_id = format!("{prefix}-key");
    view! {
        <form class="taxonomy-form" novalidate on:submit=save>
            {new.then(|| view! { <KeyField id=key_id.clone() key errors /> })}
            <NameFields prefix=prefix.clone() names errors />
            <div class="field">
                <label for=colour_id.clone()>{move || i18n.a(AdminMsg::Colour)}</label>
                <input id=colour_id type="color" prop:value=move || colour.get() on:input=move |ev| colour.set(event_target_value(&ev)) />
                <FieldErrors field="colour" errors />
            </div>
            <div class="field">
                <label for=icon_id.clone()>{move || i18n.a(AdminMsg::MarkerShape)}</label>
                <select id=icon_id on:change=move |ev| icon.set(event_target_value(&ev))>
                    {MARKER_SHAPES.into_iter().map(|s| view! { <option value=s selected=move || icon.get() == s>{move || i18n.a(shape_name(s))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field checkbox">
                <input id=featured_id.clone() type="checkbox" prop:checked=move || featured.get() on:change=move |ev| featured.set(event_target_checked(&ev)) />
                <label for=featured_id>{move || i18n.a(AdminMsg::Featured)}</label>
            </div>
            <button type="submit">{move || i18n.a(AdminMsg::Save)}</button>
            <span role="status">{move || outcome.get().map(|m| i18n.a(m))}</span>
        </form>
    }
}

/// One focus area's names in the four languages.
#[component]
fn FocusAreaEditor(
    key: RwSignal<String>,
    names: LocalizedNames,
    position: i32,
    on_saved: Callback<()>,
    #[prop(optional)] new: bool,
) -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let names = Names::new(&names);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<AdminMsg>);
    let prefix = if new {
        "new-focus".to_owned()
    } else {
        format!("focus-{}", key.get_untracked())
    };
    let key_id = format!("{prefix}-key");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = FocusAreaRequest {
            names: names.value(),
            position,
        };
        save_keyed(
            key.get_untracked(),
            request.validate().err().unwrap_or_default(),
            move |key| async move { api::save_focus_area(session, &key, &request).await },
            errors,
            outcome,
            on_saved,
        );
    };
    view! {
        <form class="taxonomy-form" novalidate on:submit=save>
            {new.then(|| view! { <KeyField id=key_id.clone() key errors /> })}
            <NameFields prefix names errors />
            <button type="submit">{move || i18n.a(AdminMsg::Save)}</button>
            <span role="status">{move || outcome.get().map(|m| i18n.a(m))}</span>
        </form>
    }
}

/// Categories and focus areas with their names in the four languages (admins only).
#[component]
pub fn Taxonomy() -> impl IntoView {
    let i18n = i18n();
    let version = RwSignal::new(0u32);
    let categories = LocalResource::new(move || {
        version.track();
        api::categories()
    });
    let focus_areas = LocalResource::new(move || {
        version.track();
        api::focus_areas()
    });
    // A new entry reloads the lists; an edited one keeps its form open with "Saved." in view.
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    let keep = Callback::new(|()| ());
    let blank = LocalizedNames {
        en: String::new(),
        ar: String::new(),
        fr: String::new(),
        es: String::new(),
    };
    let blank_focus = blank.clone();
    view! {
        <h1>{move || i18n.a(AdminMsg::Taxonomy)}</h1>
        <section class="admin-section" aria-labelledby="categories-title">
            <h2 id="categories-title">{move || i18n.a(AdminMsg::Categories)}</h2>
            {move || categories.get().and_then(Result::ok).map(|list| {
                let count = list.len() as i32;
                let blank = blank.clone();
                view! {
                    {list.into_iter().enumerate().map(|(i, c)| {
                        let name = c.names.get(i18n.lang.get_untracked().code()).to_owned();
                        view! {
                            <details class="taxonomy-item">
                                <summary>{name}" · "<code dir="ltr" translate="no">{c.key.clone()}</code></summary>
                                <CategoryEditor key=RwSignal::new(c.key) colour=c.colour icon=c.icon featured=c.featured names=c.names position=i as i32 on_saved=keep />
                            </details>
                        }
                    }).collect_view()}
                    <details class="taxonomy-item">
                        <summary>{i18n.a(AdminMsg::NewCategory)}</summary>
                        <CategoryEditor key=RwSignal::new(String::new()) colour="#3f6e3a".to_owned() icon="circle".to_owned() featured=false names=blank position=count on_saved=reload new=true />
                    </details>
                }
            })}
        </section>
        <section class="admin-section" aria-labelledby="focus-title">
            <h2 id="focus-title">{move || i18n.a(AdminMsg::FocusAreas)}</h2>
            {move || focus_areas.get().and_then(Result::ok).map(|list| {
                let count = list.len() as i32;
                let blank = blank_focus.clone();
                view! {
                    {list.into_iter().enumerate().map(|(i, f)| {
                        let name = f.names.get(i18n.lang.get_untracked().code()).to_owned();
                        view! {
                            <details class="taxonomy-item">
                                <summary>{name}" · "<code dir="ltr" translate="no">{f.key.clone()}</code></summary>
                                <FocusAreaEditor key=RwSignal::new(f.key) names=f.names position=i as i32 on_saved=keep />
                            </details>
                        }
                    }).collect_view()}
                    <details class="taxonomy-item">
                        <summary>{i18n.a(AdminMsg::NewFocusArea)}</summary>
                        <FocusAreaEditor key=RwSignal::new(String::new()) names=blank position=count on_saved=reload new=true />
                    </details>
                }
            })}
        </section>
    }
}
