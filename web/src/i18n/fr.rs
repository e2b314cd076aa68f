use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::SiteTitle => "Carte internationale de la solidarité",
        Msg::Tagline => {
            "Les groupes de solidarité avec la Palestine dans le monde, et les organisations de base de Jérusalem (al-Quds), Palestine."
        }
        Msg::SkipToContent => "Aller au contenu",
        Msg::SkipToList => "Aller à la liste des organisations",
        Msg::Language => "Langue",
        Msg::MapLabel => "Carte des organisations",
        Msg::ListHeading => "Organisations visibles",
        Msg::Loading => "Chargement…",
        Msg::LoadFailed => "Les données n’ont pas pu être chargées. Veuillez réessayer.",
        Msg::Categories => "Catégories",
        Msg::Search => "Rechercher",
        Msg::SearchPlaceholder => "Nom ou ville, dans toute langue",
        Msg::Country => "Pays",
        Msg::AllCountries => "Tous les pays",
        Msg::FocusArea => "Domaine d’action",
        Msg::AllFocusAreas => "Tous les domaines",
        Msg::ClearFilters => "Effacer les filtres",
        Msg::ShowingCount => "{n} organisations visibles",
        Msg::ShowingNone => {
            "Aucune organisation visible ne correspond. Dézoomez ou effacez les filtres."
        }
        Msg::ZoomInForList => {
            "Les {n} premières sont affichées ; zoomez ou filtrez pour voir les autres."
        }
        Msg::ClusterTitle => "{n} organisations : zoomer",
        Msg::JerusalemSpotlight => "Jérusalem (al-Quds), Palestine",
        Msg::JerusalemText => {
            "Les organisations communautaires de base de Jérusalem, au cœur du réseau."
        }
        Msg::ShowJerusalem => "Voir Jérusalem",
        Msg::JerusalemLabel => "Jérusalem (al-Quds), capitale de la Palestine",
        Msg::BackToMap => "Retour à la carte",
        Msg::NotFound => "Cette organisation n’est pas sur la carte.",
        Msg::PageNotFound => "Cette page n’existe pas.",
        Msg::Website => "Site web",
        Msg::Links => "Liens",
        Msg::Languages => "Langues",
        Msg::FocusAreas => "Domaines d’action",
        Msg::Partnerships => "Partenariats",
        Msg::TwinnedWith => "Jumelée avec",
        Msg::LastConfirmed => "Dernière confirmation",
        Msg::Location => "Emplacement",
        Msg::ApproximateLocation => "Emplacement approximatif (environ 1 km)",
        Msg::ExactLocation => "Emplacement exact",
    }
}
