//! The events bundle's start: it draws the events layer for what the map bundle handed over
//! ([`crate::events_handoff`]), and again, in place of the previous one, each time the map bundle
//! hands over anew (a new map after the visitor came back to it, another language).

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::components::events_layer::EventsLayer;
use crate::events_handoff::{self, HANDOFF_EVENT};
use crate::i18n::I18n;

thread_local! {
    /// The layer drawn last; dropping it removes its markers and controls.
    static DRAWN: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

pub fn start() {
    draw_handed_over();
    let again = Closure::<dyn Fn()>::new(draw_handed_over);
    let _ =
        window().add_event_listener_with_callback(HANDOFF_EVENT, again.as_ref().unchecked_ref());
    // Listens for the page's whole life.
    again.forget();
}

fn draw_handed_over() {
    let Some((map, host, lang)) = events_handoff::received() else {
        return;
    };
    DRAWN.with(|drawn| drop(drawn.borrow_mut().take()));
    let handle = leptos::mount::mount_to(host, move || {
        provide_context(I18n {
            lang: RwSignal::new(lang),
        });
        view! { <EventsLayer map /> }
    });
    DRAWN.with(|drawn| *drawn.borrow_mut() = Some(Box::new(handle)));
}
