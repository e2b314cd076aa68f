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
        Msg::NavMap => "Carte",
        Msg::NavJoin => "Rejoindre la carte",
        Msg::Navigation => "Principal",
        Msg::JoinTitle => "Rejoindre la carte",
        Msg::JoinIntro => {
            "Présentez votre groupe. Une modératrice ou un modérateur relit chaque fiche avant sa publication ; d’ici là, rien n’est public."
        }
        Msg::RequiredHint => "Les champs marqués * sont obligatoires.",
        Msg::GroupName => "Nom du groupe *",
        Msg::GroupNameAr => "Nom en arabe",
        Msg::CategoryLabel => "Type de groupe *",
        Msg::ChooseOne => "Choisir…",
        Msg::DescriptionLabel => "Que fait le groupe ?",
        Msg::CityLabel => "Ville *",
        Msg::CountryLabel => "Pays *",
        Msg::LocationLegend => "Où se trouve le groupe ? *",
        Msg::LocationHelp => "Cherchez votre ville ou cliquez sur la carte pour placer le point.",
        Msg::FindCity => "Chercher une ville",
        Msg::CitySuggestions => "Villes trouvées",
        Msg::PointChosen => "Point choisi : {n}",
        Msg::NoPointYet => "Aucun point choisi.",
        Msg::PrecisionLegend => "Que doit montrer la carte ?",
        Msg::PrecisionApproximate => {
            "Approximatif (recommandé) : nous gardons et montrons seulement un point à environ 1 km de celui choisi. Votre adresse exacte n’est jamais enregistrée."
        }
        Msg::PrecisionExact => "Exact : le point choisi est public, visible par tout le monde.",
        Msg::WebsiteLabel => "Site web",
        Msg::ContactEmailLabel => "E-mail de contact *",
        Msg::ContactEmailHelp => {
            "Privé : sert uniquement à vous écrire (votre lien de gestion, notre décision, les messages des visiteurs). Jamais montré à personne."
        }
        Msg::ConsentLabel => {
            "Nous acceptons que notre groupe figure sur la carte publique et que vous gardiez notre e-mail de contact à cette fin. *"
        }
        Msg::HoneypotLabel => "Laissez ce champ vide",
        Msg::SendForReview => "Envoyer pour relecture",
        Msg::Sending => "Envoi…",
        Msg::FixErrors => "Veuillez corriger {n} champ(s) :",
        Msg::DuplicatesFound => {
            "Ces fiches ressemblent à la vôtre. Si votre groupe est déjà sur la carte, inutile de le rajouter."
        }
        Msg::PendingDuplicate => "Une fiche semblable attend d’être relue.",
        Msg::SendAnyway => "C’est un autre groupe : envoyer",
        Msg::JoinDone => {
            "Merci ! Une modératrice ou un modérateur va relire votre fiche ; nous vous écrirons."
        }
        Msg::OwnerLinkExplain => {
            "Votre lien de gestion privé permet de modifier la fiche, la masquer ou la retirer. Il n’est affiché qu’une fois ici (nous l’avons aussi envoyé par e-mail) : gardez-le et ne le partagez pas."
        }
        Msg::OwnerLinkLabel => "Votre lien de gestion",
        Msg::CopyLink => "Copier le lien",
        Msg::Copied => "Copié.",
        Msg::RuleRequired => "Ce champ est obligatoire.",
        Msg::RuleTooShort => "C’est trop court.",
        Msg::RuleTooLong => "C’est trop long.",
        Msg::RuleMarkup => "Les caractères < et > ne sont pas permis.",
        Msg::RuleControl => "Retirez les caractères de contrôle invisibles.",
        Msg::RuleEmail => "Donnez une adresse comme nom@example.org.",
        Msg::RuleUrl => "Donnez une adresse comme https://example.org.",
        Msg::RuleRange => "Cette valeur est hors limites.",
        Msg::RuleChoice => "Choisissez une des options.",
        Msg::RuleConsent => "Merci d’accepter, sinon nous ne pouvons pas lister le groupe.",
        Msg::RuleTooFast => "C’était très rapide : attendez quelques secondes et renvoyez.",
        Msg::RuleFormToken => "Le formulaire a expiré : rechargez la page.",
        Msg::RuleOther => "Cette valeur n’est pas acceptée.",
        Msg::SendFailed => "L’envoi a échoué. Réessayez.",
        Msg::TooManyRequests => "Trop de tentatives : attendez une minute et réessayez.",
        Msg::OwnerTitle => "Votre fiche",
        Msg::OwnerNoLink => {
            "Cette page a besoin de votre lien de gestion privé. Perdu ? Nous pouvons en envoyer un nouveau à votre e-mail de contact."
        }
        Msg::StatusLabel => "Statut",
        Msg::StatusPending => "En attente de relecture",
        Msg::StatusPublished => "Sur la carte",
        Msg::StatusHidden => "Masquée",
        Msg::StatusOther => "Pas sur la carte",
        Msg::HiddenUntil => "Masquée jusqu’au {n}",
        Msg::ConfirmBy => {
            "Confirmez que le groupe est toujours actif avant le {n}, sinon la fiche sera masquée jusqu’à confirmation."
        }
        Msg::ConfirmActive => "Nous sommes toujours actifs",
        Msg::HideEntry => "Masquer de la carte",
        Msg::HideUntilLabel => "Jusqu’au (facultatif)",
        Msg::ShowEntry => "Remontrer sur la carte",
        Msg::RequestDeletion => "Demander la suppression",
        Msg::DeletionConfirm => "Oui, supprimer notre fiche",
        Msg::DeletionRequested => {
            "Suppression demandée : la fiche est masquée et sera supprimée par la modération."
        }
        Msg::ProposeUpdate => "Proposer une mise à jour",
        Msg::UpdatePending => {
            "Une mise à jour attend d’être relue ; la carte montre la version actuelle d’ici là."
        }
        Msg::Done => "C’est fait.",
        Msg::LostLinkTitle => "Lien de gestion perdu ?",
        Msg::SendNewLink => "M’envoyer un nouveau lien",
        Msg::LinkSent => "Si cette adresse correspond à une fiche, un nouveau lien est en route.",
        Msg::NavResources => "Ressources",
        Msg::NavAbout => "À propos",
        Msg::WriteToGroup => "Écrire à ce groupe",
        Msg::ContactTitle => "Écrire à {n}",
        Msg::ContactIntro => {
            "Nous transmettons votre message ; vous ne voyez pas l’adresse du groupe, et le groupe ne voit la vôtre que pour vous répondre."
        }
        Msg::ContactIntroJerusalem => {
            "Les messages aux organisations de Jérusalem passent par notre modération, qui fait les présentations."
        }
        Msg::YourName => "Votre nom *",
        Msg::YourEmail => "Votre e-mail *",
        Msg::MessageLabel => "Message *",
        Msg::SendMessage => "Envoyer le message",
        Msg::MessageSent => "Votre message est en route.",
        Msg::ResourcesTitle => "Ressources",
        Msg::ResourcesIntro => "Rapports, boîtes à outils et médias du réseau.",
        Msg::KindLabel => "Type",
        Msg::AllKinds => "Tous les types",
        Msg::TopicLabel => "Thème",
        Msg::AllTopics => "Tous les thèmes",
        Msg::AllLanguages => "Toutes les langues",
        Msg::NoResources => "Aucune ressource ne correspond à ces filtres.",
        Msg::KindReport => "Rapport",
        Msg::KindToolkit => "Boîte à outils",
        Msg::KindVideo => "Vidéo",
        Msg::KindCampaign => "Campagne",
        Msg::KindArticle => "Article",
        Msg::KindPodcast => "Podcast",
        Msg::KindDataset => "Jeu de données",
        Msg::KindOther => "Autre",
        Msg::AboutTitle => "À propos de la carte",
        Msg::AboutMission => {
            "Grassroots Jerusalem travaille avec des organisations communautaires palestiniennes de Jérusalem (al-Quds) et invite les groupes du monde entier à rejoindre la carte : groupes de solidarité, groupes étudiants, communautés confessionnelles, diaspora palestinienne, médias et instituts de recherche. La carte remet Jérusalem sur la carte comme capitale de la Palestine, met en avant ses organisations de base et relie les groupes du monde entier à des partenaires à Jérusalem."
        }
        Msg::AboutPrivacy => {
            "Confidentialité : certains groupes listés subissent surveillance et harcèlement. Nous ne gardons que le nécessaire, ne publions jamais les adresses de contact, ne conservons qu’un point approximatif sauf choix contraire du groupe, et ne chargeons rien depuis d’autres serveurs."
        }
        Msg::EmbedTitle => "Intégrer la carte à votre site",
        Msg::EmbedHelp => {
            "Copiez ce code dans votre page. Modifiez la catégorie et le pays (ou retirez-les) pour choisir ce que montre la carte."
        }
        Msg::EmbedCode => "Code à copier",
        Msg::FeedTitle => "Suivre les nouvelles fiches",
        Msg::FeedHelp => {
            "Un flux Atom des organisations nouvellement listées, aussi pour un pays (ajoutez ?country=GB) ou une zone (?bbox=ouest,sud,est,nord) :"
        }
        Msg::ApiTitle => "Données ouvertes",
        Msg::ApiHelp => "L’API publique et sa documentation :",
        Msg::ViewFullMap => "Ouvrir la Carte internationale de solidarité",
        Msg::RelatedResources => "Ressources liées à ce groupe",
    }
}
