use leptos::prelude::*;
use shared::api::admin::{ImportChange, ImportReport};
use wasm_bindgen::JsCast;

use super::strings::{AdminCount, AdminMsg, AdminText};
use super::{i18n, use_session};
use crate::api::{self, FileFormat};

fn change_name(change: ImportChange) -> AdminMsg {
    match change {
        ImportChange::Create => AdminMsg::ChangeCreate,
        ImportChange::Update => AdminMsg::ChangeUpdate,
        ImportChange::Unchanged => AdminMsg::ChangeNone,
        ImportChange::Invalid => AdminMsg::ChangeInvalid,
    }
}

/// The chosen file's text, read in the browser (it goes to our server only).
async fn read_file(input: &web_sys::HtmlInputElement) -> Option<(String, String)> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    Some((file.name(), text.as_string()?))
}

/// Saves text as a download without a round trip through a link that would need the token.
pub(super) fn download(name: &str, content_type: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor = document()
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// Import (CSV or GeoJSON, previewed by a dry run before anything is written) and export
/// (admins only).
#[component]
pub fn Transfer() -> impl IntoView {
    let i18n = i18n();
    let session = use_session();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let loaded = RwSignal::new(None::<(String, String, FileFormat)>);
    let report = RwSignal::new(None::<ImportReport>);
    let outcome = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let run = move |dry_run: bool| {
        let Some((_, text, format)) = loaded.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let sent = api::import(session, format, dry_run, text).await;
            busy.set(false);
            match sent {
                Ok(answer) => {
                    let done = if answer.dry_run {
                        AdminMsg::PreviewReady
                    } else {
                        AdminMsg::Imported
                    };
                    outcome.set(Some(i18n.a(done).to_owned()));
                    if !answer.dry_run {
                        loaded.set(None);
                    }
                    report.set(Some(answer));
                }
                Err(problem) if problem.status == 403 => {
                    outcome.set(Some(i18n.a(AdminMsg::AdminsOnly).to_owned()))
                }
                Err(problem) => {
                    let detail = if problem.detail.is_empty() {
                        i18n.a(AdminMsg::Failed).to_owned()
                    } else {
                        problem.detail
                    };
                    outcome.set(Some(detail));
                }
            }
        });
    };
    let choose = move |_| {
        report.set(None);
        outcome.set(None);
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_file(&input).await {
                Some((name, text)) => {
                    let format = if name.to_lowercase().ends_with(".csv") {
                        FileFormat::Csv
                    } else {
                        FileFormat::GeoJson
                    };
                    loaded.set(Some((name, text, format)));
                }
                None => loaded.set(None),
            }
        });
    };
    let export = move |format: FileFormat| {
        leptos::task::spawn_local(async move {
            let result = api::export(session, format).await.ok();
            let saved = result.and_then(|text| {
                let name = match format {
                    FileFormat::Csv => "solidarity-map.csv",
                    FileFormat::GeoJson => "solidarity-map.geojson",
                };
                download(name, format.content_type(), &text)
            });
            if saved.is_none() {
                outcome.set(Some(i18n.a(AdminMsg::Failed).to_owned()));
            }
        });
    };

    view! {
        <h1>{move || i18n.a(AdminMsg::ImportExport)}</h1>
        <p role="status" data-testid="import-outcome">{move || outcome.get()}</p>
        <section class="admin-section" aria-labelledby="import-title">
            <h2 id="import-title">{move || i18n.a(AdminMsg::Import)}</h2>
            <p class="help" id="import-help">{move || i18n.a(AdminMsg::ImportHelp)}</p>
            <div class="field">
                <label for="import-file">{move || i18n.a(AdminMsg::ImportFile)}</label>
                <input id="import-file" type="file" accept=".csv,.geojson,.json,text/csv,application/geo+json"
                    aria-describedby="import-help" node_ref=file_input on:change=choose />
            </div>
            <div class="owner-actions">
                <button type="button" disabled=move || loaded.get().is_none() || busy.get() on:click=move |_| run(true)>{move || i18n.a(AdminMsg::Preview)}</button>
                <button type="button" class="primary"
                    disabled=move || busy.get() || loaded.get().is_none() || !report.get().is_some_and(|r| r.dry_run)
                    on:click=move |_| run(false)>{move || i18n.a(AdminMsg::ApplyImport)}</button>
            </div>
            {move || report.get().map(|r| view! {
                <p data-testid="import-summary">
                    {i18n.a_count(AdminCount::CountCreate, r.created)}" · "{i18n.a_count(AdminCount::CountUpdate, r.updated)}" · "
                    {i18n.a_count(AdminCount::CountUnchanged, r.unchanged)}" · "{i18n.a_count(AdminCount::CountInvalid, r.invalid)}
                </p>
                <div class="table-scroll">
                    <table class="admin-table" data-testid="import-rows">
                        <caption class="visually-hidden">{i18n.a(AdminMsg::Import)}</caption>
                        <thead><tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{i18n.a(AdminMsg::Name)}</th>
                            <th scope="col">{i18n.a(AdminMsg::Change)}</th>
                            <th scope="col">{i18n.a(AdminMsg::Problems)}</th>
                        </tr></thead>
                        <tbody>
                            {r.rows.into_iter().map(|row| view! {
                                <tr>
                                    <td>{row.number}</td>
                                    <th scope="row"><bdi dir="auto">{row.name.clone()}</bdi></th>
                                    <td>{i18n.a(change_name(row.change))}</td>
                                    <td>{row.errors.iter().map(|e| format!("{}: {}", e.field, i18n.t(crate::i18n::rule_message(&e.rule)))).collect::<Vec<_>>().join("; ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
        <section class="admin-section" aria-labelledby="export-title">
            <h2 id="export-title">{move || i18n.a(AdminMsg::Export)}</h2>
            <p class="help">{move || i18n.a(AdminMsg::ExportHelp)}</p>
            <div class="owner-actions">
                <button type="button" on:click=move |_| export(FileFormat::Csv) translate="no">"CSV"</button>
                <button type="button" on:click=move |_| export(FileFormat::GeoJson) translate="no">"GeoJSON"</button>
            </div>
        </section>
    }
}
