use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::SiteTitle => "International Solidarity Map",
        Msg::Tagline => {
            "Palestine solidarity groups around the world, and the grassroots organisations of Jerusalem (al-Quds), Palestine."
        }
        Msg::SkipToContent => "Skip to the content",
        Msg::SkipToList => "Skip to the list of organisations",
        Msg::Language => "Language",
        Msg::MapLabel => "Map of organisations",
        Msg::ListHeading => "Organisations in view",
        Msg::Loading => "Loading…",
        Msg::LoadFailed => "The data could not be loaded. Please try again.",
        Msg::Categories => "Categories",
        Msg::Search => "Search",
        Msg::SearchPlaceholder => "Name or city, in any language",
        Msg::Country => "Country",
        Msg::AllCountries => "All countries",
        Msg::FocusArea => "Focus area",
        Msg::AllFocusAreas => "All focus areas",
        Msg::ClearFilters => "Clear filters",
        Msg::ShowingCount => "{n} organisations in view",
        Msg::ShowingNone => "No organisation in view matches. Zoom out or clear the filters.",
        Msg::ZoomInForList => "Showing the first {n}; zoom in or filter to see the rest.",
        Msg::ClusterTitle => "{n} organisations: zoom in",
        Msg::JerusalemSpotlight => "Jerusalem (al-Quds), Palestine",
        Msg::JerusalemText => {
            "Jerusalem's grassroots community organisations, at the heart of the network."
        }
        Msg::ShowJerusalem => "Show Jerusalem",
        Msg::JerusalemLabel => "Jerusalem (al-Quds), capital of Palestine",
        Msg::BackToMap => "Back to the map",
        Msg::NotFound => "This organisation is not on the map.",
        Msg::PageNotFound => "This page does not exist.",
        Msg::Website => "Website",
        Msg::Links => "Links",
        Msg::Languages => "Languages",
        Msg::FocusAreas => "Focus areas",
        Msg::Partnerships => "Partnerships",
        Msg::TwinnedWith => "Twinned with",
        Msg::LastConfirmed => "Last confirmed",
        Msg::Location => "Location",
        Msg::ApproximateLocation => "Approximate location (about 1 km)",
        Msg::ExactLocation => "Exact location",
    }
}
