//! A whole generated programme year written at once (the demo): typed rows with their ids, one
//! type per table, inserted in one transaction through the bulk path (`db::insert_many`:
//! `COPY` on PostgreSQL, multi-row `INSERT`s on SQLite).
//!
//! The generator decides every id itself (rows refer to each other before anything is written),
//! so these rows carry them; afterwards PostgreSQL's identity sequences are moved past them.
//! The bulk path keeps the demo's 100,000 rows to seconds: one `INSERT` per row would take
//! minutes on PostgreSQL.

use crate::db::{Tx, Value, insert_many, reset_id_sequences};
use crate::error::StoreError;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// One row of a table, as the values of its columns in order.
trait Row {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn values(self) -> Vec<Value>;
}

/// Declares a row type per table. The fields are named as the columns, so the column list is
/// the field list and the two cannot drift apart.
macro_rules! rows {
    ($( $(#[$doc:meta])* $name:ident => $table:literal { $( $(#[$field_doc:meta])* $field:ident : $ty:ty ),* $(,)? } )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq)]
            pub struct $name {
                $( $(#[$field_doc])* pub $field: $ty, )*
            }

            impl Row for $name {
                const TABLE: &'static str = $table;
                const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
                fn values(self) -> Vec<Value> {
                    vec![$(Value::from(self.$field)),*]
                }
            }
        )*
    };
}

rows! {
    /// A recruiting country.
    Country => "countries" {
        code: String,
        name_en: String,
        name_ja: String,
        name_ko: String,
        time_zone: String,
    }
    Mission => "missions" {
        id: i64,
        country_code: String,
        kind: String,
        city: String,
        name_en: String,
        name_ja: String,
        email: String,
    }
    InterviewLocation => "interview_locations" {
        id: i64,
        mission_id: i64,
        city: String,
        venue: String,
    }
    ProgrammeYear => "programme_years" {
        id: i64,
        country_code: String,
        year: i64,
        status: String,
        guidelines_published: Date,
        applications_open: OffsetDateTime,
        application_deadline: OffsetDateTime,
        first_screening: Date,
        interviews_from: Date,
        interviews_until: Date,
        results_by: Date,
        reply_deadline: OffsetDateTime,
        pre_departure_orientation: Date,
        places_alt: i64,
        places_cir: i64,
        places_sea: i64,
        sea_offered: bool,
        /// JSON of `domain::selection::SelectionRules`; `None` keeps the defaults.
        selection_rules: Option<String>,
        /// JSON of `domain::eligibility::EligibilityRules`; `None` keeps JET.md's defaults.
        eligibility_rules: Option<String>,
        /// The zone the year states its deadlines in; `None` is the country's.
        deadline_time_zone: Option<String>,
        second_round_list: Option<Date>,
        placement_notices: Option<Date>,
    }
    DepartureGroup => "departure_groups" {
        id: i64,
        programme_year_id: i64,
        name: String,
        arrival_date: Date,
        pre_departure_orientation: Option<Date>,
    }
    Organisation => "contracting_organisations" {
        id: i64,
        kind: String,
        name_en: String,
        name_ja: String,
        lg_code: String,
        prefecture_code: i64,
        parent_id: Option<i64>,
    }
    Company => "companies" {
        id: i64,
        name: String,
        country_code: Option<String>,
        website: String,
    }
    Person => "people" {
        id: i64,
        family_name: String,
        given_name: String,
        email: Option<String>,
        nationality: String,
        birth_date: Date,
        created_at: OffsetDateTime,
    }
    Participant => "participants" {
        id: i64,
        jet_number: String,
        person_id: i64,
        position: String,
        organisation_id: i64,
        mission_id: i64,
        arrival_date: Date,
        appointment_year: i64,
        status: String,
    }
    /// An account; `password_hash` is usually set afterwards with `users::set_password_hash`.
    User => "users" {
        id: i64,
        email: String,
        display_name: String,
        password_hash: Option<String>,
        language: String,
        person_id: Option<i64>,
        disabled: bool,
        created_at: OffsetDateTime,
        email_verified_at: Option<OffsetDateTime>,
    }
    /// A role held for a unit: at most one of the unit columns is set (none for a role without one).
    RoleGrant => "role_grants" {
        id: i64,
        user_id: i64,
        role: String,
        unit_key: String,
        mission_id: Option<i64>,
        organisation_id: Option<i64>,
        prefecture_code: Option<i64>,
        company_id: Option<i64>,
        granted_by: Option<i64>,
        granted_at: OffsetDateTime,
    }
    Application => "applications" {
        id: i64,
        reference: String,
        person_id: i64,
        programme_year_id: i64,
        mission_id: i64,
        position: String,
        status: String,
        submitted_at: Option<OffsetDateTime>,
        updated_at: OffsetDateTime,
        form_json: String,
        status_reason: Option<String>,
        eligibility_json: Option<String>,
        written_test_score: Option<i64>,
        alternate_rank: Option<i64>,
        replied_at: Option<OffsetDateTime>,
    }
    Referee => "referees" {
        id: i64,
        application_id: i64,
        name: String,
        email: String,
        token_hash: String,
        invited_at: OffsetDateTime,
        reminded_at: Option<OffsetDateTime>,
        received_at: Option<OffsetDateTime>,
    }
    Document => "documents" {
        id: i64,
        application_id: i64,
        kind: String,
        file_name: String,
        content_type: String,
        size_bytes: i64,
        sha256: String,
        /// Shared: the demo's thousands of documents are copies of a handful of files, so the
        /// rows hold one copy of each and the bytes are copied only as each row is written.
        content: Arc<[u8]>,
        uploaded_by: Option<i64>,
        uploaded_at: OffsetDateTime,
        referee_id: Option<i64>,
    }
    ScreeningReview => "screening_reviews" {
        id: i64,
        application_id: i64,
        reviewer_id: i64,
        assigned_by: i64,
        assigned_at: OffsetDateTime,
        conflict_of_interest: Option<String>,
        scores_json: Option<String>,
        score: Option<f64>,
        remarks: Option<String>,
        scored_at: Option<OffsetDateTime>,
    }
    InterviewSlot => "interview_slots" {
        id: i64,
        programme_year_id: i64,
        mission_id: i64,
        location: String,
        panel: String,
        starts_at: OffsetDateTime,
        minutes: i64,
        application_id: Option<i64>,
        booked_at: Option<OffsetDateTime>,
        sequence: i64,
    }
    InterviewScorecard => "interview_scorecards" {
        id: i64,
        application_id: i64,
        panel_member_id: i64,
        scores_json: String,
        score: f64,
        remarks: Option<String>,
        scored_at: OffsetDateTime,
    }
    ClearanceItem => "clearance_items" {
        id: i64,
        application_id: i64,
        kind: String,
        due_at: OffsetDateTime,
        document_id: Option<i64>,
        received_at: Option<OffsetDateTime>,
        reminded_at: Option<OffsetDateTime>,
    }
    PlacementRequest => "placement_requests" {
        id: i64,
        year: i64,
        organisation_id: i64,
        position: String,
        places: i64,
        continuing: i64,
        /// Comma-separated school levels (ALT requests).
        school_levels: String,
        schools: i64,
        department: Option<String>,
        sport: Option<String>,
        nationality: Option<String>,
        min_jlpt: Option<String>,
        licence_required: bool,
        housing: String,
        sister_cities: String,
        sister_countries: String,
        remarks: Option<String>,
        status: String,
        change_request: Option<String>,
        submitted_at: Option<OffsetDateTime>,
        forwarded_by: Option<i64>,
        forwarded_at: Option<OffsetDateTime>,
        version: i64,
        created_at: OffsetDateTime,
        updated_at: OffsetDateTime,
    }
}

/// Every table's rows of a generated year, written by [`insert`] in the order of the foreign
/// keys (a table after the ones it refers to).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub countries: Vec<Country>,
    pub missions: Vec<Mission>,
    pub interview_locations: Vec<InterviewLocation>,
    pub programme_years: Vec<ProgrammeYear>,
    pub departure_groups: Vec<DepartureGroup>,
    pub organisations: Vec<Organisation>,
    pub companies: Vec<Company>,
    pub people: Vec<Person>,
    pub participants: Vec<Participant>,
    pub users: Vec<User>,
    pub role_grants: Vec<RoleGrant>,
    pub applications: Vec<Application>,
    pub referees: Vec<Referee>,
    pub documents: Vec<Document>,
    pub screening_reviews: Vec<ScreeningReview>,
    pub interview_slots: Vec<InterviewSlot>,
    pub interview_scorecards: Vec<InterviewScorecard>,
    pub clearance_items: Vec<ClearanceItem>,
    pub placement_requests: Vec<PlacementRequest>,
}

/// The id the next row of a table gets when ids count from 1 in the order rows are made.
pub fn next_id<T>(rows: &[T]) -> i64 {
    rows.len() as i64 + 1
}

async fn insert_rows<R: Row>(tx: &mut Tx, rows: Vec<R>) -> Result<(), StoreError> {
    insert_many(tx, R::TABLE, R::COLUMNS, rows.into_iter().map(Row::values)).await
}

/// Writes all the rows in `tx`, then moves PostgreSQL's identity sequences past the ids given.
pub async fn insert(tx: &mut Tx, rows: Rows) -> Result<(), StoreError> {
    let Rows {
        countries,
        missions,
        interview_locations,
        programme_years,
        departure_groups,
        organisations,
        companies,
        people,
        participants,
        users,
        role_grants,
        applications,
        referees,
        documents,
        screening_reviews,
        interview_slots,
        interview_scorecards,
        clearance_items,
        placement_requests,
    } = rows;
    insert_rows(tx, countries).await?;
    insert_rows(tx, missions).await?;
    insert_rows(tx, interview_locations).await?;
    insert_rows(tx, programme_years).await?;
    insert_rows(tx, departure_groups).await?;
    insert_rows(tx, organisations).await?;
    insert_rows(tx, companies).await?;
    insert_rows(tx, people).await?;
    insert_rows(tx, participants).await?;
    insert_rows(tx, users).await?;
    insert_rows(tx, role_grants).await?;
    insert_rows(tx, applications).await?;
    insert_rows(tx, referees).await?;
    insert_rows(tx, documents).await?;
    insert_rows(tx, screening_reviews).await?;
    insert_rows(tx, interview_slots).await?;
    insert_rows(tx, interview_scorecards).await?;
    insert_rows(tx, clearance_items).await?;
    insert_rows(tx, placement_requests).await?;
    reset_id_sequences(tx).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_the_fields_in_order() {
        assert_eq!(Country::COLUMNS, ["code", "name_en", "name_ja", "name_ko", "time_zone"]);
        assert_eq!(PlacementRequest::COLUMNS.len(), 25);
        assert_eq!(PlacementRequest::COLUMNS.first(), Some(&"id"));
        assert_eq!(PlacementRequest::COLUMNS.last(), Some(&"updated_at"));
    }
}
