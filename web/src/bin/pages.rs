//! The pages bundle: joining the map, the owner page, contacting a group, resources, about.

fn main() {
    console_error_panic_hook::set_once();
    web::take_over::mount(web::app::PagesApp);
}
