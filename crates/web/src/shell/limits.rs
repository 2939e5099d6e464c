//! Per-client limits, so that one client that misbehaves (a script in a loop, a scanner, a
//! browser tab gone wrong) cannot take the service from everyone else.
//!
//! A client is its credential when it sends one (the session cookie or API token, kept here only
//! as a keyed hash), and its address otherwise. Each client may have so many requests in flight at
//! once, and may be refused (401, 403, 404) so many times before it is made to wait: a bucket of
//! refusals that refills at a steady rate. Both checks happen before anything else, in memory, so
//! a limited request costs no database work: it is answered 429 with `Retry-After`.
//!
//! Signed-in people are counted one by one even behind one address (a university's network at the
//! deadline); anonymous requests from one address share a larger allowance.

use crate::shell::http::SESSION_COOKIE;
use axum::http::{HeaderMap, header};
use axum_extra::extract::cookie::CookieJar;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The allowances of one client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientLimits {
    /// Requests in flight at once for a signed-in client (one session or token).
    pub in_flight: u32,
    /// Requests in flight at once from one address without a credential.
    pub anonymous_in_flight: u32,
    /// Refusals (401, 403, 404) a client may collect at once before it must wait...
    pub refusal_burst: u32,
    /// ...and how many more it may collect per minute after that.
    pub refusals_per_minute: u32,
}

