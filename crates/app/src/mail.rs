//! Outgoing mail. A use case writes its mail into the outbox inside its own transaction
//! ([`enqueue`]); [`deliver_pending`] sends what is pending through SMTP. Without SMTP configured,
//! mails are kept in the outbox, which administrators read in the browser (the development sink).

use crate::App;
use crate::error::{AppError, AppResult};
use crate::i18n::{Arg, Translator};
use domain::{Email, Language, MailId};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::Tx;
use store::outbox::{self, MailStatus, NewMail};
use time::Duration;

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain SMTP: only for a relay on the same machine or a development sink.
    None,
    StartTls,
    /// Implicit TLS (SMTPS, usually port 465).
    Tls,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `Kakehashi <no-reply@jetprogramme.example>`.
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username.as_ref().map(|_| "***"))
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub enum MailConfig {
    /// Keep mails in the outbox (development, demo).
    Outbox,
    Smtp(SmtpConfig),
}

impl MailConfig {
    pub fn describe(&self) -> Option<String> {
        match self {
            MailConfig::Outbox => None,
            MailConfig::Smtp(s) => Some(format!("{}:{}", s.host, s.port)),
        }
    }
}

/// Whom a mail is for: the name it greets, the address, and the language it is written in.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub name: &'a str,
    pub email: &'a Email,
    pub language: Language,
}

/// Writes a mail, in the recipient's language, into the outbox within the caller's transaction.
pub(crate) async fn enqueue(
    app: &App,
    tx: &mut Tx,
    to: Recipient<'_>,
    template: &str,
    subject: &str,
    text: &str,
) -> AppResult<()> {
    enqueue_with_calendar(app, tx, to, template, subject, text, None).await
}

/// [`enqueue`] with an iCalendar object attached (an interview invitation, move or cancellation).
pub(crate) async fn enqueue_with_calendar(
    app: &App,
    tx: &mut Tx,
    to: Recipient<'_>,
    template: &str,
    subject: &str,
    text: &str,
    calendar: Option<String>,
) -> AppResult<()> {
    outbox::insert(tx, &compose(app, to, template, subject, text, calendar), app.now()).await?;
    Ok(())
}

/// Many mails written into the outbox at once, within the caller's transaction (each made by
/// [`compose`]).
pub(crate) async fn enqueue_all(app: &App, tx: &mut Tx, mails: Vec<NewMail>) -> AppResult<()> {
    outbox::insert_all(tx, mails, app.now()).await?;
    Ok(())
}

/// A mail as the outbox keeps it: greeting, text and signature in the recipient's language.
pub(crate) fn compose(
    app: &App,
    to: Recipient<'_>,
    template: &str,
    subject: &str,
    text: &str,
    calendar: Option<String>,
) -> NewMail {
    let (name, language) = (to.name, to.language);
    let t = Translator::new(language);
    let body = format!(
        "{}\n\n{}\n\n{}\n",
        t.t_args("mail-greeting", &[("name", Arg::from(name))]),
        text,
        t.t("mail-signature")
    );
    let status = match app.config.mail {
        MailConfig::Outbox => MailStatus::Kept,
        MailConfig::Smtp(_) => MailStatus::Pending,
    };
    NewMail {
        to_address: to.email.as_str().to_owned(),
        language: language.tag().to_owned(),
        template: template.to_owned(),
        subject: subject.to_owned(),
        body_text: body,
        status,
        calendar,
    }
}

/// Tries this many times before a mail is given up as failed.
const MAX_ATTEMPTS: i64 = 5;
const LEASE: Duration = Duration::minutes(5);

fn transport(smtp: &SmtpConfig) -> AppResult<AsyncSmtpTransport<Tokio1Executor>> {
    let tls =
        |host: &str| TlsParameters::new(host.to_owned()).map_err(|e| AppError::Internal(format!("SMTP TLS: {e}")));
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host).port(smtp.port);
    builder = match smtp.security {
        SmtpSecurity::None => builder.tls(Tls::None),
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls(&smtp.host)?)),
        SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls(&smtp.host)?)),
    };
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.timeout(Some(std::time::Duration::from_secs(20))).build())
}

/// Sends the pending mails (up to 50) and returns how many went. Each result is recorded in a
/// transaction of its own, so one bad address does not hold back the others.
pub async fn deliver_pending(app: &App) -> AppResult<usize> {
    let MailConfig::Smtp(smtp) = &app.config.mail else {
        return Ok(0);
    };
    let mut tx = app.store.write().await?;
    let batch = outbox::claim(&mut tx, app.now(), LEASE, 50).await?;
    tx.commit().await?;
    if batch.is_empty() {
        return Ok(0);
    }
    let mailer = transport(smtp)?;
    let from: Mailbox = smtp.from.parse().map_err(|e| AppError::Internal(format!("SMTP sender address: {e}")))?;
    let mut sent = 0;
    for mail in batch {
        let id = MailId(mail.id);
        let outcome = async {
            let to: Mailbox = mail.to_address.parse().map_err(|e| format!("recipient: {e}"))?;
            let builder = Message::builder().from(from.clone()).to(to).subject(mail.subject.clone());
            let message = match &mail.calendar {
                None => builder.header(ContentType::TEXT_PLAIN).body(mail.body_text.clone()),
                Some(calendar) => {
                    let kind = ContentType::parse("text/calendar; charset=utf-8; method=REQUEST")
                        .map_err(|e| format!("calendar type: {e}"))?;
                    builder.multipart(
                        MultiPart::mixed()
                            .singlepart(SinglePart::plain(mail.body_text.clone()))
                            .singlepart(Attachment::new("invitation.ics".into()).body(calendar.clone(), kind)),
                    )
                }
            }
            .map_err(|e| format!("message: {e}"))?;
            mailer.send(message).await.map_err(|e| format!("SMTP: {e}"))?;
            Ok::<(), String>(())
        }
        .await;
        let mut tx = app.store.write().await?;
        match outcome {
            Ok(()) => {
                outbox::mark_sent(&mut tx, id, app.now()).await?;
                sent += 1;
            }
            Err(error) => {
                // The error names the server's answer, never the mail's content or address.
                tracing::warn!(mail = mail.id, %error, "mail not sent");
                outbox::mark_attempt_failed(&mut tx, id, &error, MAX_ATTEMPTS).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// The sender loop of `serve`: delivers pending mail every few seconds until shut down.
pub async fn run_sender(app: App, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    if matches!(app.config.mail, MailConfig::Outbox) {
        return;
    }
    loop {
        if let Err(e) = deliver_pending(&app).await {
            tracing::error!(error = %e, "mail delivery");
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(3)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
