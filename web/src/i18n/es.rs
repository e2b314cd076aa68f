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
        Msg::NavMap => "Mapa",
        Msg::NavJoin => "Unirse al mapa",
        Msg::Navigation => "Principal",
        Msg::JoinTitle => "Unirse al mapa",
        Msg::JoinIntro => {
            "Cuéntenos sobre su grupo. Una persona moderadora revisa cada ficha antes de que aparezca en el mapa; hasta entonces nada es público."
        }
        Msg::RequiredHint => "Los campos marcados con * son obligatorios.",
        Msg::GroupName => "Nombre del grupo *",
        Msg::GroupNameAr => "Nombre en árabe",
        Msg::CategoryLabel => "Tipo de grupo *",
        Msg::ChooseOne => "Elegir…",
        Msg::DescriptionLabel => "¿Qué hace el grupo?",
        Msg::CityLabel => "Ciudad *",
        Msg::CountryLabel => "País *",
        Msg::LocationLegend => "¿Dónde está el grupo? *",
        Msg::LocationHelp => "Busque su ciudad o haga clic en el mapa para situar el punto.",
        Msg::FindCity => "Buscar una ciudad",
        Msg::CitySuggestions => "Ciudades encontradas",
        Msg::PointChosen => "Punto elegido: {n}",
        Msg::NoPointYet => "Aún no hay ningún punto.",
        Msg::PrecisionLegend => "¿Qué debe mostrar el mapa?",
        Msg::PrecisionApproximate => {
            "Aproximada (recomendada): guardamos y mostramos solo un punto a aproximadamente 1 km del elegido. Su dirección exacta nunca se guarda."
        }
        Msg::PrecisionExact => "Exacta: el punto elegido es público y cualquiera puede verlo.",
        Msg::WebsiteLabel => "Sitio web",
        Msg::ContactEmailLabel => "Correo de contacto *",
        Msg::ContactEmailHelp => {
            "Privado: solo sirve para escribirle (su enlace de gestión, nuestra decisión, mensajes de visitantes). Nunca se muestra a nadie."
        }
        Msg::ConsentLabel => {
            "Aceptamos que nuestro grupo figure en el mapa público y que guarden nuestro correo de contacto para ello. *"
        }
        Msg::HoneypotLabel => "Deje este campo vacío",
        Msg::SendForReview => "Enviar para revisión",
        Msg::Sending => "Enviando…",
        Msg::FixErrors => "Corrija {n} campo(s):",
        Msg::DuplicatesFound => {
            "Estas fichas se parecen a la suya. Si su grupo ya está en el mapa, no hace falta volver a añadirlo."
        }
        Msg::PendingDuplicate => "Una ficha similar espera revisión.",
        Msg::SendAnyway => "Es otro grupo: enviar",
        Msg::JoinDone => "¡Gracias! Una persona moderadora revisará su ficha; le escribiremos.",
        Msg::OwnerLinkExplain => {
            "Su enlace privado de gestión permite actualizar la ficha, ocultarla o retirarla. Solo se muestra una vez aquí (también se lo enviamos por correo): guárdelo y no lo comparta."
        }
        Msg::OwnerLinkLabel => "Su enlace de gestión",
        Msg::CopyLink => "Copiar el enlace",
        Msg::Copied => "Copiado.",
        Msg::RuleRequired => "Este campo es obligatorio.",
        Msg::RuleTooShort => "Es demasiado corto.",
        Msg::RuleTooLong => "Es demasiado largo.",
        Msg::RuleMarkup => "No se permiten los caracteres < y >.",
        Msg::RuleControl => "Quite los caracteres de control invisibles.",
        Msg::RuleEmail => "Indique una dirección como nombre@example.org.",
        Msg::RuleUrl => "Indique una dirección como https://example.org.",
        Msg::RuleRange => "Este valor está fuera de rango.",
        Msg::RuleChoice => "Elija una de las opciones.",
        Msg::RuleConsent => "Acepte, o no podremos incluir el grupo.",
        Msg::RuleTooFast => "Fue muy rápido: espere unos segundos y vuelva a enviar.",
        Msg::RuleFormToken => "El formulario caducó: recargue la página.",
        Msg::RuleOther => "Este valor no se acepta.",
        Msg::SendFailed => "El envío falló. Inténtelo de nuevo.",
        Msg::TooManyRequests => "Demasiados intentos: espere un minuto y vuelva a intentarlo.",
        Msg::OwnerTitle => "Su ficha",
        Msg::OwnerNoLink => {
            "Esta página necesita su enlace privado de gestión. ¿Lo perdió? Podemos enviar uno nuevo a su correo de contacto."
        }
        Msg::StatusLabel => "Estado",
        Msg::StatusPending => "Pendiente de revisión",
        Msg::StatusPublished => "En el mapa",
        Msg::StatusHidden => "Oculta",
        Msg::StatusOther => "No está en el mapa",
        Msg::HiddenUntil => "Oculta hasta el {n}",
        Msg::ConfirmBy => {
            "Confirme que el grupo sigue activo antes del {n}, o la ficha se ocultará hasta que lo haga."
        }
        Msg::ConfirmActive => "Seguimos activos",
        Msg::HideEntry => "Ocultar del mapa",
        Msg::HideUntilLabel => "Hasta (opcional)",
        Msg::ShowEntry => "Volver a mostrar en el mapa",
        Msg::RequestDeletion => "Pedir la eliminación",
        Msg::DeletionConfirm => "Sí, eliminar nuestra ficha",
        Msg::DeletionRequested => {
            "Eliminación pedida: la ficha está oculta y la moderación la eliminará."
        }
        Msg::ProposeUpdate => "Proponer una actualización",
        Msg::UpdatePending => {
            "Una actualización espera revisión; hasta entonces el mapa muestra la versión actual."
        }
        Msg::Done => "Hecho.",
        Msg::LostLinkTitle => "¿Perdió su enlace de gestión?",
        Msg::SendNewLink => "Enviarme un enlace nuevo",
        Msg::LinkSent => "Si esta dirección corresponde a una ficha, un enlace nuevo va de camino.",
        Msg::NavResources => "Recursos",
        Msg::NavAbout => "Acerca de",
        Msg::WriteToGroup => "Escribir a este grupo",
        Msg::ContactTitle => "Escribir a {n}",
        Msg::ContactIntro => {
            "Transmitimos su mensaje; usted no ve la dirección del grupo y el grupo ve la suya solo para responderle."
        }
        Msg::ContactIntroJerusalem => {
            "Los mensajes a organizaciones de Jerusalén llegan a nuestra moderación, que hace la presentación."
        }
        Msg::YourName => "Su nombre *",
        Msg::YourEmail => "Su correo *",
        Msg::MessageLabel => "Mensaje *",
        Msg::SendMessage => "Enviar el mensaje",
        Msg::MessageSent => "Su mensaje va de camino.",
        Msg::ResourcesTitle => "Recursos",
        Msg::ResourcesIntro => "Informes, guías y medios de la red.",
        Msg::KindLabel => "Tipo",
        Msg::AllKinds => "Todos los tipos",
        Msg::TopicLabel => "Tema",
        Msg::AllTopics => "Todos los temas",
        Msg::AllLanguages => "Todos los idiomas",
        Msg::NoResources => "Ningún recurso coincide con estos filtros.",
        Msg::KindReport => "Informe",
        Msg::KindToolkit => "Guía",
        Msg::KindVideo => "Vídeo",
        Msg::KindCampaign => "Campaña",
        Msg::KindArticle => "Artículo",
        Msg::KindPodcast => "Pódcast",
        Msg::KindDataset => "Conjunto de datos",
        Msg::KindOther => "Otro",
        Msg::AboutTitle => "Acerca del mapa",
        Msg::AboutMission => {
            "Grassroots Jerusalem trabaja con organizaciones comunitarias palestinas de Jerusalén (al-Quds) e invita a grupos de todo el mundo a unirse al mapa: grupos de solidaridad, grupos estudiantiles, comunidades de fe, la diáspora palestina, medios e institutos de investigación. El mapa devuelve Jerusalén al mapa como capital de Palestina, destaca sus organizaciones de base y une a grupos de todas partes con socios en Jerusalén."
        }
        Msg::AboutPrivacy => {
            "Privacidad: algunos grupos sufren vigilancia y acoso. Guardamos solo lo necesario, nunca publicamos direcciones de contacto, conservamos solo un punto aproximado salvo que el grupo elija otra cosa y no cargamos nada de otros servidores."
        }
        Msg::EmbedTitle => "Poner el mapa en su sitio",
        Msg::EmbedHelp => {
            "Copie este código en su página. Cambie la categoría y el país (o quítelos) para elegir lo que muestra el mapa."
        }
        Msg::EmbedCode => "Código para copiar",
        Msg::FeedTitle => "Seguir las nuevas fichas",
        Msg::FeedHelp => {
            "Un canal Atom de las organizaciones recién incluidas, también para un país (añada ?country=GB) o una zona (?bbox=oeste,sur,este,norte):"
        }
        Msg::ApiTitle => "Datos abiertos",
        Msg::ApiHelp => "La API pública y su documentación:",
        Msg::ViewFullMap => "Abrir el Mapa Internacional de Solidaridad",
        Msg::RelatedResources => "Recursos sobre este grupo",
    }
}
