//! Who is reading: the language of the page, carried by the URL (`?lang=ar`) and otherwise
//! chosen from `Accept-Language`. No cookie: a link says which language it opens in.

use actix_web::HttpRequest;
use actix_web::http::header;
use shared::i18n::{Lang, Message};

/// The reader's language, and whether the URL chose it (then every link keeps it).
#[derive(Debug, Clone, Copy)]
pub struct Reader {
    pub lang: Lang,
    from_url: bool,
}

/// The `lang` parameter of a query string, when it names one of our languages.
fn lang_in_query(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "lang")
        .and_then(|(_, value)| Lang::from_code(&value))
}

impl Reader {
    pub fn of(req: &HttpRequest) -> Self {
        if let Some(lang) = lang_in_query(req.query_string()) {
            return Self {
                lang,
                from_url: true,
            };
        }
        let accepted = req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(accept_language::parse)
            .unwrap_or_default();
        let lang = accepted
            .iter()
            .find_map(|tag| Lang::from_code(tag))
            .unwrap_or(Lang::SOURCE);
        Self {
            lang,
            from_url: false,
        }
    }

    pub fn t(&self, msg: impl Message) -> &'static str {
        self.lang.text(msg)
    }

    pub fn format(&self, msg: impl Message, args: &[(&str, &str)]) -> String {
        self.lang.format(msg, args)
    }

    pub fn count(&self, msg: impl shared::i18n::Counted, n: usize) -> String {
        self.lang.count(msg, n as u64, &[])
    }

    /// `path` (which may carry a query) in this reader's language: with `lang=` when the URL
    /// chose it, as is otherwise (the next page negotiates the same language).
    pub fn href(&self, path: &str) -> String {
        if !self.from_url {
            return path.to_owned();
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}lang={}", self.lang.code())
    }

    /// The hidden field a form needs to keep the language (nothing when negotiated).
    pub fn lang_field(&self) -> Option<&'static str> {
        self.from_url.then(|| self.lang.code())
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_url_wins_over_the_browser() {
        let req = TestRequest::default()
            .uri("/?lang=ar")
            .insert_header((header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9"))
            .to_http_request();
        let reader = Reader::of(&req);
        assert_eq!(reader.lang, Lang::Ar);
        assert_eq!(reader.href("/join"), "/join?lang=ar");
        assert_eq!(reader.href("/?q=x"), "/?q=x&lang=ar");
    }

    #[test]
    fn the_browser_chooses_by_quality_and_falls_back_to_english() {
        let req = TestRequest::default()
            .insert_header((header::ACCEPT_LANGUAGE, "de;q=1, es-MX;q=0.8, ar;q=0.5"))
            .to_http_request();
        let reader = Reader::of(&req);
        assert_eq!(reader.lang, Lang::Es);
        assert_eq!(reader.href("/join"), "/join");
        let req = TestRequest::default()
            .insert_header((header::ACCEPT_LANGUAGE, "de, ja"))
            .to_http_request();
        assert_eq!(Reader::of(&req).lang, Lang::En);
    }
}
