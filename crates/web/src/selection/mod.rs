//! Screening, reviews, interviews and scorecards, the written test, decisions, and the applicant's interview booking, reply and clearance.

mod api;
mod file;
mod pages;

use crate::shell::area::{upload_limit, with_upload_limit};
use crate::shell::state::{ApplicantCard, ApplicantPart, Boxed, Menu};
use crate::shell::{AppState, Area};
use app::AppError;
use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug)]
pub struct Selection;

impl Area for Selection {
    fn pages(&self) -> Router<AppState> {
        Router::new()
            .route("/my-application/{id}/interview", post(pages::book_interview))
            .route("/my-application/{id}/interview/cancel", post(pages::cancel_interview))
            .route("/my-application/{id}/interview.ics", get(pages::interview_calendar))
            .route("/my-application/{id}/reply", post(pages::reply))
            .route("/my-application/{id}/clearance", post(pages::upload_clearance).layer(upload_limit()))
            .route("/programme-years/{id}/screening", get(pages::screening))
            .route("/programme-years/{id}/screening/reviewers", post(pages::assign_reviewers))
            .route("/programme-years/{id}/screening/decisions", post(pages::screening_decision))
            .route("/reviews", get(pages::my_reviews))
            .route("/applications/{id}", get(file::candidate_file))
            .route("/applications/{id}/review", get(pages::review).post(pages::score_review))
            .route("/applications/{id}/review/conflict", post(pages::declare_conflict))
            .route("/programme-years/{id}/interviews", get(pages::interviews))
            .route("/programme-years/{id}/interviews/slots", post(pages::add_slots))
            .route("/programme-years/{id}/interviews/written-test", post(pages::written_test))
            .route("/applications/{id}/scorecard", get(pages::scorecard).post(pages::save_scorecard))
            .route("/programme-years/{id}/decisions", get(pages::decisions).post(pages::decide))
            .route("/programme-years/{id}/decisions/upgrade", post(pages::upgrade))
            .route("/programme-years/{id}/decisions/disqualify", post(pages::disqualify))
    }

    fn api(&self) -> OpenApiRouter<AppState> {
        OpenApiRouter::new()
            .routes(routes!(api::screening_board))
            .routes(routes!(api::assign_reviewers))
            .routes(routes!(api::screening_decision))
            .routes(routes!(api::candidate_file))
            .routes(routes!(api::my_reviews))
            .routes(routes!(api::review, api::score_review))
            .routes(routes!(api::declare_conflict))
            .routes(routes!(api::interview_board))
            .routes(routes!(api::add_slots))
            .routes(routes!(api::scorecard))
            .routes(routes!(api::written_test))
            .routes(routes!(api::decision_board, api::decide))
            .routes(routes!(api::upgrade))
            .routes(routes!(api::disqualify))
            .routes(routes!(api::my_selection))
            .routes(routes!(api::book_interview, api::cancel_interview))
            .routes(routes!(api::interview_calendar))
            .routes(routes!(api::reply))
            .routes(with_upload_limit(routes!(api::upload_clearance)))
    }

    fn menu(&self, actor: &app::Actor, menu: &mut Menu) {
        if actor.holds(domain::Role::MissionStaff) {
            menu.add("/reviews", "nav-reviews");
        }
    }

    fn applicant_part<'a>(
        &'a self,
        shown: &'a ApplicantCard<'a>,
    ) -> Boxed<'a, Result<Option<ApplicantPart>, AppError>> {
        Box::pin(pages::applicant_part(shown))
    }
}
