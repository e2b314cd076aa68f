//! The forms bundle: joining the map and the owner page.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(web::app::FormsApp);
}
