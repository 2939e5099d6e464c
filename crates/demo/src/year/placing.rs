//! The demo year's placement requests: contracting organisations across Japan ask for ALTs, CIRs
//! and SEAs in proportion to how many they employ, with about 15% more seats than cleared
//! candidates (so a run can place everyone and leave some requests unfilled), reappointed
//! predecessors counted, and the requirements real COs set (Japanese for CIRs, a licence in the
//! countryside, a Korean or Chinese national for some CIR posts, sister countries).
//!
//! Hyogo's requests show the chain at work: two wait for the prefecture to forward them and one
//! was sent back with a note; everywhere else they are forwarded. The demo's `town` organisation
//! has none yet, so its supervisor can write one.

use super::{BASE_TIME, Organisation, RECRUITING_YEAR, Rng, apportion};
use domain::{OrganisationKind, Position};
use store::seed;
use time::Duration;

const SPORTS: [&str; 6] = ["Football", "Baseball", "Rugby", "Basketball", "Athletics", "Volleyball"];
const CIR_NATIONALITIES: [&str; 6] = ["KR", "CN", "FR", "DE", "BR", "RU"];
const SISTER_COUNTRIES: [&str; 8] = ["US", "AU", "NZ", "CA", "GB", "KR", "CN", "IE"];

/// The requests as rows of `placement_requests`. `cleared` is the number of cleared candidates per position (ALT, CIR, SEA);
/// `forwarder` is the user who forwards Hyogo's requests.
pub(super) fn requests(
    rng: &mut Rng,
    orgs: &[Organisation],
    cleared: [i64; 3],
    town: i64,
    forwarder: i64,
) -> Vec<seed::PlacementRequest> {
    let mut rows = Vec::new();
    let mut hyogo_waiting = 0;
    for (pi, position) in Position::ALL.into_iter().enumerate() {
        let eligible: Vec<&Organisation> = orgs.iter().filter(|o| o.id != town && o.weight(position) > 0).collect();
        let target = (cleared[pi] * 115 + 99) / 100 + 2;
        let weights: Vec<u32> = eligible.iter().map(|o| o.weight(position).min(u64::from(u32::MAX)) as u32).collect();
        let places = apportion(target.max(0) as u32, &weights);
        for (o, &n) in eligible.iter().zip(&places) {
            // An organisation with no new place this year still reports a predecessor staying on.
            let continuing =
                if n == 0 { if rng.chance(8) { 1 } else { 0 } } else { rng.below(n as usize / 2 + 1) as i64 };
            if n == 0 && continuing == 0 {
                continue;
            }
            let n = i64::from(n);
            let rural = matches!(o.kind, OrganisationKind::Town | OrganisationKind::Village);
            let (levels, schools) = if position == Position::Alt {
                let mut levels: Vec<&str> = Vec::new();
                match o.kind {
                    OrganisationKind::School | OrganisationKind::PrivateSchool => levels.push("senior-high"),
                    OrganisationKind::BoardOfEducation if o.parent.is_none() => {
                        levels.push("senior-high");
                        if rng.chance(30) {
                            levels.push("special-needs");
                        }
                    }
                    _ => {
                        levels.push("elementary");
                        levels.push("junior-high");
                    }
                }
                let schools = (n.max(1) * (1 + rng.below(4) as i64)).min(domain::placing::MAX_SCHOOLS);
                (levels.join(","), schools)
            } else {
                (String::new(), 0)
            };
            let department = (position == Position::Cir).then(|| {
                if o.kind == OrganisationKind::InternationalAssociation {
                    "Exchange Programmes".to_owned()
                } else {
                    "International Affairs Division".to_owned()
                }
            });
            let sport = (position == Position::Sea).then(|| SPORTS[rng.below(SPORTS.len())].to_owned());
            let nationality = (position == Position::Cir && rng.chance(20))
                .then(|| CIR_NATIONALITIES[rng.below(CIR_NATIONALITIES.len())].to_owned());
            let min_jlpt = match position {
                Position::Cir => Some(if rng.chance(70) { "N2" } else { "N1" }),
                Position::Alt if rng.chance(4) => Some("N3"),
                _ => None,
            };
            let licence = position == Position::Alt && rural && rng.chance(35);
            let housing = match rng.below(10) {
                0..=4 => "provided",
                5 => "provided-family",
                6..=8 => "assisted",
                _ => "own",
            };
            let sister = rng.chance(15).then(|| SISTER_COUNTRIES[rng.below(SISTER_COUNTRIES.len())]);
            let sister_cities =
                sister.map(|c| format!("A sister city in {c} since {}", 1960 + rng.below(55))).unwrap_or_default();
            let remarks = rng.chance(10).then(|| "Visits to small schools by car; a guide is provided.".to_owned());
            // Small municipalities of Hyogo, not its prefecture-wide bodies or Kobe (forwarded).
            let hyogo = o.prefecture == 28
                && matches!(o.kind, OrganisationKind::City | OrganisationKind::Town | OrganisationKind::Village)
                && !domain::geography::DESIGNATED_CITIES.contains(&o.lg_code.as_str());
            // Hyogo: the first two wait for the prefecture, the third was sent back.
            let (status, change) = if hyogo && hyogo_waiting < 3 {
                hyogo_waiting += 1;
                if hyogo_waiting == 3 {
                    ("change-requested", Some("Please give the number of schools per ALT.".to_owned()))
                } else {
                    ("submitted", None)
                }
            } else {
                ("forwarded", None)
            };
            let submitted = BASE_TIME - Duration::days(30 + rng.below(40) as i64);
            let forwarded = (status == "forwarded").then(|| submitted + Duration::days(3 + rng.below(10) as i64));
            let forwarded_by = (status == "forwarded" && o.prefecture == 28).then_some(forwarder);
            let id = rows.len() as i64 + 1;
            rows.push(seed::PlacementRequest {
                id,
                year: RECRUITING_YEAR,
                organisation_id: o.id,
                position: position.as_str().into(),
                places: n,
                continuing,
                school_levels: levels,
                schools,
                department,
                sport,
                nationality,
                min_jlpt: min_jlpt.map(str::to_owned),
                licence_required: licence,
                housing: housing.into(),
                sister_cities,
                sister_countries: sister.unwrap_or("").into(),
                remarks,
                status: status.into(),
                change_request: change,
                submitted_at: Some(submitted),
                forwarded_by,
                forwarded_at: forwarded,
                version: 1,
                created_at: submitted,
                updated_at: forwarded.unwrap_or(submitted),
            });
        }
    }
    rows
}
