//! The authenticated caller: who they are, how they proved it, and the roles they hold. What they
//! may see and do is decided in [`crate::access`].

use domain::{Email, Language, Permission, PersonId, Role, RoleGrant, UserId};

/// How the caller proved who they are.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A browser session; forms and cookie-authenticated API calls must carry its CSRF token.
    Session { id_hash: String, csrf_token: String },
    /// A personal API token (no CSRF: it is never sent by a browser on its own).
    ApiToken { id: i64 },
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Session { .. } => f.write_str("Session(***)"),
            Credential::ApiToken { id } => write!(f, "ApiToken({id})"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub email: Email,
    pub display_name: String,
    pub language: Language,
    pub person_id: Option<PersonId>,
    pub grants: Vec<RoleGrant>,
    pub credential: Credential,
}

impl Actor {
    pub fn holds(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role() == role)
    }
    pub fn may(&self, permission: Permission) -> bool {
        self.grants.iter().any(|g| g.role().permissions().contains(&permission))
    }
    pub fn roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self.grants.iter().map(|g| g.role()).collect();
        roles.sort();
        roles.dedup();
        roles
    }
}
