//! The events bundle: the map's events layer, loaded when a visitor first turns it on.

fn main() {
    console_error_panic_hook::set_once();
    web::events_layer::start();
}
