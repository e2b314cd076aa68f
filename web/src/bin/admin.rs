//! The dashboard bundle: moderators and admins at `/admin`.

fn main() {
    console_error_panic_hook::set_once();
    web::take_over::replace(web::admin::AdminApp);
}
