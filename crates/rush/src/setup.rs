//! The setup phase (not timed as the rush): a recruiting programme year with its deadline ahead,
//! and N applicants whose applications are complete drafts, all made through the API the way an
//! applicant, their referees and a CLAIR officer would.

use crate::api::{Api, Session, expect, json};
use crate::pdf;
use anyhow::{Context, Result, bail};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// The password of every generated applicant.
pub const APPLICANT_PASSWORD: &str = "rush-applicant-password";

/// The programme year the applicants apply to.
#[derive(Debug, Clone)]
pub struct Year {
    pub id: i64,
    pub country: String,
    pub year: i64,
    pub deadline_local: String,
    pub missions: Vec<i64>,
}

/// An applicant ready for the rush: logged in, with a complete draft.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub index: usize,
    pub email: String,
    pub session: Session,
    pub application: i64,
    pub reference: String,
}

#[derive(Debug, Deserialize)]
struct YearRow {
    id: i64,
    country_code: String,
    year: i64,
    status: String,
    version: i64,
    application_deadline: Option<String>,
    application_deadline_local: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OpenYear {
    id: i64,
    missions: Vec<OpenMission>,
}

#[derive(Debug, Deserialize)]
struct OpenMission {
    id: i64,
}

/// The application as the API answers with it (only what the generator reads).
#[derive(Debug, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub reference: String,
    pub status: String,
    pub version: i64,
    #[serde(default)]
    pub missing: Vec<String>,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub year: i64,
}

