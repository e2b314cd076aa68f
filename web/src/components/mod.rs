pub mod category_legend;
pub mod filter_bar;
pub mod jerusalem_spotlight;
pub mod language_switcher;
pub mod organization_list;
pub mod organization_map;
pub mod site_header;
pub mod skip_link;
