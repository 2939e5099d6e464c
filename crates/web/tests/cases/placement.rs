//! Placement: contracting organisations request, prefectures forward, CLAIR runs the engine, moves
//! candidates and approves, and candidates and organisations see the result.

use crate::support::{Answer, PASSWORD, TestApp, each_backend, field_of, mail_to};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::test_sql::RawSqlUnscoped;

/// Waits for a placement run's background job to end.
async fn finished_run(t: &TestApp, client: &reqwest::Client, id: i64) -> Value {
    for _ in 0..600 {
        let run: Value = client.get(t.url(&format!("/api/v1/placement/runs/{id}"))).json_answer().await;
        if run["run"]["status"] != "running" {
            return run;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("placement run {id} did not end");
}

#[tokio::test]
async fn cos_request_prefectures_forward_clair_runs_moves_approves_and_candidates_and_cos_see_the_result() {
    each_backend("placement", async |t: TestApp| {
        demo::load(&t.app, &demo::DemoOptions { seed: 7, password: PASSWORD.into(), extra_cleared: 0 }).await.unwrap();
        let email = |who: &str| format!("{who}@demo.kakehashi.jp");
        let (town, town_csrf) = t.session(&email("town")).await;
        let me: Value = town.get(t.url("/api/v1/me")).json_answer().await;
        let town_org: i64 = me["roles"][0]["unit"].as_str().unwrap().trim_start_matches("organisation:").parse().unwrap();

        // A request with an unknown school level and impossible numbers is refused, naming each field.
        let bad = json!({"year": 2027, "organisation": town_org, "submit": true, "request": {
            "position": "ALT", "places": -1, "school_levels": ["university"], "schools": 0, "housing": "castle"}});
        let r = town.post(t.url("/api/v1/placement/requests")).header("x-csrf-token", &town_csrf).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        let fields: Vec<&str> = body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        for f in ["places", "school_levels[0]", "schools", "housing"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let good = json!({"year": 2027, "organisation": town_org, "submit": true, "request": {
            "position": "ALT", "places": 1, "continuing": 1, "school_levels": ["elementary", "junior-high"], "schools": 3,
            "housing": "provided", "sister_countries": ["US"], "remarks": "Two junior high schools by bicycle."}});
        let r = town.post(t.url("/api/v1/placement/requests")).header("x-csrf-token", &town_csrf).json(&good).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let request: Value = r.json().await.unwrap();
        let request_id = request["id"].as_i64().unwrap();
        assert_eq!((request["status"].as_str(), request["may_forward"].as_bool()), (Some("submitted"), Some(false)));
        assert_eq!(town.post(t.url(&format!("/api/v1/placement/requests/{request_id}/forward")))
            .header("x-csrf-token", &town_csrf).json(&json!({"version": 1})).status_answer().await, StatusCode::FORBIDDEN, "a CO does not forward its own request");

        // The prefecture (Hyogo's board of education) forwards it; a second, stale forward is a conflict.
        let (hyogo, hyogo_csrf) = t.session(&email("co")).await;
        let list: Value = hyogo.get(t.url("/api/v1/placement/requests?year=2027&status=submitted")).json_answer().await;
        let mine = list.as_array().unwrap().iter().find(|r| r["id"] == request_id).expect("Hyogo sees the town's request");
        assert_eq!(mine["may_forward"], true);
        assert_eq!(hyogo.post(t.url(&format!("/api/v1/placement/requests/{request_id}/forward")))
            .header("x-csrf-token", &hyogo_csrf).json(&json!({"version": 1})).status_answer().await, StatusCode::OK);
        let r = hyogo.post(t.url(&format!("/api/v1/placement/requests/{request_id}/change-request")))
            .header("x-csrf-token", &hyogo_csrf).json(&json!({"version": 1, "note": "stale"})).send().await.unwrap();
        assert!(r.status() == StatusCode::CONFLICT || r.status() == StatusCode::FORBIDDEN, "{}", r.status());

        // CLAIR: the national picture, the weights (a bad one named), the precheck.
        let (clair, csrf) = t.session(&email("clair")).await;
        let picture: Value = clair.get(t.url("/api/v1/placement/years/2027/picture")).json_answer().await;
        let alt = picture["positions"].as_array().unwrap().iter().find(|p| p["position"] == "ALT").unwrap();
        assert!(alt["requested"].as_i64().unwrap() > 0 && alt["planned"].as_i64().unwrap() > 0 && alt["continuing"].as_i64().unwrap() > 0);
        let r = clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 99}})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_of(&r.json().await.unwrap()).0, "weights.area");
        assert_eq!(clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 4}})).status_answer().await, StatusCode::OK);
        let stale = clair.put(t.url("/api/v1/placement/years/2027/weights")).header("x-csrf-token", &csrf)
            .json(&json!({"version": 0, "weights": {"area": 5}})).send().await.unwrap();
        assert_eq!(stale.status(), StatusCode::CONFLICT, "two staff editing the weights");
        let check: Value = clair.get(t.url("/api/v1/placement/years/2027/precheck")).json_answer().await;
        assert!(check["findings"].as_array().unwrap().iter().all(|f| f["blocking"] == false), "{check}");
        assert!(check["candidates"].as_i64().unwrap() > 50);

        // A mission's desk may not run placement.
        let (desk, desk_csrf) = t.session(&email("mission")).await;
        assert_eq!(desk.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &desk_csrf).json(&json!({"mode": "welfare"})).status_answer().await, StatusCode::FORBIDDEN);
        assert_eq!(clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "best"})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY);

        // Two runs, compared.
        let mut ids = Vec::new();
        for mode in ["stable", "welfare"] {
            let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": mode})).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let run: Value = r.json().await.unwrap();
            ids.push(run["id"].as_i64().unwrap());
        }
        let stable = finished_run(&t, &clair, ids[0]).await;
        let welfare = finished_run(&t, &clair, ids[1]).await;
        for run in [&stable, &welfare] {
            assert_eq!(run["run"]["status"], "done", "{}", run["run"]);
            let s = &run["summary"];
            assert_eq!(s["candidates"], check["candidates"]);
            assert_eq!(run["map"].as_array().unwrap().len(), 47);
        }
        let (placed_w, placed_s) = (welfare["summary"]["placed"].as_i64().unwrap(), stable["summary"]["placed"].as_i64().unwrap());
        assert!(placed_w >= placed_s, "welfare places at least as many as stable");
        // The welfare optimum places the most candidates: no one is left out while a request on
        // their list that they meet has a free seat (a position with fewer seats than candidates
        // leaves some out, by the demo's draw).
        let free: Vec<i64> = welfare["unfilled"].as_array().unwrap().iter().map(|u| u["request_id"].as_i64().unwrap()).collect();
        let out: Vec<&Value> = welfare["candidates"].as_array().unwrap().iter().filter(|c| c["request_id"].is_null()).collect();
        assert!(out.len() * 50 <= welfare["candidates"].as_array().unwrap().len(), "welfare places nearly all: {} out", out.len());
        for c in out {
            let ex: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}/candidates/{}", ids[1], c["application_id"]))).json_answer().await;
            if !ex["partner"].is_null() {
                continue;
            }
            for r in ex["requests"].as_array().unwrap() {
                let fits = r["rank"].is_number() && r["unmet"].as_array().is_some_and(Vec::is_empty);
                assert!(!(fits && free.contains(&r["request_id"].as_i64().unwrap())), "{} left out beside a free seat: {r}", c["reference"]);
            }
        }
        let compared: Value = clair.get(t.url(&format!("/api/v1/placement/compare?a={}&b={}", ids[0], ids[1]))).json_answer().await;
        assert_eq!(compared["a_summary"]["placed"], placed_s);
        assert_eq!(compared["b"]["mode"], "welfare");

        // A run whose store step fails (the database refuses its assignments, by a trigger made
        // for this test) is marked failed with the reason and leaves every other run as it was.
        let trigger: &[&str] = match t.app.store.backend() {
            store::Backend::Sqlite => &["CREATE TRIGGER kk_injected BEFORE INSERT ON placement_assignments \
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END"],
            store::Backend::Postgres => &[
                "CREATE FUNCTION kk_injected() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''injected failure''; END'",
                "CREATE TRIGGER kk_injected BEFORE INSERT ON placement_assignments FOR EACH ROW EXECUTE FUNCTION kk_injected()",
            ],
        };
        for sql in trigger {
            t.app.store.execute_unscoped(store::test_sql::query(*sql)).await.unwrap();
        }
        let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "stable"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let failing: Value = r.json().await.unwrap();
        let failed = finished_run(&t, &clair, failing["id"].as_i64().unwrap()).await;
        assert_eq!(failed["run"]["status"], "failed", "{}", failed["run"]);
        assert!(failed["run"]["error"].as_str().unwrap().contains("injected failure"), "{}", failed["run"]);
        assert!(failed["candidates"].as_array().is_none_or(|c| c.is_empty()), "a failed run stores no assignments");
        let drop_trigger = match t.app.store.backend() {
            store::Backend::Sqlite => "DROP TRIGGER kk_injected",
            store::Backend::Postgres => "DROP TRIGGER kk_injected ON placement_assignments",
        };
        t.app.store.execute_unscoped(store::test_sql::query(drop_trigger)).await.unwrap();
        let welfare_again = finished_run(&t, &clair, ids[1]).await;
        assert_eq!(welfare_again["summary"], welfare["summary"]);
        assert_eq!(welfare_again["run"]["version"], welfare["run"]["version"]);
        let runs: Value = clair.get(t.url("/api/v1/placement/years/2027/runs")).json_answer().await;
        let statuses: Vec<&str> = runs.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["failed", "done", "done"], "newest first");

        // The stable run has no blocking pair; taking a single candidate out of their seat makes
        // at least one: they and the request they left, which now has a free seat.
        if let Some(c) = stable["candidates"].as_array().unwrap().iter().find(|c| c["request_id"].is_i64()) {
            let (id, left) = (c["application_id"].as_i64().unwrap(), c["request_id"].as_i64().unwrap());
            let stay: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}/cost?application={id}&request={left}", ids[0]))).json_answer().await;
            assert_eq!((stay["blocking_before"].as_u64(), stay["blocking_after"].as_u64()), (Some(0), Some(0)), "{stay}");
            let out: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}/cost?application={id}", ids[0]))).json_answer().await;
            let pair = json!({"candidates": [format!("a{id}")], "organisations": [format!("r{left}")]});
            if out["partner"].is_null() {
                let found = out["new_blocking"].as_array().unwrap();
                assert!(out["blocking_after"].as_u64() >= Some(1) && !found.is_empty(), "{out}");
                // At most 20 are listed; when fewer, theirs is among them.
                assert!(found.len() == 20 || found.contains(&pair), "{out}");
            }
        }

        // The cleared demo candidate: the explanation lists Hyogo (stated first) first.
        let (cleared, cleared_csrf) = t.session(&email("cleared")).await;
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).json_answer().await;
        let application = apps[0]["id"].as_i64().unwrap();
        let waiting = apps[0]["steps"].as_array().unwrap().iter().find(|s| s["key"] == "step-placement").cloned();
        assert_eq!(waiting.map(|s| s["state"].clone()), Some(json!("current")), "cleared, waiting for placement");
        let run = ids[1];
        let why: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/candidates/{application}"))).json_answer().await;
        assert_eq!(why["stated_places"][0], "28");
        assert_eq!(why["requests"][0]["tier"], "stated");
        assert_eq!(why["requests"][0]["prefecture"], 28);

        // Moving them to the town's request: the cost first, then the move (a stale version is a conflict).
        let cost: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/cost?application={application}&request={request_id}"))).json_answer().await;
        assert!(cost["unmet"].as_array().unwrap().is_empty(), "{cost}");
        assert!(cost["blocking_after"].as_u64().is_some());
        let mut version = welfare["run"]["version"].as_i64().unwrap();
        // The town asked for one ALT: whoever the engine put there makes room first.
        let occupant = welfare["candidates"].as_array().unwrap().iter().find(|c| c["request_id"] == request_id).map(|c| c["application_id"].as_i64().unwrap());
        if let Some(other) = occupant.filter(|o| *o != application) {
            assert_eq!(clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
                .json(&json!({"version": version, "application": application, "request": request_id, "reason": "full"})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "a full request takes nobody more");
            let out = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
                .json(&json!({"version": version, "application": other, "request": null, "reason": "Makes room"})).send().await.unwrap();
            assert_eq!(out.status(), StatusCode::OK);
            version += 1;
        }
        assert_eq!(clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": request_id, "reason": " "})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY);
        let moved = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": request_id, "reason": "Sister city exchange"})).send().await.unwrap();
        assert_eq!(moved.status(), StatusCode::OK);
        let again = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "application": application, "request": null, "reason": "second desk"})).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT, "two staff moving in the same run");
        let view = finished_run(&t, &clair, run).await;
        let row = view["candidates"].as_array().unwrap().iter().find(|c| c["application_id"] == application).unwrap();
        assert_eq!((row["request_id"].as_i64(), row["moved"].as_bool()), (Some(request_id), Some(true)));
        assert!(view["summary"]["moved"].as_u64().unwrap() >= 1);
        // The explanation still shows where the engine had put them.
        let engine_at = welfare["candidates"].as_array().unwrap().iter().find(|c| c["application_id"] == application).unwrap()["request_id"].as_i64();
        let why: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/candidates/{application}"))).json_answer().await;
        let marked: Vec<i64> = why["requests"].as_array().unwrap().iter().filter(|r| r["engine_placed"] == true).map(|r| r["request_id"].as_i64().unwrap()).collect();
        assert_eq!(marked, engine_at.into_iter().collect::<Vec<_>>(), "{why}");

        // Exports of the placement list.
        let csv = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/export?format=csv"))).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.contains("Sister city exchange") && text.lines().count() as i64 > placed_w);
        let xlsx = clair.get(t.url(&format!("/api/v1/placement/runs/{run}/export?format=xlsx"))).send().await.unwrap().bytes().await.unwrap();
        assert!(xlsx.starts_with(b"PK"));

        // The committee approves: the run locks, candidates are notified, the CO sees who comes.
        let version = view["run"]["version"].as_i64().unwrap();
        let r = clair.post(t.url(&format!("/api/v1/placement/runs/{run}/approve"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "note": "Placement committee, 20 May"})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let approved: Value = r.json().await.unwrap();
        assert_eq!(approved["notified"], view["summary"]["placed"]);
        assert_eq!(clair.post(t.url(&format!("/api/v1/placement/runs/{run}/moves"))).header("x-csrf-token", &csrf)
            .json(&json!({"version": version + 1, "application": application, "request": null, "reason": "late"})).status_answer().await, StatusCode::UNPROCESSABLE_ENTITY, "an approved run is locked");
        let older = clair.post(t.url(&format!("/api/v1/placement/runs/{}/approve", ids[0]))).header("x-csrf-token", &csrf)
            .json(&json!({"version": stable["run"]["version"], "note": "again"})).send().await.unwrap();
        assert_eq!(older.status(), StatusCode::CONFLICT, "a run older than the approval would move notified people");
        let notice = mail_to(&t, &email("cleared"), "placement-notice").await;
        let mine: Value = cleared.get(t.url(&format!("/api/v1/my/applications/{application}/placement"))).json_answer().await;
        assert_eq!(mine["request"]["id"], request_id);
        assert!(notice.body_text.contains(mine["request"]["organisation_en"].as_str().unwrap()), "{}", notice.body_text);
        let place = format!("{}, Hyogo", mine["request"]["municipality_en"].as_str().unwrap());
        assert!(notice.body_text.contains(&place), "{place} in {}", notice.body_text);
        // Their status: the placement step is done (with the notice's date); the orientation comes next.
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).json_answer().await;
        let steps = apps[0]["steps"].as_array().unwrap();
        let at = |key: &str| steps.iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("{key} in {steps:?}"));
        assert_eq!(at("step-placement")["state"], "done");
        assert!(at("step-placement")["when"].is_string());
        // The pre-departure orientation comes first (issue 14, item 7), then the arrival.
        assert_eq!((at("step-orientation")["state"].as_str(), at("step-arrival")["state"].as_str()), (Some("current"), Some("upcoming")));
        let incoming: Value = town.get(t.url("/api/v1/placement/incoming?year=2027")).json_answer().await;
        let coming = incoming.as_array().unwrap();
        assert_eq!(coming.len(), 1);
        assert_eq!(coming[0]["application_id"], application);

        // Declining is withdrawing; a later run places only who is left, on the seats left.
        assert_eq!(cleared.post(t.url(&format!("/api/v1/my/applications/{application}/placement/decline"))).header("x-csrf-token", &cleared_csrf)
            .json(&json!({"reason": "A job offer at home"})).status_answer().await, StatusCode::OK);
        let apps: Value = cleared.get(t.url("/api/v1/my/applications")).json_answer().await;
        assert_eq!(apps[0]["status"], "withdrawn");
        let check: Value = clair.get(t.url("/api/v1/placement/years/2027/precheck")).json_answer().await;
        // Who waits: whoever the approved run left out (moved out to make room, or left without a
        // seat by the draw); the one who declined is gone.
        let left = view["candidates"].as_array().unwrap().iter().filter(|c| c["request_id"].is_null()).count() as i64;
        let made_room = i64::from(occupant.is_some_and(|o| o != application));
        assert!(left >= made_room);
        assert_eq!(check["candidates"], left, "only whoever the approved run left out waits");
        let r = clair.post(t.url("/api/v1/placement/years/2027/runs")).header("x-csrf-token", &csrf).json(&json!({"mode": "welfare"})).send().await.unwrap();
        if left == 0 {
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "nobody left to place: said before the run starts");
            assert_eq!(field_of(&r.json().await.unwrap()).0, "year");
        } else {
            // The later placement: the one left goes to a seat left (the town's, freed by the
            // decline, among them); nobody notified moves.
            let later: Value = r.json().await.unwrap();
            let later = finished_run(&t, &clair, later["id"].as_i64().unwrap()).await;
            let placed_later = later["summary"]["placed"].as_i64().unwrap();
            assert_eq!(later["summary"]["candidates"].as_i64(), Some(left));
            assert!(placed_later >= made_room, "the one moved out takes the seat the decline freed");
            let r = clair.post(t.url(&format!("/api/v1/placement/runs/{}/approve", later["run"]["id"]))).header("x-csrf-token", &csrf)
                .json(&json!({"version": later["run"]["version"], "note": "Second committee"})).send().await.unwrap();
            assert_eq!(r.json::<Value>().await.unwrap()["notified"], placed_later);
            let mine: Value = cleared.get(t.url(&format!("/api/v1/my/applications/{application}/placement"))).json_answer().await;
            assert_eq!(mine["request"]["id"], request_id, "a notified placement does not move");
        }

        // A run whose process stopped (its job's heartbeat older than a live one's ever is) is
        // failed by the sweep every instance runs; a run still making progress is left alone.
        let clair_id = {
            let mut tx = t.app.store.read().await.unwrap();
            let email = domain::Email::parse(&email("clair")).unwrap();
            store::users::user_by_email(&mut tx, &email).await.unwrap().unwrap().id().0
        };
        let mut tx = t.app.store.write().await.unwrap();
        let mut stuck = Vec::new();
        for silent in [app::ABANDONED_AFTER + time::Duration::seconds(1), time::Duration::seconds(5)] {
            let at = t.app.now() - silent;
            let job = store::jobs::insert_job(&mut tx, "placement-run", clair_id, "-", 4, at).await.unwrap();
            stuck.push(store::placing::insert_run(&mut tx, 2027, "stable", job, "{}", clair_id, at).await.unwrap());
        }
        tx.commit().await.unwrap();
        assert_eq!(t.app.fail_abandoned_work().await.unwrap(), 1);
        let abandoned: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}", stuck[0]))).json_answer().await;
        assert_eq!((abandoned["run"]["status"].as_str(), abandoned["run"]["error"].as_str()), (Some("failed"), Some("interrupted")));
        let live: Value = clair.get(t.url(&format!("/api/v1/placement/runs/{}", stuck[1]))).json_answer().await;
        assert_eq!(live["run"]["status"], "running");
    })
    .await;
}
