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
        Msg::NavMap => "Map",
        Msg::NavJoin => "Join the map",
        Msg::Navigation => "Main",
        Msg::JoinTitle => "Join the map",
        Msg::JoinIntro => {
            "Tell us about your group. A moderator reviews every entry before it appears on the map; until then nothing is public."
        }
        Msg::RequiredHint => "Fields marked * are required.",
        Msg::GroupName => "Name of the group *",
        Msg::GroupNameAr => "Name in Arabic",
        Msg::CategoryLabel => "Kind of group *",
        Msg::ChooseOne => "Choose…",
        Msg::DescriptionLabel => "What does the group do?",
        Msg::CityLabel => "City *",
        Msg::CountryLabel => "Country *",
        Msg::LocationLegend => "Where is the group? *",
        Msg::LocationHelp => "Find your city, or click the map to place the point.",
        Msg::FindCity => "Find a city",
        Msg::CitySuggestions => "Cities found",
        Msg::PointChosen => "Point chosen: {n}",
        Msg::NoPointYet => "No point chosen yet.",
        Msg::PrecisionLegend => "What should the map show?",
        Msg::PrecisionApproximate => {
            "Approximate (recommended): we keep and show only a point about 1 km away from the one you chose. Your exact address is never stored."
        }
        Msg::PrecisionExact => "Exact: the point you chose is public, for everyone to see.",
        Msg::WebsiteLabel => "Website",
        Msg::ContactEmailLabel => "Contact e-mail *",
        Msg::ContactEmailHelp => {
            "Private: used only to write to you (your owner link, our decision, messages from visitors). Never shown to anyone."
        }
        Msg::ConsentLabel => {
            "We agree to our group being listed on the public map and to you keeping our contact e-mail for it. *"
        }
        Msg::HoneypotLabel => "Leave this field empty",
        Msg::SendForReview => "Send for review",
        Msg::Sending => "Sending…",
        Msg::FixErrors => "Please correct {n} field(s):",
        Msg::DuplicatesFound => {
            "These entries look like yours. If your group is already on the map, there is no need to join again."
        }
        Msg::PendingDuplicate => "A similar entry is awaiting review.",
        Msg::SendAnyway => "It is a different group: send",
        Msg::JoinDone => "Thank you! A moderator will review your entry; we will write to you.",
        Msg::OwnerLinkExplain => {
            "Your private owner link lets you update the entry, hide it or remove it. It is shown only once here (we also e-mailed it): keep it safe and do not share it."
        }
        Msg::OwnerLinkLabel => "Your owner link",
        Msg::CopyLink => "Copy the link",
        Msg::Copied => "Copied.",
        Msg::RuleRequired => "This field is required.",
        Msg::RuleTooShort => "This is too short.",
        Msg::RuleTooLong => "This is too long.",
        Msg::RuleMarkup => "The characters < and > are not allowed.",
        Msg::RuleControl => "Remove the invisible control characters.",
        Msg::RuleEmail => "Give an e-mail address such as name@example.org.",
        Msg::RuleUrl => "Give a web address such as https://example.org.",
        Msg::RuleRange => "This value is out of range.",
        Msg::RuleChoice => "Choose one of the options.",
        Msg::RuleConsent => "Please agree, or we cannot list the group.",
        Msg::RuleTooFast => "That was very quick: wait a few seconds and send again.",
        Msg::RuleFormToken => "The form has expired: reload the page.",
        Msg::RuleOther => "This value is not accepted.",
        Msg::SendFailed => "Sending failed. Please try again.",
        Msg::TooManyRequests => "Too many attempts: please wait a minute and try again.",
        Msg::OwnerTitle => "Your entry",
        Msg::OwnerNoLink => {
            "This page needs your private owner link. Lost it? We can send a new one to your contact e-mail."
        }
        Msg::StatusLabel => "Status",
        Msg::StatusPending => "Awaiting review",
        Msg::StatusPublished => "On the map",
        Msg::StatusHidden => "Hidden",
        Msg::StatusOther => "Not on the map",
        Msg::HiddenUntil => "Hidden until {n}",
        Msg::ConfirmBy => {
            "Confirm the group is still active by {n}, or the entry will be hidden until you do."
        }
        Msg::ConfirmActive => "We are still active",
        Msg::HideEntry => "Hide from the map",
        Msg::HideUntilLabel => "Until (optional)",
        Msg::ShowEntry => "Show on the map again",
        Msg::RequestDeletion => "Ask for deletion",
        Msg::DeletionConfirm => "Yes, delete our entry",
        Msg::DeletionRequested => {
            "Deletion requested: the entry is hidden and moderators will delete it."
        }
        Msg::ProposeUpdate => "Propose an update",
        Msg::UpdatePending => {
            "An update is awaiting review; the map shows the current version until then."
        }
        Msg::Done => "Done.",
        Msg::LostLinkTitle => "Lost your owner link?",
        Msg::SendNewLink => "Send me a new link",
        Msg::LinkSent => "If this address belongs to an entry, a new link is on its way to it.",
        Msg::NavResources => "Resources",
        Msg::NavAbout => "About",
        Msg::WriteToGroup => "Write to this group",
        Msg::ContactTitle => "Write to {n}",
        Msg::ContactIntro => {
            "We pass your message on; you do not see the group's address, and the group sees yours only to answer you."
        }
        Msg::ContactIntroJerusalem => {
            "Messages to Jerusalem organisations go to our moderators, who make the introduction."
        }
        Msg::YourName => "Your name *",
        Msg::YourEmail => "Your e-mail *",
        Msg::MessageLabel => "Message *",
        Msg::SendMessage => "Send the message",
        Msg::MessageSent => "Your message is on its way.",
        Msg::ResourcesTitle => "Resources",
        Msg::ResourcesIntro => "Reports, toolkits and media from the network.",
        Msg::KindLabel => "Kind",
        Msg::AllKinds => "All kinds",
        Msg::TopicLabel => "Topic",
        Msg::AllTopics => "All topics",
        Msg::AllLanguages => "All languages",
        Msg::NoResources => "No resource matches these filters.",
        Msg::KindReport => "Report",
        Msg::KindToolkit => "Toolkit",
        Msg::KindVideo => "Video",
        Msg::KindCampaign => "Campaign",
        Msg::KindArticle => "Article",
        Msg::KindPodcast => "Podcast",
        Msg::KindDataset => "Dataset",
        Msg::KindOther => "Other",
        Msg::AboutTitle => "About the map",
        Msg::AboutMission => {
            "Grassroots Jerusalem works with Palestinian community organisations in Jerusalem (al-Quds) and asks groups around the world to join the map: solidarity groups, student groups, faith-based communities, the Palestinian diaspora, media and research institutes. The map puts Jerusalem back on the map as the capital of Palestine, features its grassroots organisations, and links groups everywhere with partners in Jerusalem."
        }
        Msg::AboutPrivacy => {
            "Privacy: some listed groups face surveillance and harassment. We store no more than needed, never publish contact addresses, keep only an approximate point unless a group chooses otherwise, and load nothing from other servers."
        }
        Msg::EmbedTitle => "Put the map on your site",
        Msg::EmbedHelp => {
            "Copy this code into your page. Change category and country (or remove them) to choose what the map shows."
        }
        Msg::EmbedCode => "Code to copy",
        Msg::FeedTitle => "Follow new entries",
        Msg::FeedHelp => {
            "An Atom feed of newly listed organisations, also for one country (add ?country=GB) or area (?bbox=west,south,east,north):"
        }
        Msg::ApiTitle => "Open data",
        Msg::ApiHelp => "The public API, with its documentation:",
        Msg::ViewFullMap => "Open the International Solidarity Map",
        Msg::RelatedResources => "Resources about this group",
    }
}
