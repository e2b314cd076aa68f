//! How the app takes over the page the server rendered, without a visible jump.
//!
//! The app mounts beside the server's page (`#server-page`), hidden, and shows itself only once
//! the requests its first view makes have all been answered: until then the visitor keeps
//! reading (and using, since its links and forms work on their own) the server's page instead
//! of a "Loading…" line. Every request in [`crate::api`] holds a [`Waiting`] while in flight.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The class that keeps the app out of sight (and out of reach) while it loads (`app.css`).
const PENDING_CLASS: &str = "app-pending";
/// The server's page never stays longer than this, whatever the app still waits for.
const LONGEST_WAIT: Duration = Duration::from_secs(10);

thread_local! {
    static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
}

/// Something the app's first view waits for; the app may show itself once none is left.
pub struct Waiting(());

/// Counts one more thing the first view waits for, until the returned value is dropped.
pub fn waiting() -> Waiting {
    IN_FLIGHT.with(|count| count.set(count.get() + 1));
    Waiting(())
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let left = IN_FLIGHT.with(|count| {
            let left = count.get().saturating_sub(1);
            count.set(left);
            left
        });
        if left == 0 {
            // Checked again after the tasks this answer wakes (the next requests of a chain, the
            // markers drawn from it) have run: they all run before the browser paints.
            set_timeout(
                || {
                    if IN_FLIGHT.with(Cell::get) == 0 {
                        show_app();
                    }
                },
                Duration::ZERO,
            );
        }
    }
}

/// Mounts `app` beside the server's page, to replace it once its first view has what it needs.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let document = document();
    let root = document
        .create_element("div")
        .ok()
        .and_then(|div| div.dyn_into::<web_sys::HtmlElement>().ok());
    let (Some(root), Some(body)) = (root, document.body()) else {
        return replace(app);
    };
    root.set_id("app");
    if document.get_element_by_id("server-page").is_some() {
        let _ = root.class_list().add_1(PENDING_CLASS);
    }
    let _ = body.append_child(&root);
    // Held until the tasks the mount starts have made their first requests.
    let mounting = waiting();
    leptos::mount::mount_to(root, app).forget();
    set_timeout(move || drop(mounting), Duration::ZERO);
    set_timeout(show_app, LONGEST_WAIT);
}

/// Mounts `app` in place of the server's page at once (the dashboard: its server page only says
/// that scripts are needed).
pub fn replace<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    if let Some(server_page) = document().get_element_by_id("server-page") {
        server_page.remove();
    }
    leptos::mount::mount_to_body(app);
}

/// Removes the server's page and shows the app's, keeping the field the visitor was typing in.
fn show_app() {
    let document = document();
    let Some(server_page) = document.get_element_by_id("server-page") else {
        return;
    };
    let focused = document
        .active_element()
        .filter(|element| server_page.contains(Some(element.as_ref())) && !element.id().is_empty());
    server_page.remove();
    if let Some(app) = document.get_element_by_id("app") {
        let _ = app.class_list().remove_1(PENDING_CLASS);
    }
    if let Some(focused) = focused {
        carry_focus(&document, &focused);
    }
}

/// Focuses the app's element with `focused`'s id, with the text typed so far when it is a field.
fn carry_focus(document: &web_sys::Document, focused: &web_sys::Element) {
    let Some(target) = document.get_element_by_id(&focused.id()) else {
        return;
    };
    if let (Some(typed), Some(field)) = (
        focused.dyn_ref::<web_sys::HtmlInputElement>(),
        target.dyn_ref::<web_sys::HtmlInputElement>(),
    ) && !typed.value().is_empty()
        && field.value().is_empty()
    {
        field.set_value(&typed.value());
        // The app's own handler reads the text into its state.
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = field.dispatch_event(&event);
        }
    }
    if let Some(target) = target.dyn_ref::<web_sys::HtmlElement>() {
        let _ = target.focus();
    }
}
