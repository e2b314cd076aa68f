//! The dashboard's strings, apart from the public ones so that they never weigh on the map's
//! bundle. Each message gives its four translations together (en, ar, fr, es).

use leptos::prelude::Get;

use crate::i18n::{I18n, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminMsg {
    Dashboard,
    SignInTitle,
    Email,
    Password,
    OneTimeCode,
    OneTimeCodeHelp,
    SignIn,
    SignOut,
    WrongCredentials,
    CodeNeeded,
    Throttled,
    Failed,
    ReviewQueue,
    PendingCount,
    NothingToReview,
    NewEntry,
    Update,
    Field,
    Before,
    After,
    Approve,
    Reject,
    Reason,
    ConfirmReject,
    Approved,
    Rejected,
    ContactEmail,
    LikelyDuplicates,
    SubmittedOn,
    AdminNavigation,
    RelayInbox,
    Outbox,
    InboxEmpty,
    OutboxEmpty,
    MarkIntroduced,
    MarkClosed,
    StatusNew,
    StatusIntroduced,
    StatusClosed,
    Sent,
    Waiting,
    Attempts,
    AdminsOnly,
}

impl AdminMsg {
    pub fn text(self, lang: Lang) -> &'static str {
        let [en, ar, fr, es] = match self {
            Self::Dashboard => ["Dashboard", "لوحة الإدارة", "Tableau de bord", "Panel"],
            Self::SignInTitle => [
                "Sign in to the dashboard",
                "تسجيل الدخول إلى لوحة الإدارة",
                "Connexion au tableau de bord",
                "Acceso al panel",
            ],
            Self::Email => ["E-mail", "البريد الإلكتروني", "E-mail", "Correo"],
            Self::Password => ["Password", "كلمة المرور", "Mot de passe", "Contraseña"],
            Self::OneTimeCode => [
                "One-time code",
                "الرمز لمرة واحدة",
                "Code à usage unique",
                "Código de un solo uso",
            ],
            Self::OneTimeCodeHelp => [
                "From your authenticator app, or a recovery code.",
                "من تطبيق المصادقة، أو رمز استرداد.",
                "De votre application d’authentification, ou un code de secours.",
                "De su aplicación de autenticación, o un código de recuperación.",
            ],
            Self::SignIn => ["Sign in", "دخول", "Se connecter", "Entrar"],
            Self::SignOut => [
                "Sign out everywhere",
                "الخروج من كل الأجهزة",
                "Se déconnecter partout",
                "Cerrar sesión en todas partes",
            ],
            Self::WrongCredentials => [
                "The e-mail address or the password is wrong.",
                "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
                "L’adresse e-mail ou le mot de passe est faux.",
                "El correo o la contraseña no son correctos.",
            ],
            Self::CodeNeeded => [
                "This account uses two-factor sign-in: enter the code.",
                "يستخدم هذا الحساب الدخول بعاملين: أدخلوا الرمز.",
                "Ce compte utilise la double authentification : saisissez le code.",
                "Esta cuenta usa verificación en dos pasos: introduzca el código.",
            ],
            Self::Throttled => [
                "Too many attempts: wait a minute and try again.",
                "محاولات كثيرة: انتظروا دقيقة وحاولوا مجددًا.",
                "Trop de tentatives : attendez une minute et réessayez.",
                "Demasiados intentos: espere un minuto y vuelva a intentarlo.",
            ],
            Self::Failed => [
                "That did not work. Please try again.",
                "لم ينجح ذلك. حاولوا مجددًا.",
                "Cela n’a pas marché. Réessayez.",
                "No funcionó. Inténtelo de nuevo.",
            ],
            Self::ReviewQueue => [
                "Review queue",
                "قائمة المراجعة",
                "File de relecture",
                "Cola de revisión",
            ],
            Self::PendingCount => [
                "{n} to review",
                "{n} بانتظار المراجعة",
                "{n} à relire",
                "{n} por revisar",
            ],
            Self::NothingToReview => [
                "Nothing to review.",
                "لا شيء للمراجعة.",
                "Rien à relire.",
                "Nada que revisar.",
            ],
            Self::NewEntry => ["New entry", "مدخل جديد", "Nouvelle fiche", "Ficha nueva"],
            Self::Update => ["Update", "تحديث", "Mise à jour", "Actualización"],
            Self::Field => ["Field", "الحقل", "Champ", "Campo"],
            Self::Before => ["Now", "الحالي", "Actuel", "Actual"],
            Self::After => ["Proposed", "المقترح", "Proposé", "Propuesto"],
            Self::Approve => ["Approve", "موافقة", "Approuver", "Aprobar"],
            Self::Reject => ["Reject", "رفض", "Refuser", "Rechazar"],
            Self::Reason => [
                "Reason (sent to the group)",
                "السبب (يُرسل إلى المجموعة)",
                "Motif (envoyé au groupe)",
                "Motivo (se envía al grupo)",
            ],
            Self::ConfirmReject => [
                "Reject with this reason",
                "الرفض بهذا السبب",
                "Refuser avec ce motif",
                "Rechazar con este motivo",
            ],
            Self::Approved => ["Approved.", "تمت الموافقة.", "Approuvé.", "Aprobado."],
            Self::Rejected => [
                "Rejected; the group is told why.",
                "رُفض؛ وأُبلغت المجموعة بالسبب.",
                "Refusé ; le groupe en reçoit le motif.",
                "Rechazado; el grupo recibe el motivo.",
            ],
            Self::ContactEmail => ["Contact", "التواصل", "Contact", "Contacto"],
            Self::LikelyDuplicates => [
                "Likely duplicates",
                "مداخل مكررة محتملة",
                "Doublons probables",
                "Posibles duplicados",
            ],
            Self::SubmittedOn => [
                "Sent on {n}",
                "أُرسل في {n}",
                "Envoyé le {n}",
                "Enviado el {n}",
            ],
            Self::AdminNavigation => ["Dashboard", "لوحة الإدارة", "Tableau de bord", "Panel"],
            Self::RelayInbox => [
                "Messages for Jerusalem organisations",
                "رسائل إلى مؤسسات القدس",
                "Messages pour les organisations de Jérusalem",
                "Mensajes para organizaciones de Jerusalén",
            ],
            Self::Outbox => [
                "Outbox",
                "صندوق الصادر",
                "Boîte d’envoi",
                "Bandeja de salida",
            ],
            Self::InboxEmpty => [
                "No message.",
                "لا رسائل.",
                "Aucun message.",
                "Ningún mensaje.",
            ],
            Self::OutboxEmpty => [
                "No e-mail yet.",
                "لا رسائل بريد بعد.",
                "Aucun e-mail pour l’instant.",
                "Ningún correo todavía.",
            ],
            Self::MarkIntroduced => [
                "Introduced",
                "تم التعريف",
                "Présentation faite",
                "Presentación hecha",
            ],
            Self::MarkClosed => ["Close", "إغلاق", "Clore", "Cerrar"],
            Self::StatusNew => ["new", "جديدة", "nouveau", "nuevo"],
            Self::StatusIntroduced => ["introduced", "تم التعريف", "présenté", "presentado"],
            Self::StatusClosed => ["closed", "مغلقة", "clos", "cerrado"],
            Self::Sent => ["sent", "أُرسلت", "envoyé", "enviado"],
            Self::Waiting => ["waiting", "بانتظار الإرسال", "en attente", "en espera"],
            Self::Attempts => [
                "attempts: {n}",
                "المحاولات: {n}",
                "tentatives : {n}",
                "intentos: {n}",
            ],
            Self::AdminsOnly => [
                "Only admins see this page.",
                "هذه الصفحة للمديرين فقط.",
                "Seuls les admins voient cette page.",
                "Solo las personas administradoras ven esta página.",
            ],
        };
        match lang {
            Lang::En => en,
            Lang::Ar => ar,
            Lang::Fr => fr,
            Lang::Es => es,
        }
    }
}

/// The dashboard's strings in the reader's language.
pub trait AdminText {
    fn a(&self, msg: AdminMsg) -> &'static str;
}

impl AdminText for I18n {
    fn a(&self, msg: AdminMsg) -> &'static str {
        msg.text(self.lang.get())
    }
}
