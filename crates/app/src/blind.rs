//! Blind screening: who may not know who made an application. A year with blind screening hides
//! the applicant from every reader but themselves (reviewers, the mission's desk, CLAIR alike)
//! until the application passes the first screening. Applying, selection, records and exports all
//! ask here, so the rule is one.

use crate::actor::Actor;
use crate::error::AppResult;
use crate::recruitment::selection_rules_of;
use domain::ApplicationStatus;
use domain::lifecycle::Lifecycle;
use domain::selection as rules;
use serde_json::Value as Json;
use store::Tx;
use store::applying::DocumentRow;
use store::programme::HiddenIdentities;
use store::recruitment::{self, ProgrammeYearRow};

/// Whether `actor` may not know who made an application of `year` in `status`: blind screening
/// hides the applicant from every reader but themselves (reviewers, the desk, CLAIR alike) until
/// the application passes the first screening ([`domain::selection::SelectionRules::hides_identity`]). Every view of
/// one application asks here; lists and searches ask [`hidden_identities`], the same rule as a
/// query condition.
pub(crate) fn identity_hidden(
    actor: &Actor,
    year: &ProgrammeYearRow,
    person_id: i64,
    status: ApplicationStatus,
) -> bool {
    if actor.person_id.is_some_and(|p| p.0 == person_id) {
        return false;
    }
    selection_rules_of(year).hides_identity(status)
}

/// Removes from a form what tells who applied: name, birth date (age), contact details, sex, photo.
pub(crate) fn hide_identity(form: &mut Json) {
    if let Some(personal) = form.get_mut("personal").and_then(Json::as_object_mut) {
        for field in ["family_name", "given_name", "birth_date", "phone", "address", "sex", "photo"] {
            personal.remove(field);
        }
    }
}

/// A document as a reader who may not know the applicant sees it: a file's own name often
/// carries the applicant's, so it goes by the application's reference and its kind
/// (`US-2027-00012-transcript.pdf`), keeping the extension.
pub(crate) fn masked_document(reference: &str, document: DocumentRow) -> DocumentRow {
    let extension = document.file_name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    DocumentRow { file_name: format!("{reference}-{}.{extension}", document.kind), ..document }
}

/// The applications whose applicant `actor` may not know, as a list's filter: names are neither
/// shown nor searched (a search by name must not tell that a blind application exists).
pub(crate) async fn hidden_identities(tx: &mut Tx, actor: &Actor) -> AppResult<HiddenIdentities> {
    let years = recruitment::years(tx, None)
        .await?
        .into_iter()
        .filter(|y| selection_rules_of(y).blind_screening)
        .map(|y| y.id)
        .collect();
    Ok(HiddenIdentities {
        years,
        statuses: rules::BLIND_STATUSES.iter().map(|s| s.as_str()).collect(),
        person: actor.person_id.map(|p| p.0),
    })
}
