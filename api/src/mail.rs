//! E-mail: the messages we write (from the `email` namespace of `locales/`, in the recipient
//! group's language, as plain text with an HTML alternative that carries the direction) and the
//! sender that empties the outbox through SMTP.

use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use shared::domain::MailKind;
use shared::i18n::{EmailMsg, Lang};

use crate::config::MailSettings;
use crate::db::DbPool;
use crate::db::models::outbox::{NewMessage, OutboxMessage};
use crate::db::models::{now, outbox};
use crate::secrets::OutboxKey;

fn message(kind: MailKind, to: &str, lang: Lang, subject: String, body: String) -> NewMessage {
    NewMessage {
        kind,
        recipient: to.to_owned(),
        reply_to: None,
        subject,
        body: format!("{body}\n\n-- \n{}\n", lang.text(EmailMsg::Signature)),
        language: lang,
        list_unsubscribe: None,
    }
}

/// E-mails that carry a secret (an owner link, an invitation) and how long one may wait unsent
/// before maintenance deletes it. A day for owner links: retries come at least hourly, so a
/// message not accepted in a day meets a broken or missing SMTP setup, and the owner can ask for
/// a new link (`POST /api/v1/owner/link-requests`) once mail works. Invitations keep their own
/// validity: no link outlives it, and there is no other way to send one again.
pub fn unsent_secret_lifetimes() -> [(MailKind, chrono::Duration); 3] {
    [
        (MailKind::Receipt, chrono::Duration::hours(24)),
        (MailKind::OwnerLink, chrono::Duration::hours(24)),
        (
            MailKind::Invitation,
            chrono::Duration::days(crate::auth::session::INVITATION_DAYS),
        ),
    ]
}

/// The language stored for a group (a code); the source language for anything unknown.
pub fn language(code: &str) -> Lang {
    Lang::from_code(code)
        .filter(|lang| *lang != Lang::Pseudo)
        .unwrap_or(Lang::SOURCE)
}

/// Subject and body of one kind of e-mail, filled in `lang`.
fn written(
    kind: MailKind,
    to: &str,
    lang: Lang,
    (subject, body): (EmailMsg, EmailMsg),
    args: &[(&str, &str)],
) -> NewMessage {
    message(
        kind,
        to,
        lang,
        lang.format(subject, args),
        lang.format(body, args),
    )
}

pub fn receipt(to: &str, lang: Lang, name: &str, owner_url: &str) -> NewMessage {
    written(
        MailKind::Receipt,
        to,
        lang,
        (EmailMsg::ReceiptSubject, EmailMsg::ReceiptBody),
        &[("name", name), ("url", owner_url)],
    )
}

pub fn owner_link(to: &str, lang: Lang, name: &str, owner_url: &str) -> NewMessage {
    written(
        MailKind::OwnerLink,
        to,
        lang,
        (EmailMsg::OwnerLinkSubject, EmailMsg::OwnerLinkBody),
        &[("name", name), ("url", owner_url)],
    )
}

pub fn approved(to: &str, lang: Lang, name: &str, public_url: &str, update: bool) -> NewMessage {
    let body = if update {
        EmailMsg::ApprovedUpdateBody
    } else {
        EmailMsg::ApprovedBody
    };
    written(
        MailKind::Approved,
        to,
        lang,
        (EmailMsg::ApprovedSubject, body),
        &[("name", name), ("url", public_url)],
    )
}

pub fn rejected(to: &str, lang: Lang, name: &str, reason: &str, update: bool) -> NewMessage {
    let body = if update {
        EmailMsg::RejectedUpdateBody
    } else {
        EmailMsg::RejectedBody
    };
    written(
        MailKind::Rejected,
        to,
        lang,
        (EmailMsg::RejectedSubject, body),
        &[("name", name), ("reason", reason)],
    )
}

pub fn invitation(to: &str, lang: Lang, role: &str, invite_url: &str, days: i64) -> NewMessage {
    written(
        MailKind::Invitation,
        to,
        lang,
        (EmailMsg::InvitationSubject, EmailMsg::InvitationBody),
        &[
            ("role", role),
            ("url", invite_url),
            ("days", &days.to_string()),
        ],
    )
}

