//! Invalid input: refused with exit code 2 and a message naming the path and the reason.

use placement::cli::{self, Mode, PlaceError, PlaceOptions};
use proptest::prelude::*;

fn place(json: &str) -> Result<Vec<u8>, PlaceError> {
    cli::place(json.as_bytes(), &PlaceOptions::new(Mode::Stable))
}

/// The error message for an invalid instance; fails the test if it was accepted.
fn refused(json: &str) -> String {
    match place(json) {
        Err(e @ PlaceError::Invalid(_)) => {
            assert_eq!(e.exit_code(), 2);
            e.to_string()
        }
        Err(e) => panic!("expected invalid input, got {e}"),
        Ok(_) => panic!("accepted: {json}"),
    }
}

fn with(candidates: &str, organisations: &str, couples: &str) -> String {
    format!(
        r#"{{"format":"kakehashi-placement/1","candidates":[{candidates}],"organisations":[{organisations}]{couples}}}"#
    )
}

const ORGS: &str = r#"{"id":"o1","capacity":1,"prefs":["c1"]},{"id":"o2","capacity":1,"prefs":[]}"#;

#[test]
fn valid_minimal_instances() {
    assert!(place(&with("", "", "")).is_ok());
    assert!(place(&with(r#"{"id":"c1","prefs":["o1"]}"#, ORGS, "")).is_ok());
    assert!(place(&with(r#"{"id":"c1","prefs":["o1"]}"#, ORGS, r#","couples":[]"#)).is_ok());
}

#[test]
fn unknown_organisation_names_the_path() {
    let cands = r#"{"id":"c0","prefs":[]},{"id":"c1","prefs":["o1","o2","o1x","o999"]}"#;
    let msg = refused(&with(cands, ORGS, ""));
    assert!(msg.contains(r#"candidates[1].prefs[2]: unknown organisation "o1x""#), "{msg}");
    assert!(msg.contains(r#"candidates[1].prefs[3]: unknown organisation "o999""#), "{msg}");
}

#[test]
fn unknown_candidate_names_the_path() {
    let msg = refused(&with(r#"{"id":"c1","prefs":[]}"#, r#"{"id":"o1","capacity":1,"prefs":["c1","zz"]}"#, ""));
    assert!(msg.contains(r#"organisations[0].prefs[1]: unknown candidate "zz""#), "{msg}");
}

#[test]
fn duplicates() {
    let msg = refused(&with(r#"{"id":"c1","prefs":[]},{"id":"c1","prefs":[]}"#, ORGS, ""));
    assert!(msg.contains(r#"candidates[1].id: duplicate id "c1" (also candidates[0])"#), "{msg}");
    let msg = refused(&with("", r#"{"id":"o1","capacity":1,"prefs":[]},{"id":"o1","capacity":2,"prefs":[]}"#, ""));
    assert!(msg.contains(r#"organisations[1].id: duplicate id "o1""#), "{msg}");
    let msg = refused(&with(r#"{"id":"c1","prefs":["o1","o2","o1"]}"#, ORGS, ""));
    assert!(msg.contains(r#"candidates[0].prefs[2]: organisation "o1" listed twice (also prefs[0])"#), "{msg}");
    let msg = refused(&with(r#"{"id":"c1","prefs":[]}"#, r#"{"id":"o1","capacity":1,"prefs":["c1","c1"]}"#, ""));
    assert!(msg.contains(r#"organisations[0].prefs[1]: candidate "c1" listed twice"#), "{msg}");
}

#[test]
fn negative_capacity() {
    let msg = refused(&with("", r#"{"id":"o1","capacity":-3,"prefs":[]}"#, ""));
    assert!(msg.contains("organisations[0].capacity: negative capacity -3"), "{msg}");
}

#[test]
fn couple_errors() {
    let cands = r#"{"id":"c1","prefs":["o1"]},{"id":"c2","prefs":[]},{"id":"c3","prefs":[]}"#;
    let couple = |c: &str| format!(r#","couples":[{c}]"#);
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c1","c2"],"prefs":[]}"#)));
    assert!(msg.contains(r#"couples[0].members[0]: candidate "c1" has its own list"#), "{msg}");
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c2","nobody"],"prefs":[]}"#)));
    assert!(msg.contains(r#"couples[0].members[1]: unknown candidate "nobody""#), "{msg}");
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c2","c2"],"prefs":[]}"#)));
    assert!(msg.contains(r#"couples[0].members[1]: candidate "c2" repeated"#), "{msg}");
    let msg = refused(&with(
        cands,
        ORGS,
        &couple(r#"{"members":["c2","c3"],"prefs":[]},{"members":["c3","c2"],"prefs":[]}"#),
    ));
    assert!(msg.contains(r#"couples[1].members[0]: candidate "c3" is already in couples[0]"#), "{msg}");
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c2"],"prefs":[]}"#)));
    assert!(msg.contains("couples[0].members: a couple has exactly two members, found 1"), "{msg}");
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c2","c3"],"prefs":[["o1","o2","o1"]]}"#)));
    assert!(msg.contains("couples[0].prefs[0]: a pair names exactly two organisations"), "{msg}");
    let msg = refused(&with(cands, ORGS, &couple(r#"{"members":["c2","c3"],"prefs":[["o1","o9"]]}"#)));
    assert!(msg.contains(r#"couples[0].prefs[0][1]: unknown organisation "o9""#), "{msg}");
    let msg = refused(&with(
        cands,
        ORGS,
        &couple(r#"{"members":["c2","c3"],"prefs":[["o1","o2"],["o2","o2"],["o1","o2"]]}"#),
    ));
    assert!(msg.contains(r#"couples[0].prefs[2]: pair ["o1", "o2"] listed twice (also prefs[0])"#), "{msg}");
}

#[test]
fn wrong_format() {
    let msg = refused(r#"{"format":"kakehashi-placement/2","candidates":[],"organisations":[]}"#);
    assert!(msg.contains(r#"format: expected "kakehashi-placement/1", found "kakehashi-placement/2""#), "{msg}");
    let msg = refused(r#"{"candidates":[],"organisations":[]}"#);
    assert!(msg.contains("missing field `format`"), "{msg}");
}

#[test]
fn malformed_json_gives_line_and_column() {
    let json = "{\"format\":\"kakehashi-placement/1\",\n\"candidates\":[\n{\"id\":\"c1\",\"prefs\":[\"o1\",]}\n],\"organisations\":[]}";
    let msg = refused(json);
    assert!(msg.contains("candidates[0].prefs[1]"), "{msg}");
    assert!(msg.contains("line 3 column"), "{msg}");
    assert!(msg.contains("malformed JSON"), "{msg}");
    let msg = refused("{\"format\":");
    assert!(msg.contains("line 1 column"), "{msg}");
    let msg = refused("");
    assert!(msg.contains("line 1 column 0"), "{msg}");
}

#[test]
fn type_errors_and_unknown_fields_name_the_path() {
    let msg = refused(&with("", r#"{"id":"o1","capacity":"two","prefs":[]}"#, ""));
    assert!(msg.contains("organisations[0].capacity: invalid type"), "{msg}");
    let msg = refused(&with("", r#"{"id":"o1","capacity":1.5,"prefs":[]}"#, ""));
    assert!(msg.contains("organisations[0].capacity"), "{msg}");
    let msg = refused(&with(r#"{"id":"c1","prefs":[7]}"#, "", ""));
    assert!(msg.contains("candidates[0].prefs[0]: invalid type: integer `7`"), "{msg}");
    let msg = refused(&with(r#"{"id":"c1","pref":[]}"#, "", ""));
    assert!(msg.contains("candidates[0]: unknown field `pref`"), "{msg}");
    let msg = refused(&with(r#"{"id":"c1"}"#, "", ""));
    assert!(msg.contains("candidates[0]: missing field `prefs`"), "{msg}");
    let msg = refused(&with(r#"{"id":"c1","prefs":[],"id":"c2"}"#, "", ""));
    assert!(msg.contains("candidates[0]: duplicate field `id`"), "{msg}");
    let msg = refused("[1,2]");
    assert!(msg.contains("expected a placement instance object"), "{msg}");
}

#[test]
fn validation_and_typed_path_agree() {
    // The in-memory entry point reports the same messages as the byte one.
    let json = with(r#"{"id":"c1","prefs":["o1","nope"]}"#, ORGS, "");
    let instance: placement::Instance = serde_json::from_str(&json).unwrap();
    let typed = cli::place_instance(&instance, &PlaceOptions::new(Mode::Welfare)).unwrap_err();
    assert_eq!(typed.to_string(), refused(&json));
}

proptest! {
    /// Arbitrary bytes never crash the engine: they are refused or (rarely) accepted.
    #[test]
    fn garbage_is_refused_not_a_crash(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        match cli::place(&bytes, &PlaceOptions::new(Mode::Welfare)) {
            Ok(_) | Err(PlaceError::Invalid(_)) => {}
            Err(e) => prop_assert!(false, "internal error on garbage: {e}"),
        }
    }

    /// A valid instance cut short anywhere is malformed JSON, reported with a line and column.
    #[test]
    fn truncated_instances_are_refused(cut in 0usize..200) {
        let json = with(
            r#"{"id":"c1","prefs":["o1","o2"]},{"id":"c2","prefs":["o2"]}"#,
            r#"{"id":"o1","capacity":1,"prefs":["c1"]},{"id":"o2","capacity":1,"prefs":["c2","c1"]}"#,
            "",
        );
        let cut = cut.min(json.len() - 1);
        let msg = refused(&json[..cut]);
        prop_assert!(msg.contains("line 1 column"), "{}", msg);
    }
}