#[derive(Debug, Deserialize)]
struct Paged<T> {
    rows: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct Mail {
    template: String,
    body: String,
}

/// Finds the country's year, or creates it (as CLAIR) and opens it for applications with the
/// deadline `deadline_days` ahead.
pub async fn programme_year(api: &Api, staff: &Session, country: &str, year: i64, deadline_days: i64) -> Result<Year> {
    let years: Vec<YearRow> = json(
        api.request(Method::GET, "/api/v1/programme-years", Some(staff))
            .send()
            .await
            .context("list programme years")?,
        "GET /api/v1/programme-years (the bench account needs the clair-staff role)",
        &[200],
    )
    .await?;
    let existing = years.into_iter().find(|y| y.country_code == country && y.year == year);
    let mut row = match existing {
        Some(row) => row,
        None => {
            let body = json!({"country": country, "year": year});
            json(
                api.request(Method::POST, "/api/v1/programme-years", Some(staff))
                    .json(&body)
                    .send()
                    .await
                    .context("create the programme year")?,
                &format!("create the programme year {country} {year}"),
                &[201],
            )
            .await?
        }
    };
    let open = row.status == "recruiting" && row.application_deadline.is_some();
    if !open {
        if row.status != "planning" {
            bail!(
                "the programme year {country} {year} is {}, not planning or recruiting: use another --year",
                row.status
            );
        }
        let today = time::OffsetDateTime::now_utc().date();
        let deadline = today + time::Duration::days(deadline_days);
        let settings = json!({
            "applications_open": format!("{today}T00:00"),
            "application_deadline": format!("{deadline}T23:59"),
            "places_alt": 2700, "places_cir": 110,
            "departure_groups": [
                {"name": "Group A", "arrival_date": format!("{year}-07-24")},
                {"name": "Group B", "arrival_date": format!("{year}-07-31")}
            ],
            "version": row.version
        });
        let path = format!("/api/v1/programme-years/{}", row.id);
        row = json(
            api.request(Method::PUT, &path, Some(staff)).json(&settings).send().await.context("save the year")?,
            &format!("save the settings of {country} {year}"),
            &[200],
        )
        .await?;
        let body = json!({"status": "recruiting", "version": row.version});
        row = json(
            api.request(Method::POST, &format!("{path}/status"), Some(staff))
                .json(&body)
                .send()
                .await
                .context("open the year")?,
            &format!("open {country} {year} for applications"),
            &[200],
        )
        .await?;
    }
    let open_years: Vec<OpenYear> = json(
        api.request(Method::GET, "/api/v1/open-years", None).send().await.context("GET /api/v1/open-years")?,
        "GET /api/v1/open-years",
        &[200],
    )
    .await?;
    let listed = open_years
        .into_iter()
        .find(|y| y.id == row.id)
        .with_context(|| format!("{country} {year} is not among the open years: is its deadline past?"))?;
    if listed.missions.is_empty() {
        bail!("{country} has no mission to apply to");
    }
    Ok(Year {
        id: row.id,
        country: country.to_owned(),
        year,
        deadline_local: row.application_deadline_local.unwrap_or_default(),
        missions: listed.missions.into_iter().map(|m| m.id).collect(),
    })
}

/// The form, section by section, as a careful applicant fills it in.
fn complete_form(country: &str, year: i64, index: usize) -> Vec<(&'static str, Value)> {
    vec![
        (
            "personal",
            json!({"birth_date": format!("{}-{:02}-{:02}", 1990 + index % 10, 1 + index % 12, 1 + index % 28),
                   "nationality": country, "phone": format!("+1 555 {:04}", index % 10_000),
                   "address": format!("{} Main Street, Springfield", 1 + index)}),
        ),
        (
            "education",
            json!({"qualification": "bachelor", "institution": "State University", "field_of_study": "Linguistics",
                   "awarded": format!("{year}-05-20")}),
        ),
        ("employment", json!({"history": "Tutor at the university writing centre, two years."})),
        ("japanese", json!({"self_assessment": "N4"})),
        ("teaching", json!({"qualifications": "TEFL certificate (120 hours)"})),
        ("licence", json!({"driving_licence": true})),
        ("disclosures", json!({"criminal_history": false, "medical_conditions": false})),
        (
            "preferences",
            json!({"places": ["28", "281000"], "area": "no-preference", "ties": "A sister-city exchange in high school"}),
        ),
        (
            "statement",
            json!({"statement_of_purpose": "I want to help students find their voice in English, and to learn from the community I join. ".repeat(8)}),
        ),
        ("logistics", json!({"interview_location": "Washington, D.C.", "departure_group": "Group A"})),
        ("history", json!({"declined_placement_last_year": false})),
    ]
}

/// The link token of the newest mail of `template` to `to`, read from the development outbox.
async fn mailed_token(api: &Api, admin: &Session, to: &str, template: &str, marker: &str) -> Result<String> {
    let path = format!("/api/v1/outbox?search={to}&limit=10");
    let mails: Paged<Mail> = json(
        api.send_setup("read the outbox", || api.request(Method::GET, &path, Some(admin))).await?,
        "GET /api/v1/outbox (the bench account needs the system-administrator role)",
        &[200],
    )
    .await?;
    let mail = mails
        .rows
        .into_iter()
        .find(|m| m.template == template)
        .with_context(|| format!("no {template} mail to {to} in the outbox"))?;
    let start =
        mail.body.find(marker).with_context(|| format!("no {marker} link in the {template} mail"))? + marker.len();
    let token = mail.body[start..].split_whitespace().next().unwrap_or("").trim_end_matches(['.', ',']);
    if token.is_empty() {
        bail!("an empty {marker} link in the {template} mail to {to}");
    }
    Ok(token.to_owned())
}

/// Everything one applicant does before the deadline day, through the API.
async fn prepare_one(api: &Api, admin: &Session, year: &Year, tag: &str, index: usize) -> Result<Applicant> {
    let email = format!("rush.{tag}.{index:05}@applicants.example");
    let registration = json!({"email": email, "family_name": format!("Rush {tag}"), "given_name": format!("Applicant {index:05}"),
        "nationality": year.country, "password": APPLICANT_PASSWORD});
    let r = api
        .send_setup("register", || api.request(Method::POST, "/api/v1/applicants", None).json(&registration))
        .await?;
    expect(r, &format!("register {email}"), &[201]).await?;
    let token = mailed_token(api, admin, &email, "verify-email", "/verify/").await?;
    let r = api.send_setup("verify", || api.request(Method::POST, &format!("/api/v1/verify/{token}"), None)).await?;
    expect(r, &format!("verify {email}"), &[204]).await?;
    let session = api.login(&email, APPLICANT_PASSWORD).await?;
    let mission = year.missions[index % year.missions.len()];
    let start = json!({"programme_year_id": year.id, "position": "ALT", "mission_id": mission});
    let r = api
        .send_setup("start", || api.request(Method::POST, "/api/v1/my/applications", Some(&session)).json(&start))
        .await?;
    let mut view: ApplicationView = json(r, &format!("start the application of {email}"), &[201]).await?;
    let id = view.id;
    for (section, values) in complete_form(&year.country, year.year, index) {
        let body = json!({"values": values, "version": view.version});
        let path = format!("/api/v1/my/applications/{id}/sections/{section}");
        let r = api.send_setup("save", || api.request(Method::PUT, &path, Some(&session)).json(&body)).await?;
        view = json(r, &format!("save {section} of {email}"), &[200]).await?;
    }
    for kind in ["transcript", "degree-proof"] {
        let bytes = pdf::document(&format!("{kind} of applicant {index} ({email})"), 0);
        let sha = pdf::sha256_hex(&bytes);
        let path = format!("/api/v1/my/applications/{id}/documents?kind={kind}&name={kind}.pdf");
        let r = api
            .send_setup("upload", || {
                api.request(Method::PUT, &path, Some(&session))
                    .header("x-content-sha256", &sha)
                    .header(reqwest::header::CONTENT_TYPE, "application/pdf")
                    .body(bytes.clone())
            })
            .await?;
        expect(r, &format!("upload the {kind} of {email}"), &[200]).await?;
    }
    for (n, name) in [(1, "Prof. Ada Moss"), (2, "Dr. Ben Ito")] {
        let referee = format!("referee{n}.{tag}.{index:05}@uni.example");
        let body = json!({"name": name, "email": referee});
        let path = format!("/api/v1/my/applications/{id}/referees");
        let r =
            api.send_setup("name a referee", || api.request(Method::POST, &path, Some(&session)).json(&body)).await?;
        expect(r, &format!("name {referee} as a referee of {email}"), &[201]).await?;
        let token = mailed_token(api, admin, &referee, "referee-invitation", "/referee/").await?;
        let letter = pdf::document(&format!("Letter of reference by {name} for applicant {index}"), 0);
        let path = format!("/api/v1/referee/{token}?name=letter.pdf");
        let r = api
            .send_setup("referee letter", || {
                api.request(Method::PUT, &path, None)
                    .header(reqwest::header::CONTENT_TYPE, "application/pdf")
                    .body(letter.clone())
            })
            .await?;
        expect(r, &format!("the letter of {referee}"), &[200]).await?;
    }
    let path = format!("/api/v1/my/applications/{id}");
    let r = api.send_setup("read", || api.request(Method::GET, &path, Some(&session))).await?;
    let done: ApplicationView = json(r, &format!("read the application of {email}"), &[200]).await?;
    if !done.missing.is_empty() || done.status != "draft" {
        bail!("the application of {email} is {} and misses {:?} after setup", done.status, done.missing);
    }
    Ok(Applicant { index, email, session, application: id, reference: done.reference })
}

/// Prepares `count` applicants, `concurrency` at a time, reporting progress on stderr.
pub async fn applicants(
    api: &Api,
    admin: &Session,
    year: &Year,
    tag: &str,
    count: usize,
    concurrency: usize,
) -> Result<Vec<Applicant>> {
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let done = Arc::new(AtomicUsize::new(0));
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..count {
        let (api, admin, year, tag, gate, done) =
            (api.clone(), admin.clone(), year.clone(), tag.to_owned(), gate.clone(), done.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.context("the setup gate closed")?;
            let applicant = prepare_one(&api.instance(index), &admin, &year, &tag, index).await?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if n % (count / 10).max(1) == 0 {
                eprintln!("setup: {n}/{count} applicants ready ({:.0} s)", started.elapsed().as_secs_f64());
            }
            Ok::<_, anyhow::Error>(applicant)
        });
    }
    let mut out = Vec::with_capacity(count);
    while let Some(joined) = tasks.join_next().await {
        match joined.context("a setup task failed")? {
            Ok(applicant) => out.push(applicant),
            Err(e) => {
                tasks.abort_all();
                return Err(e.context("setting up the applicants"));
            }
        }
    }
    out.sort_by_key(|a| a.index);
    Ok(out)
}
