//! What every area's API shares: the result type of a handler, a page of a list, and the list
//! parameters. Authentication: the session cookie (unsafe methods then need the `X-CSRF-Token`
//! header, whose value `GET /api/v1/me` returns) or a personal API token (`Authorization: Bearer
//! kkt_…`). Errors: `{"error": {"code", "message", "fields"}}` with the message in the caller's
//! language.

use crate::shell::failure::Failure;
use crate::shell::lists::ListQuery;
use app::admin::Listing;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub type ApiResult<T> = Result<Json<T>, Failure>;

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T: ToSchema> {
    pub rows: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

pub fn paged<R, T: ToSchema>(listing: Listing<R>, f: impl Fn(R) -> T) -> Paged<T> {
    Paged {
        rows: listing.rows.into_iter().map(f).collect(),
        total: listing.total,
        limit: listing.limit,
        offset: listing.offset,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub search: Option<String>,
    pub status: Option<String>,
    pub position: Option<String>,
    pub country: Option<String>,
    pub prefecture: Option<i64>,
    /// At most 200; 50 by default.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl From<ListParams> for ListQuery {
    fn from(p: ListParams) -> Self {
        ListQuery {
            search: p.search.unwrap_or_default(),
            status: p.status.unwrap_or_default(),
            position: p.position.unwrap_or_default(),
            country: p.country.unwrap_or_default(),
            prefecture: p.prefecture,
            limit: p.limit,
            offset: p.offset,
        }
    }
}

/// A role as the API shows it, on the caller (`/me`) and on users (administration).
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleDto {
    /// `applicant`, `mission-staff`, `clair-staff`, `co-supervisor`, `prefectural-advisor`,
    /// `participant`, `alumnus`, `company-recruiter`, `system-administrator`.
    pub role: String,
    /// The unit the role is held for: `mission:3`, `organisation:12`, `prefecture:28`,
    /// `company:1`, or `-`.
    pub unit: String,
}