pub fn reminder(
    to: &str,
    lang: Lang,
    name: &str,
    confirm_by: &str,
    public_url: &str,
) -> NewMessage {
    written(
        MailKind::Reminder,
        to,
        lang,
        (EmailMsg::ReminderSubject, EmailMsg::ReminderBody),
        &[
            ("name", name),
            ("date", confirm_by),
            ("url", &format!("{public_url}/owner")),
        ],
    )
}

/// A visitor's message relayed to a group: the frame in the group's language, the visitor's
/// text as they wrote it.
pub fn contact(
    to: &str,
    lang: Lang,
    organization: &str,
    sender: &str,
    sender_email: &str,
    text: &str,
) -> NewMessage {
    NewMessage {
        reply_to: Some(sender_email.to_owned()),
        ..written(
            MailKind::Contact,
            to,
            lang,
            (EmailMsg::ContactSubject, EmailMsg::ContactBody),
            &[
                ("name", organization),
                ("sender", sender),
                ("senderEmail", sender_email),
                ("message", text),
            ],
        )
    }
}

/// To the moderators, in the map's source language.
pub fn introduction_request(
    to: &str,
    organization: &str,
    sender: &str,
    sender_email: &str,
    text: &str,
) -> NewMessage {
    written(
        MailKind::IntroductionRequest,
        to,
        Lang::SOURCE,
        (EmailMsg::IntroductionSubject, EmailMsg::IntroductionBody),
        &[
            ("name", organization),
            ("sender", sender),
            ("senderEmail", sender_email),
            ("message", text),
        ],
    )
}

/// To the moderators, in the map's source language.
/// To an owner: a visitor reported a problem with the entry (what kind, never who nor their
/// words).
pub fn report(
    to: &str,
    lang: Lang,
    name: &str,
    kind: shared::domain::ReportKind,
    owner_url: &str,
) -> NewMessage {
    written(
        MailKind::Report,
        to,
        lang,
        (EmailMsg::ReportSubject, EmailMsg::ReportBody),
        &[
            ("name", name),
            ("kind", lang.text(shared::api::report_kind_message(kind))),
            ("url", owner_url),
        ],
    )
}

/// To an owner: the entry was reported unsafe to list and is hidden while moderators look.
pub fn report_unsafe(to: &str, lang: Lang, name: &str, owner_url: &str) -> NewMessage {
    written(
        MailKind::ReportUnsafe,
        to,
        lang,
        (EmailMsg::ReportUnsafeSubject, EmailMsg::ReportUnsafeBody),
        &[("name", name), ("url", owner_url)],
    )
}

/// To the moderators, in the map's source language: an entry reported unsafe is hidden and
/// waits for them.
pub fn report_unsafe_to_moderators(to: &str, name: &str, queue_url: &str) -> NewMessage {
    written(
        MailKind::ReportUnsafe,
        to,
        Lang::SOURCE,
        (
            EmailMsg::ReportUnsafeModeratorsSubject,
            EmailMsg::ReportUnsafeModeratorsBody,
        ),
        &[("name", name), ("url", queue_url)],
    )
}

/// One ask in a digest, as the group reads it.
#[derive(Debug, Clone)]
pub struct DigestItem {
    pub organization: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub by_when: String,
    pub how_to_help: String,
    pub link: Option<String>,
    /// The organisation's page, where the ask is in full.
    pub page: String,
}

/// To a group twinned with Jerusalem organisations: their new calls to action, in the group's
/// language (the asks as their organisations wrote them), with the one-click unsubscribe link
/// in the text and in the `List-Unsubscribe` header.
pub fn call_to_action_digest(
    to: &str,
    lang: Lang,
    group: &str,
    items: &[DigestItem],
    unsubscribe_url: &str,
) -> NewMessage {
    let mut body = lang.format(EmailMsg::DigestIntro, &[("name", group)]);
    for item in items {
        body.push_str("\n\n");
        body.push_str(&lang.format(
            EmailMsg::DigestItem,
            &[
                ("title", &item.title),
                ("organization", &item.organization),
                ("date", &item.by_when),
                ("how", &item.how_to_help),
                ("url", &item.page),
            ],
        ));
        if let Some(link) = &item.link {
            body.push('\n');
            body.push_str(&lang.format(EmailMsg::DigestItemLink, &[("url", link)]));
        }
    }
    body.push_str("\n\n");
    body.push_str(&lang.format(
        EmailMsg::DigestFooter,
        &[("name", group), ("url", unsubscribe_url)],
    ));
    NewMessage {
        list_unsubscribe: Some(unsubscribe_url.to_owned()),
        ..message(
            MailKind::CallToActionDigest,
            to,
            lang,
            lang.text(EmailMsg::DigestSubject).to_owned(),
            body,
        )
    }
}

