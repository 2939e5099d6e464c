//! The pure domain of Kakehashi: the programme's own words as types.
//!
//! Every value that crosses a trust boundary (a form, the API, a file, a database row) becomes one of
//! these types through its parsing constructor, so code further in never re-checks it. Lifecycles are
//! explicit state machines whose transitions return errors. This crate has no I/O: no tokio, sqlx or
//! axum.

pub mod contracts;
pub mod eligibility;
pub mod geography;
pub mod ids;
pub mod jet_number;
pub mod language;
pub mod lifecycle;
pub mod organisation;
pub mod placing;
pub mod position;
pub mod role;
pub mod selection;
pub mod text;

pub use geography::{MunicipalityCode, PrefectureCode, Region};
pub use ids::*;
pub use jet_number::JetNumber;
pub use language::Language;
pub use lifecycle::{ApplicationStatus, AppointmentStatus, LifecycleError, ProgrammeYearStatus};
pub use organisation::{MissionKind, OrganisationKind};
pub use position::Position;
pub use role::{Permission, Role, RoleGrant, Unit};
pub use text::{CountryCode, Email, FieldError, PersonName, ShortText};
