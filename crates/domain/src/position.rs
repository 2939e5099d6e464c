//! The three positions of the programme.

use crate::text::FieldError;
use serde::{Deserialize, Serialize};

/// The position a participant is appointed to; an applicant applies for exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Position {
    /// Assistant Language Teacher: about 90% of participants, in schools and boards of education.
    Alt,
    /// Coordinator for International Relations: about 9%, in international relations departments;
    /// needs working Japanese (JLPT N2 to N1).
    Cir,
    /// Sports Exchange Advisor: about 1%, coaches of a specific sport.
    Sea,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Alt, Position::Cir, Position::Sea];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Alt => "ALT",
            Position::Cir => "CIR",
            Position::Sea => "SEA",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Position::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| FieldError::new("position", "error-position-invalid"))
    }
    /// The translation catalogue's key for the position's full name.
    pub fn message_key(self) -> &'static str {
        match self {
            Position::Alt => "position-alt",
            Position::Cir => "position-cir",
            Position::Sea => "position-sea",
        }
    }
}