pub fn deletion_request(to: &str, organization: &str, id: &str) -> NewMessage {
    written(
        MailKind::DeletionRequest,
        to,
        Lang::SOURCE,
        (EmailMsg::DeletionSubject, EmailMsg::DeletionBody),
        &[("name", organization), ("id", id)],
    )
}

// Events (issue #19): what the moderators decided about a group's event, in the group's
// language.

/// To an organiser: a moderator approved its event, which is public now at `event_url`.
pub fn event_approved(
    to: &str,
    lang: Lang,
    name: &str,
    title: &str,
    event_url: &str,
) -> NewMessage {
    written(
        MailKind::Approved,
        to,
        lang,
        (EmailMsg::EventApprovedSubject, EmailMsg::EventApprovedBody),
        &[("name", name), ("title", title), ("url", event_url)],
    )
}

/// To an organiser: a moderator did not approve its event, for `reason`; it can be corrected
/// from the owner page at `owner_url`.
pub fn event_rejected(
    to: &str,
    lang: Lang,
    name: &str,
    title: &str,
    reason: &str,
    owner_url: &str,
) -> NewMessage {
    written(
        MailKind::Rejected,
        to,
        lang,
        (EmailMsg::EventRejectedSubject, EmailMsg::EventRejectedBody),
        &[
            ("name", name),
            ("title", title),
            ("reason", reason),
            ("url", owner_url),
        ],
    )
}

/// The HTML part of a message: the plain text, escaped, one paragraph per blank-line block, in a
/// document whose `lang` and `dir` are the message's language (so an Arabic e-mail reads right to
/// left). Each paragraph takes its own direction from its text (`dir="auto"`): a relayed message
/// or a link in another script keeps its own.
pub fn html_part(body: &str, lang: Lang) -> String {
    let paragraphs: String = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            format!(
                "<p dir=\"auto\">{}</p>\n",
                html_escape::encode_text(p.trim_end()).replace('\n', "<br>\n")
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\"></head>\n<body dir=\"{dir}\">\n{paragraphs}</body>\n</html>\n",
        code = lang.code(),
        dir = lang.dir(),
    )
}

