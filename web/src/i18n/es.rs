use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::SiteTitle => "Mapa Internacional de la Solidaridad",
        Msg::Tagline => {
            "Grupos de solidaridad con Palestina en todo el mundo y las organizaciones de base de Jerusalén (al-Quds), Palestina."
        }
        Msg::SkipToContent => "Ir al contenido",
        Msg::SkipToList => "Ir a la lista de organizaciones",
        Msg::Language => "Idioma",
        Msg::MapLabel => "Mapa de organizaciones",
        Msg::ListHeading => "Organizaciones visibles",
        Msg::Loading => "Cargando…",
        Msg::LoadFailed => "No se pudieron cargar los datos. Inténtelo de nuevo.",
        Msg::Categories => "Categorías",
        Msg::Search => "Buscar",
        Msg::SearchPlaceholder => "Nombre o ciudad, en cualquier idioma",
        Msg::Country => "País",
        Msg::AllCountries => "Todos los países",
        Msg::FocusArea => "Área de trabajo",
        Msg::AllFocusAreas => "Todas las áreas",
        Msg::ClearFilters => "Borrar filtros",
        Msg::ShowingCount => "{n} organizaciones visibles",
        Msg::ShowingNone => {
            "Ninguna organización visible coincide. Aleje el mapa o borre los filtros."
        }
        Msg::ZoomInForList => {
            "Se muestran las primeras {n}; acerque el mapa o filtre para ver el resto."
        }
        Msg::ClusterTitle => "{n} organizaciones: acercar",
        Msg::JerusalemSpotlight => "Jerusalén (al-Quds), Palestina",
        Msg::JerusalemText => {
            "Las organizaciones comunitarias de base de Jerusalén, en el corazón de la red."
        }
        Msg::ShowJerusalem => "Ver Jerusalén",
        Msg::JerusalemLabel => "Jerusalén (al-Quds), capital de Palestina",
        Msg::BackToMap => "Volver al mapa",
        Msg::NotFound => "Esta organización no está en el mapa.",
        Msg::PageNotFound => "Esta página no existe.",
        Msg::Website => "Sitio web",
        Msg::Links => "Enlaces",
        Msg::Languages => "Idiomas",
        Msg::FocusAreas => "Áreas de trabajo",
        Msg::Partnerships => "Alianzas",
        Msg::TwinnedWith => "Hermanada con",
        Msg::LastConfirmed => "Última confirmación",
        Msg::Location => "Ubicación",
        Msg::ApproximateLocation => "Ubicación aproximada (alrededor de 1 km)",
        Msg::ExactLocation => "Ubicación exacta",
    }
}
