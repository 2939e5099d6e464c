//! The verification phase: every acknowledged submission must be in the database, submitted, with
//! the reference the receipt named, seen both by CLAIR's listing and by the applicant's own list;
//! and no applicant may have two applications for the year.

use crate::api::{Api, Session, json};
use crate::setup::{Applicant, ApplicationView, Year};
use anyhow::{Context, Result};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Serialize, Default)]
pub struct Verification {
    /// Submissions the server acknowledged (2xx, `submitted`, the applicant's reference).
    pub acknowledged: usize,
    /// Of those, found submitted with that reference in CLAIR's listing and the applicant's own.
    pub found: usize,
    /// Acknowledged but missing, not submitted, or under another reference.
    pub lost: usize,
    /// People with more than one application for the year: in CLAIR's listing (same name), or
    /// as the applicants see them in their own lists, whichever finds more.
    pub duplicates: usize,
    /// Submitted in the database although the client got no receipt (the answer was lost).
    pub submitted_unacknowledged: usize,
    /// Applications of the year in CLAIR's listing, by status.
    pub listing: BTreeMap<String, u64>,
    /// The first few problems, for the reader.
    pub problems: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Paged {
    rows: Vec<Row>,
    total: i64,
}

#[derive(Debug, Deserialize)]
struct Row {
    id: i64,
    reference: String,
    family_name: String,
    given_name: String,
    year: i64,
    status: String,
}

pub async fn verify(
    api: &Api,
    staff: &Session,
    year: &Year,
    applicants: &[Applicant],
    acknowledged: &HashMap<usize, String>,
    concurrency: usize,
) -> Result<Verification> {
    let mut v = Verification { acknowledged: acknowledged.len(), ..Verification::default() };
    let note = |v: &mut Verification, problem: String| {
        if v.problems.len() < 20 {
            v.problems.push(problem);
        }
    };

    // CLAIR's listing of the year's applications (references start with the country and year).
    let prefix = format!("{}-{}-", year.country, year.year);
    let mut listed: Vec<Row> = Vec::new();
    loop {
        let path = format!("/api/v1/applications?search={prefix}&limit=200&offset={}", listed.len());
        let page: Paged = json(
            api.request(Method::GET, &path, Some(staff)).send().await.context("GET /api/v1/applications")?,
            "list the year's applications (the bench account needs the clair-staff role)",
            &[200],
        )
        .await?;
        let done = page.rows.is_empty() || listed.len() + page.rows.len() >= page.total as usize;
        listed.extend(page.rows.into_iter().filter(|r| r.year == year.year && r.reference.starts_with(&prefix)));
        if done {
            break;
        }
    }
    let mut per_person: HashMap<(String, String), u64> = HashMap::new();
    for r in &listed {
        *v.listing.entry(r.status.clone()).or_default() += 1;
        *per_person.entry((r.family_name.clone(), r.given_name.clone())).or_default() += 1;
    }
    v.duplicates = per_person.values().filter(|&&n| n > 1).count();
    let by_id: HashMap<i64, &Row> = listed.iter().map(|r| (r.id, r)).collect();

    // Each applicant's own list, a few at a time.
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for a in applicants.iter().cloned() {
        let (api, gate) = (api.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await;
            let r = api.request(Method::GET, "/api/v1/my/applications", Some(&a.session)).send().await;
            let own: Result<Vec<ApplicationView>> = match r {
                Ok(r) => json(r, &format!("the applications of {}", a.email), &[200]).await,
                Err(e) => Err(anyhow::Error::new(e).context(format!("the applications of {}", a.email))),
            };
            (a, own)
        });
    }
    let mut own_of: HashMap<usize, Vec<ApplicationView>> = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (a, own) = joined.context("a verification task failed")?;
        let own = own?;
        own_of.insert(a.index, own.into_iter().filter(|x| x.country == year.country && x.year == year.year).collect());
    }

    let mut own_duplicates = 0;
    for a in applicants {
        let own = own_of.get(&a.index).map(Vec::as_slice).unwrap_or(&[]);
        if own.len() > 1 {
            own_duplicates += 1;
            note(&mut v, format!("{} has {} applications for the year", a.email, own.len()));
        }
        let in_listing = by_id.get(&a.application);
        let submitted_here = in_listing.is_some_and(|r| r.status == "submitted" && r.reference == a.reference);
        let submitted_own =
            own.iter().any(|x| x.id == a.application && x.status == "submitted" && x.reference == a.reference);
        match acknowledged.get(&a.index) {
            Some(reference) => {
                if submitted_here && submitted_own && reference == &a.reference {
                    v.found += 1;
                } else {
                    v.lost += 1;
                    note(
                        &mut v,
                        format!(
                            "{}: receipt {reference}, but the listing shows {:?} and the applicant sees {:?}",
                            a.email,
                            in_listing.map(|r| (&r.status, &r.reference)),
                            own.iter().map(|x| (&x.status, &x.reference)).collect::<Vec<_>>()
                        ),
                    );
                }
            }
            None if submitted_here || submitted_own => v.submitted_unacknowledged += 1,
            None => {}
        }
    }
    // The same duplicate seen from both sides counts once.
    v.duplicates = v.duplicates.max(own_duplicates);
    Ok(v)
}