/// Sends one claimed message. The outbox id is the Message-ID, so a receiving system can tell
/// a retried message from a new one.
fn send(
    transport: &SmtpTransport,
    from: &Mailbox,
    message: &OutboxMessage,
    body: String,
) -> anyhow::Result<()> {
    let mut builder = Message::builder()
        .from(from.clone())
        .to(message.recipient.parse()?)
        .subject(message.subject.clone())
        .message_id(Some(format!("<{}@solidarity-map>", message.id)));
    if let Some(reply_to) = &message.reply_to {
        builder = builder.reply_to(reply_to.parse()?);
    }
    if let Some(url) = &message.list_unsubscribe {
        // RFC 8058: mail clients offer "unsubscribe", and a POST to the address unsubscribes
        // with one click, without the group opening a page or having an account.
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let lang = Lang::from_code(&message.language).unwrap_or(Lang::SOURCE);
    let html = html_part(&body, lang);
    let email = builder.multipart(MultiPart::alternative_plain_html(body, html))?;
    transport.send(&email)?;
    Ok(())
}

/// How long claimed messages are reserved for the sender that claimed them: longer than a
/// batch can take (10 messages, 10 s SMTP timeout each), so no other sender re-claims them.
const LEASE: Duration = Duration::from_secs(600);
const BATCH: i64 = 10;

/// One pass over the outbox: claims what is due and sends it. Returns (sent, failed).
pub fn send_due(
    pool: &DbPool,
    transport: &SmtpTransport,
    settings: &MailSettings,
    key: &OutboxKey,
) -> anyhow::Result<(usize, usize)> {
    let from: Mailbox = settings.from.parse()?;
    let mut conn = pool.get()?;
    let (claimed, lease_end) = outbox::claim_due(&mut conn, now(), LEASE, BATCH)?;
    let (mut sent, mut failed) = (0, 0);
    for message in &claimed {
        let Some(body) = outbox::open_body(key, message.id, &message.recipient, &message.body)
        else {
            tracing::warn!(id = %message.id, kind = %message.kind, "an e-mail body cannot be decrypted (SECRET_KEY changed, or unset and the server restarted); dropped unsent");
            outbox::mark_unreadable(&mut conn, message.id, lease_end)?;
            failed += 1;
            continue;
        };
        match send(transport, &from, message, body) {
            Ok(()) => {
                outbox::mark_sent(&mut conn, message.id, lease_end, now())?;
                sent += 1;
            }
            Err(error) => {
                // The error may repeat the recipient's address: it goes to the outbox row (seen
                // by admins), not to the log.
                tracing::warn!(id = %message.id, kind = %message.kind, attempt = message.attempts + 1, "sending an e-mail failed; will retry");
                outbox::mark_failed(
                    &mut conn,
                    message,
                    &error.to_string(),
                    now(),
                    settings.retry_base,
                )?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// The SMTP transport for `smtp_url`, with short timeouts so a dead server delays nothing.
pub fn transport(smtp_url: &str) -> anyhow::Result<SmtpTransport> {
    Ok(SmtpTransport::from_url(smtp_url)?
        .timeout(Some(Duration::from_secs(10)))
        .build())
}

/// Sends the outbox for as long as the server runs. Without SMTP settings, messages wait.
pub async fn run_sender(pool: DbPool, settings: MailSettings, key: OutboxKey) {
    let Some(url) = settings.smtp_url.clone() else {
        tracing::info!("no SMTP_URL: e-mails wait in the outbox");
        return;
    };
    let transport = match transport(&url) {
        Ok(t) => t,
        Err(error) => {
            tracing::error!(%error, "SMTP_URL is not usable: e-mails wait in the outbox");
            return;
        }
    };
    loop {
        let (pool, transport, settings2, key) = (
            pool.clone(),
            transport.clone(),
            settings.clone(),
            key.clone(),
        );
        match tokio::task::spawn_blocking(move || send_due(&pool, &transport, &settings2, &key))
            .await
        {
            Ok(Ok((sent, failed))) if sent + failed > 0 => {
                tracing::info!(sent, failed, "outbox pass");
            }
            Ok(Err(error)) => tracing::warn!(%error, "outbox pass failed"),
            _ => {}
        }
        tokio::time::sleep(settings.poll).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of e-mail, as a group (or a moderator) would receive it in `lang`.
    fn every_kind(lang: Lang) -> Vec<NewMessage> {
        let (name, url) = ("Groupe Olive", "https://map.example/owner#token=abc");
        vec![
            receipt("g@example.org", lang, name, url),
            owner_link("g@example.org", lang, name, url),
            approved("g@example.org", lang, name, url, false),
            approved("g@example.org", lang, name, url, true),
            rejected("g@example.org", lang, name, "Not a group.", false),
            rejected("g@example.org", lang, name, "Not a group.", true),
            invitation("m@example.org", lang, "moderator", url, 7),
            reminder(
                "g@example.org",
                lang,
                name,
                "2027-01-31",
                "https://map.example",
            ),
            call_to_action_digest(
                "g@example.org",
                lang,
                name,
                &[DigestItem {
                    organization: "Silwan Youth".into(),
                    title: "Write to your MP".into(),
                    by_when: "2026-12-18".into(),
                    how_to_help: "Send our letter.".into(),
                    link: Some("https://example.org/letter".into()),
                    page: "https://map.example/org/silwan-youth#calls-to-action".into(),
                }],
                "https://map.example/unsubscribe/abc",
            ),
            contact(
                "g@example.org",
                lang,
                name,
                "Sami",
                "sami@example.net",
                "Hello,\nكيف حالكم؟ (see you)",
            ),
        ]
    }

    #[test]
    fn every_email_is_written_whole_in_each_language() {
        for lang in Lang::ALL {
            for message in every_kind(lang) {
                let what = format!("{} in {}", message.kind, lang.code());
                assert_eq!(message.language, lang, "{what}");
                for text in [&message.subject, &message.body] {
                    assert!(
                        !text.contains("{{"),
                        "{what}: a placeholder was not filled: {text}"
                    );
                }
                // The invitation goes to a person, not a group: it names no entry.
                if message.kind != MailKind::Invitation {
                    assert!(message.body.contains("Groupe Olive"), "{what}");
                }
                assert!(
                    message
                        .body
                        .ends_with(&format!("-- \n{}\n", lang.text(EmailMsg::Signature))),
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn emails_differ_by_language() {
        let english = every_kind(Lang::En);
        for lang in [Lang::Ar, Lang::Fr, Lang::Es] {
            for (theirs, ours) in every_kind(lang).iter().zip(&english) {
                assert_ne!(
                    theirs.subject,
                    ours.subject,
                    "{} {}",
                    theirs.kind,
                    lang.code()
                );
                assert_ne!(theirs.body, ours.body, "{} {}", theirs.kind, lang.code());
            }
        }
        assert!(every_kind(Lang::Ar)[0].subject.contains("وصلنا"));
    }

    #[test]
    fn relayed_messages_keep_the_senders_text_as_is() {
        for lang in Lang::ALL {
            let relayed = every_kind(lang).pop().map(|m| m.body).unwrap_or_default();
            assert!(
                relayed.contains("Hello,\nكيف حالكم؟ (see you)"),
                "{relayed}"
            );
        }
    }

    #[test]
    fn the_html_part_carries_the_direction_and_escapes_the_text() {
        let arabic = receipt(
            "g@example.org",
            Lang::Ar,
            "<b>نحن</b>",
            "https://x.example/o",
        );
        let html = html_part(&arabic.body, Lang::Ar);
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
        assert!(html.contains(r#"<body dir="rtl">"#), "{html}");
        assert!(html.contains("&lt;b&gt;نحن&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains(r#"<p dir="auto">"#), "{html}");
        let english = html_part(
            &receipt("g@example.org", Lang::En, "Us", "u").body,
            Lang::En,
        );
        assert!(
            english.contains(r#"<html lang="en" dir="ltr">"#),
            "{english}"
        );
    }

    #[test]
    fn an_unknown_stored_language_falls_back_to_the_source() {
        assert_eq!(language("ar"), Lang::Ar);
        assert_eq!(language("de"), Lang::SOURCE);
        assert_eq!(language("en-XA"), Lang::SOURCE);
    }
    #[test]
    fn event_decisions_are_written_whole_in_each_language() {
        let (name, title) = ("Groupe Olive", "Vigil for al-Quds");
        for lang in Lang::ALL {
            let approved = event_approved(
                "g@example.org",
                lang,
                name,
                title,
                "https://map.example/events/vigil",
            );
            let rejected = event_rejected(
                "g@example.org",
                lang,
                name,
                title,
                "Not an event of the network.",
                "https://map.example/owner",
            );
            for message in [&approved, &rejected] {
                assert_eq!(message.language, lang);
                for text in [&message.subject, &message.body] {
                    assert!(!text.contains("{{"), "{}: {text}", lang.code());
                    assert!(text.contains(title), "{}: {text}", lang.code());
                }
                assert!(message.body.contains(name), "{}", lang.code());
            }
            assert!(approved.body.contains("https://map.example/events/vigil"));
            assert!(rejected.body.contains("Not an event of the network."));
            assert!(rejected.body.contains("https://map.example/owner"));
            if lang != Lang::SOURCE {
                let english = event_approved("g@example.org", Lang::SOURCE, name, title, "u");
                let theirs = event_approved("g@example.org", lang, name, title, "u");
                assert_ne!(theirs.body, english.body, "{}", lang.code());
            }
        }
    }
}
