//! The map bundle: the world map, the list and organisation pages.

fn main() {
    console_error_panic_hook::set_once();
    web::take_over::mount(web::app::MapApp);
}
