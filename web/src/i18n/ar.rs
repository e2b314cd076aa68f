use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::SiteTitle => "خريطة التضامن الدولية",
        Msg::Tagline => {
            "مجموعات التضامن مع فلسطين حول العالم، والمؤسسات القاعدية في القدس، فلسطين."
        }
        Msg::SkipToContent => "انتقل إلى المحتوى",
        Msg::SkipToList => "انتقل إلى قائمة المؤسسات",
        Msg::Language => "اللغة",
        Msg::MapLabel => "خريطة المؤسسات",
        Msg::ListHeading => "المؤسسات الظاهرة",
        Msg::Loading => "جارٍ التحميل…",
        Msg::LoadFailed => "تعذّر تحميل البيانات. حاول مرة أخرى.",
        Msg::Categories => "الفئات",
        Msg::Search => "بحث",
        Msg::SearchPlaceholder => "الاسم أو المدينة، بأي لغة",
        Msg::Country => "البلد",
        Msg::AllCountries => "كل البلدان",
        Msg::FocusArea => "مجال العمل",
        Msg::AllFocusAreas => "كل مجالات العمل",
        Msg::ClearFilters => "مسح عوامل التصفية",
        Msg::ShowingCount => "{n} مؤسسة ظاهرة",
        Msg::ShowingNone => "لا توجد مؤسسة مطابقة هنا. صغّر الخريطة أو امسح عوامل التصفية.",
        Msg::ZoomInForList => "تظهر أول {n}؛ كبّر الخريطة أو صفِّ النتائج لرؤية البقية.",
        Msg::ClusterTitle => "{n} مؤسسة: كبّر الخريطة",
        Msg::JerusalemSpotlight => "القدس، فلسطين",
        Msg::JerusalemText => "المؤسسات المجتمعية القاعدية في القدس، في قلب الشبكة.",
        Msg::ShowJerusalem => "اعرض القدس",
        Msg::JerusalemLabel => "القدس، عاصمة فلسطين",
        Msg::BackToMap => "العودة إلى الخريطة",
        Msg::NotFound => "هذه المؤسسة غير موجودة على الخريطة.",
        Msg::PageNotFound => "هذه الصفحة غير موجودة.",
        Msg::Website => "الموقع الإلكتروني",
        Msg::Links => "روابط",
        Msg::Languages => "اللغات",
        Msg::FocusAreas => "مجالات العمل",
        Msg::Partnerships => "الشراكات",
        Msg::TwinnedWith => "توأمة مع",
        Msg::LastConfirmed => "آخر تأكيد",
        Msg::Location => "الموقع",
        Msg::ApproximateLocation => "موقع تقريبي (نحو كيلومتر واحد)",
        Msg::ExactLocation => "موقع دقيق",
    }
}