impl Default for ClientLimits {
    fn default() -> Self {
        // A browser opens at most six connections to a site; an API client doing honest work has
        // no reason for more than a dozen requests at once, nor for a refusal a second.
        ClientLimits { in_flight: 12, anonymous_in_flight: 64, refusal_burst: 30, refusals_per_minute: 60 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ClientKey {
    /// A keyed hash of the session cookie or API token (never the secret itself).
    Credential(u64),
    Address(IpAddr),
}

#[derive(Debug)]
struct ClientState {
    in_flight: u32,
    /// Refusals the client may still collect now (fractions refill continuously).
    refusals_left: f64,
    refilled: Instant,
    /// Turned away since its last request let in: logged once per such spell, not per request.
    limited: bool,
}

/// Clients not seen for this long are forgotten when the table grows large.
const FORGET_AFTER: Duration = Duration::from_secs(600);
const TABLE_SOFT_LIMIT: usize = 50_000;

/// The table of clients. One per router.
#[derive(Debug)]
pub struct Clients {
    limits: ClientLimits,
    hasher: std::hash::RandomState,
    table: Mutex<HashMap<ClientKey, ClientState>>,
}

/// Why a request was not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    TooManyAtOnce,
    TooManyRefusals { retry_after_secs: u64 },
}

impl Clients {
    pub fn new(limits: ClientLimits) -> Clients {
        Clients { limits, hasher: std::hash::RandomState::new(), table: Mutex::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientKey, ClientState>> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn key(&self, headers: &HeaderMap, address: Option<IpAddr>) -> ClientKey {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let jar = CookieJar::from_headers(headers);
        let session = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
        match bearer.map(str::to_owned).or(session) {
            Some(secret) if !secret.is_empty() => ClientKey::Credential(self.hasher.hash_one(secret)),
            _ => ClientKey::Address(address.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))),
        }
    }

    fn refill(&self, state: &mut ClientState, now: Instant) {
        let per_second = f64::from(self.limits.refusals_per_minute) / 60.0;
        let elapsed = now.saturating_duration_since(state.refilled).as_secs_f64();
        state.refusals_left = (state.refusals_left + elapsed * per_second).min(f64::from(self.limits.refusal_burst));
        state.refilled = now;
    }

    /// Lets a request in (counted until its [`Admitted`] drops) or says why not.
    pub(crate) fn admit(&self, key: ClientKey, now: Instant) -> Result<(), Limited> {
        let mut table = self.lock();
        if table.len() > TABLE_SOFT_LIMIT {
            table.retain(|_, s| s.in_flight > 0 || now.saturating_duration_since(s.refilled) < FORGET_AFTER);
        }
        let state = table.entry(key).or_insert_with(|| ClientState {
            in_flight: 0,
            refusals_left: f64::from(self.limits.refusal_burst),
            refilled: now,
            limited: false,
        });
        self.refill(state, now);
        let most = match key {
            ClientKey::Credential(_) => self.limits.in_flight,
            ClientKey::Address(_) => self.limits.anonymous_in_flight,
        };
        let verdict = if state.refusals_left < 1.0 {
            let per_second = f64::from(self.limits.refusals_per_minute.max(1)) / 60.0;
            let wait = ((1.0 - state.refusals_left) / per_second).ceil().max(1.0);
            Err(Limited::TooManyRefusals { retry_after_secs: wait as u64 })
        } else if state.in_flight >= most {
            Err(Limited::TooManyAtOnce)
        } else {
            Ok(())
        };
        match verdict {
            Ok(()) => {
                state.in_flight += 1;
                state.limited = false;
            }
            // Once per spell: a flood of 429s must not become a flood of log lines. The client is
            // named only by kind (its address and credential are personal data).
            Err(limited) if !std::mem::replace(&mut state.limited, true) => {
                let client = match key {
                    ClientKey::Credential(_) => "signed-in",
                    ClientKey::Address(_) => "anonymous",
                };
                tracing::warn!(client, reason = ?limited, "a client is being limited");
            }
            Err(_) => {}
        }
        verdict
    }

    pub(crate) fn done(&self, key: ClientKey, refused: bool, now: Instant) {
        let mut table = self.lock();
        if let Some(state) = table.get_mut(&key) {
            state.in_flight = state.in_flight.saturating_sub(1);
            if refused {
                self.refill(state, now);
                state.refusals_left -= 1.0;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn clients() -> Clients {
        Clients::new(ClientLimits { in_flight: 2, anonymous_in_flight: 3, refusal_burst: 3, refusals_per_minute: 60 })
    }

    #[test]
    fn a_client_has_so_many_requests_in_flight_and_others_are_not_held() {
        let c = clients();
        let now = Instant::now();
        let me = ClientKey::Credential(1);
        assert_eq!(c.admit(me, now), Ok(()));
        assert_eq!(c.admit(me, now), Ok(()));
        assert_eq!(c.admit(me, now), Err(Limited::TooManyAtOnce));
        assert_eq!(c.admit(ClientKey::Credential(2), now), Ok(()), "another client is let in");
        c.done(me, false, now);
        assert_eq!(c.admit(me, now), Ok(()), "one finished, one more may start");
        let address = ClientKey::Address(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        for _ in 0..3 {
            assert_eq!(c.admit(address, now), Ok(()));
        }
        assert_eq!(c.admit(address, now), Err(Limited::TooManyAtOnce));
    }

    #[test]
    fn refusals_empty_a_bucket_that_refills_with_time() {
        let c = clients();
        let start = Instant::now();
        let me = ClientKey::Credential(7);
        for _ in 0..3 {
            assert_eq!(c.admit(me, start), Ok(()));
            c.done(me, true, start);
        }
        assert_eq!(c.admit(me, start), Err(Limited::TooManyRefusals { retry_after_secs: 1 }));
        assert_eq!(c.admit(ClientKey::Credential(8), start), Ok(()), "others are not held");
        let later = start + Duration::from_secs(2);
        assert_eq!(c.admit(me, later), Ok(()), "one refusal a second comes back");
        c.done(me, false, later);
        assert_eq!(c.admit(me, later), Ok(()), "answers that are not refusals cost nothing");
    }

    #[test]
    fn the_credential_is_the_client_and_never_kept_in_clear() {
        let c = clients();
        let mut a = HeaderMap::new();
        a.insert(header::COOKIE, format!("{SESSION_COOKIE}=secret-one").parse().unwrap());
        let mut b = HeaderMap::new();
        b.insert(header::AUTHORIZATION, "Bearer secret-two".parse().unwrap());
        let address = Some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        let (ka, kb) = (c.key(&a, address), c.key(&b, address));
        assert!(matches!(ka, ClientKey::Credential(_)) && matches!(kb, ClientKey::Credential(_)));
        assert_ne!(ka, kb, "two people behind one address are two clients");
        assert_eq!(c.key(&HeaderMap::new(), address), ClientKey::Address(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)));
    }
}
