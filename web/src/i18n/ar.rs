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
        Msg::NavMap => "الخريطة",
        Msg::NavJoin => "انضموا إلى الخريطة",
        Msg::Navigation => "القائمة الرئيسية",
        Msg::JoinTitle => "انضموا إلى الخريطة",
        Msg::JoinIntro => {
            "عرّفونا بمجموعتكم. يراجع مشرف كل طلب قبل ظهوره على الخريطة، ولا يُنشر شيء قبل ذلك."
        }
        Msg::RequiredHint => "الحقول المعلّمة بـ * إلزامية.",
        Msg::GroupName => "اسم المجموعة *",
        Msg::GroupNameAr => "الاسم بالعربية",
        Msg::CategoryLabel => "نوع المجموعة *",
        Msg::ChooseOne => "اختاروا…",
        Msg::DescriptionLabel => "ماذا تفعل المجموعة؟",
        Msg::CityLabel => "المدينة *",
        Msg::CountryLabel => "البلد *",
        Msg::LocationLegend => "أين تقع المجموعة؟ *",
        Msg::LocationHelp => "ابحثوا عن مدينتكم، أو انقروا على الخريطة لتحديد النقطة.",
        Msg::FindCity => "البحث عن مدينة",
        Msg::CitySuggestions => "المدن المطابقة",
        Msg::PointChosen => "النقطة المختارة: {n}",
        Msg::NoPointYet => "لم تُحدَّد أي نقطة بعد.",
        Msg::PrecisionLegend => "ماذا تعرض الخريطة؟",
        Msg::PrecisionApproximate => {
            "تقريبي (مُستحسن): نحفظ ونعرض فقط نقطة تبعد نحو كيلومتر واحد عن النقطة التي اخترتموها. لا يُحفظ عنوانكم الدقيق أبدًا."
        }
        Msg::PrecisionExact => "دقيق: النقطة التي اخترتموها علنية ويراها الجميع.",
        Msg::WebsiteLabel => "الموقع الإلكتروني",
        Msg::ContactEmailLabel => "البريد الإلكتروني للتواصل *",
        Msg::ContactEmailHelp => {
            "خاص: يُستخدم فقط لمراسلتكم (رابط الإدارة، قرارنا، رسائل الزوار). لا يُعرض على أحد أبدًا."
        }
        Msg::ConsentLabel => {
            "نوافق على إدراج مجموعتنا في الخريطة العامة وعلى احتفاظكم ببريدنا الإلكتروني لهذا الغرض. *"
        }
        Msg::HoneypotLabel => "اتركوا هذا الحقل فارغًا",
        Msg::SendForReview => "إرسال للمراجعة",
        Msg::Sending => "جارٍ الإرسال…",
        Msg::FixErrors => "يرجى تصحيح {n} حقل/حقول:",
        Msg::DuplicatesFound => {
            "تبدو هذه المداخل شبيهة بمجموعتكم. إن كانت مجموعتكم على الخريطة بالفعل فلا حاجة للانضمام مجددًا."
        }
        Msg::PendingDuplicate => "مدخل مشابه بانتظار المراجعة.",
        Msg::SendAnyway => "إنها مجموعة أخرى: أرسلوا",
        Msg::JoinDone => "شكرًا! سيراجع مشرف طلبكم وسنراسلكم.",
        Msg::OwnerLinkExplain => {
            "يتيح لكم رابط الإدارة الخاص تحديث المدخل أو إخفاءه أو حذفه. يظهر هنا مرة واحدة فقط (وأرسلناه إليكم بالبريد): احفظوه ولا تشاركوه."
        }
        Msg::OwnerLinkLabel => "رابط الإدارة الخاص بكم",
        Msg::CopyLink => "نسخ الرابط",
        Msg::Copied => "تم النسخ.",
        Msg::RuleRequired => "هذا الحقل إلزامي.",
        Msg::RuleTooShort => "هذا قصير جدًا.",
        Msg::RuleTooLong => "هذا طويل جدًا.",
        Msg::RuleMarkup => "الرمزان < و > غير مسموح بهما.",
        Msg::RuleControl => "أزيلوا رموز التحكم غير المرئية.",
        Msg::RuleEmail => "أدخلوا عنوان بريد مثل name@example.org.",
        Msg::RuleUrl => "أدخلوا عنوانًا مثل https://example.org.",
        Msg::RuleRange => "هذه القيمة خارج النطاق.",
        Msg::RuleChoice => "اختاروا أحد الخيارات.",
        Msg::RuleConsent => "يرجى الموافقة، وإلا فلا يمكننا إدراج المجموعة.",
        Msg::RuleTooFast => "كان ذلك سريعًا جدًا: انتظروا بضع ثوانٍ وأعيدوا الإرسال.",
        Msg::RuleFormToken => "انتهت صلاحية النموذج: أعيدوا تحميل الصفحة.",
        Msg::RuleOther => "هذه القيمة غير مقبولة.",
        Msg::SendFailed => "فشل الإرسال. يرجى المحاولة مجددًا.",
        Msg::TooManyRequests => "محاولات كثيرة: انتظروا دقيقة وحاولوا مجددًا.",
        Msg::OwnerTitle => "مدخلكم",
        Msg::OwnerNoLink => {
            "تحتاج هذه الصفحة إلى رابط الإدارة الخاص بكم. هل فقدتموه؟ يمكننا إرسال رابط جديد إلى بريدكم."
        }
        Msg::StatusLabel => "الحالة",
        Msg::StatusPending => "بانتظار المراجعة",
        Msg::StatusPublished => "على الخريطة",
        Msg::StatusHidden => "مخفي",
        Msg::StatusOther => "ليس على الخريطة",
        Msg::HiddenUntil => "مخفي حتى {n}",
        Msg::ConfirmBy => {
            "أكّدوا أن المجموعة ما زالت ناشطة قبل {n}، وإلا سيُخفى المدخل إلى أن تفعلوا."
        }
        Msg::ConfirmActive => "ما زلنا ناشطين",
        Msg::HideEntry => "إخفاء من الخريطة",
        Msg::HideUntilLabel => "حتى (اختياري)",
        Msg::ShowEntry => "إظهار على الخريطة مجددًا",
        Msg::RequestDeletion => "طلب الحذف",
        Msg::DeletionConfirm => "نعم، احذفوا مدخلنا",
        Msg::DeletionRequested => "طُلب الحذف: المدخل مخفي وسيحذفه المشرفون.",
        Msg::ProposeUpdate => "اقتراح تحديث",
        Msg::UpdatePending => "تحديث بانتظار المراجعة؛ تعرض الخريطة النسخة الحالية حتى ذلك الحين.",
        Msg::Done => "تم.",
        Msg::LostLinkTitle => "هل فقدتم رابط الإدارة؟",
        Msg::SendNewLink => "أرسلوا لي رابطًا جديدًا",
        Msg::LinkSent => "إن كان هذا العنوان مرتبطًا بمدخل، فالرابط الجديد في طريقه إليه.",
        Msg::NavResources => "الموارد",
        Msg::NavAbout => "من نحن",
        Msg::WriteToGroup => "راسلوا هذه المجموعة",
        Msg::ContactTitle => "راسلوا {n}",
        Msg::ContactIntro => {
            "ننقل رسالتكم؛ لا ترون عنوان المجموعة، ولا ترى المجموعة عنوانكم إلا للرد عليكم."
        }
        Msg::ContactIntroJerusalem => {
            "تصل الرسائل الموجّهة إلى مؤسسات القدس إلى مشرفينا الذين يتولّون التعريف."
        }
        Msg::YourName => "اسمكم *",
        Msg::YourEmail => "بريدكم الإلكتروني *",
        Msg::MessageLabel => "الرسالة *",
        Msg::SendMessage => "إرسال الرسالة",
        Msg::MessageSent => "رسالتكم في طريقها.",
        Msg::ResourcesTitle => "الموارد",
        Msg::ResourcesIntro => "تقارير وأدلة عمل ومواد إعلامية من الشبكة.",
        Msg::KindLabel => "النوع",
        Msg::AllKinds => "كل الأنواع",
        Msg::TopicLabel => "الموضوع",
        Msg::AllTopics => "كل المواضيع",
        Msg::AllLanguages => "كل اللغات",
        Msg::NoResources => "لا توجد موارد مطابقة لهذه المرشحات.",
        Msg::KindReport => "تقرير",
        Msg::KindToolkit => "دليل عمل",
        Msg::KindVideo => "فيديو",
        Msg::KindCampaign => "حملة",
        Msg::KindArticle => "مقال",
        Msg::KindPodcast => "بودكاست",
        Msg::KindDataset => "مجموعة بيانات",
        Msg::KindOther => "أخرى",
        Msg::AboutTitle => "عن الخريطة",
        Msg::AboutMission => {
            "تعمل «القدس الشعبية» مع مؤسسات مجتمعية فلسطينية في القدس، وتدعو المجموعات حول العالم إلى الانضمام إلى الخريطة: مجموعات التضامن والمجموعات الطلابية والمجتمعات الدينية والشتات الفلسطيني ووسائل الإعلام ومراكز الأبحاث. تعيد الخريطة القدس إلى مكانها عاصمةً لفلسطين، وتُبرز مؤسساتها القاعدية، وتربط المجموعات في كل مكان بشركاء في القدس."
        }
        Msg::AboutPrivacy => {
            "الخصوصية: تتعرض بعض المجموعات المدرجة للمراقبة والمضايقة. لا نحفظ إلا الضروري، ولا ننشر عناوين التواصل أبدًا، ونحتفظ بنقطة تقريبية فقط ما لم تختر المجموعة غير ذلك، ولا نحمّل شيئًا من خوادم أخرى."
        }
        Msg::EmbedTitle => "ضعوا الخريطة على موقعكم",
        Msg::EmbedHelp => {
            "انسخوا هذا الرمز في صفحتكم. غيّروا الفئة والبلد (أو احذفوهما) لاختيار ما تعرضه الخريطة."
        }
        Msg::EmbedCode => "الرمز المطلوب نسخه",
        Msg::FeedTitle => "تابعوا المداخل الجديدة",
        Msg::FeedHelp => {
            "خلاصة Atom بالمؤسسات المدرجة حديثًا، ولبلد واحد أيضًا (أضيفوا ?country=GB) أو منطقة (?bbox=غرب,جنوب,شرق,شمال):"
        }
        Msg::ApiTitle => "بيانات مفتوحة",
        Msg::ApiHelp => "واجهة البرمجة العامة مع توثيقها:",
        Msg::ViewFullMap => "افتحوا خريطة التضامن الدولية",
        Msg::RelatedResources => "موارد عن هذه المجموعة",
    }
}
