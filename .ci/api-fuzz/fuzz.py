"""The API fuzz: the served OpenAPI document is checked against the OpenAPI 3.1 schema, and then
schemathesis, driven by that document, sends each demo role's credential through every operation.
Anything found (a document error, a 5xx, a status the document does not declare, an answer that
contradicts its schema or its content type) fails the run. Started by `run` beside this file,
which owns the Python environment; see README.md there.

The server is the real binary serving the demo year on a throwaway SQLite database, so operations
that mail or change records are fuzzed like any other.
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from openapi_spec_validator import OpenAPIV31SpecValidator

PASSWORD = "api-fuzz-demo-password"
DEMO_DOMAIN = "demo.kakehashi.jp"
# The demo's accounts, one per role (README: "account (`@demo.kakehashi.jp`)"). The system
# administrator comes last: its operations can disable the others' accounts or take their roles,
# which ends their credentials.
ROLES = [
    ("applicant", "applicant"),
    ("mission staff", "mission"),
    ("reviewer (mission staff)", "reviewer"),
    ("CLAIR staff", "clair"),
    ("CO supervisor", "co"),
    ("prefectural advisor", "pa"),
    ("participant", "participant"),
    ("alumnus", "alumnus"),
    ("company recruiter", "company"),
    ("system administrator", "admin"),
]
# Operations that end the credential that calls them (`logout_everywhere` ends every session and
# token of the account, `revoke_token` may hit the caller's own token) or, for the administrator,
# the administrator's own account (`set_disabled`, `revoke_role` with the administrator's own id).
# The main pass leaves them out; they run after it, each with a token of its own, the one that
# ends every credential of the account last and alone.
CREDENTIAL_ENDING = ["revoke_token", "revoke_role", "set_disabled", "logout_everywhere"]
ENDS_ALL = "logout_everywhere"
# Logging in with fuzzed addresses and passwords: in the pass without a credential only (see there).
SIGN_IN = ["login"]
# What must hold of every answer. `negative_data_rejection` (a request the document calls invalid
# is refused) and `positive_data_acceptance` (a valid one is not refused with 400/422) are
# reported with --extra-checks.
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance"]
EXTRA_CHECKS = ["negative_data_rejection", "positive_data_acceptance"]
# Checks about the status alone: a finding is told by the answer's status and error code.
STATUS_CHECKS = {"not_a_server_error", "status_code_conformance", "negative_data_rejection", "positive_data_acceptance"}


def log(message: str) -> None:
    print(message, flush=True)


class Server:
    """`kakehashi demo` on a fresh SQLite database and a free port the binary chooses."""

    def __init__(self, binary: str, work: Path) -> None:
        self.log_path = work / "server.log"
        self.log_file = open(self.log_path, "w", encoding="utf-8")
        self.lines: list[str] = []
        env = dict(os.environ)
        env["KAKEHASHI_DATABASE_URL"] = f"sqlite://{work / 'demo.db'}"
        # Every request is logged at info with its route pattern and status: the 5xx's trail.
        env["KAKEHASHI_LOG"] = "info,sqlx=warn"
        env["NO_COLOR"] = "1"
        # A fuzzer is refused (401, 403, 404) far more often than an honest client: without room
        # for that, nearly every answer would be 429 from the per-client limits.
        env["KAKEHASHI_REFUSAL_BURST"] = "1000000"
        env["KAKEHASHI_REFUSALS_PER_MINUTE"] = "1000000"
        self.process = subprocess.Popen(
            [binary, "demo", "--listen", "127.0.0.1:0", "--demo-password", PASSWORD],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.base: str | None = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log_file.write(line)
            self.log_file.flush()
            if self.base is None:
                found = re.search(r"Kakehashi is serving at (http://[^/\s]+)/", line)
                if found:
                    self.base = found.group(1)

    def wait_until_up(self, timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"kakehashi exited early ({self.process.returncode}); log: {self.log_path}")
            if time.monotonic() > deadline:
                raise SystemExit(f"kakehashi did not answer in {timeout:.0f} s; log: {self.log_path}")
            if self.base is not None:
                try:
                    r = requests.get(f"{self.base}/healthz", timeout=5)
                    if r.ok and r.json().get("status") == "ok":
                        return self.base
                except requests.RequestException:
                    pass
            time.sleep(0.25)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=5)
        self.log_file.close()


def validate_document(document: dict) -> list[str]:
    """The document's errors against the OpenAPI 3.1 schema, one line each, grouped."""
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for error in OpenAPIV31SpecValidator(document).iter_errors():
        where = "/".join(str(p) for p in error.absolute_path)
        first_line = error.message.splitlines()[0]
        groups[first_line].append(where)
    lines = []
    for message, places in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(places[:3]) + (f", … ({len(places) - 3} more)" if len(places) > 3 else "")
        lines.append(f"{len(places)} × {message}  [{shown}]")
    return lines


def issue_tokens(base: str, email: str, names: list[str]) -> dict[str, str]:
    """Logs in with the session API, creates one personal API token per name (Bearer: no CSRF
    needed) and logs the session out again."""
    http = requests.Session()
    r = http.post(f"{base}/api/v1/session", json={"email": email, "password": PASSWORD}, timeout=30)
    if r.status_code != 200:
        raise SystemExit(f"login of {email}: {r.status_code} {r.text[:200]}")
    csrf = r.json()["csrf_token"]
    tokens = {}
    for name in names:
        r = http.post(f"{base}/api/v1/tokens", json={"name": f"api fuzz {name}"}, headers={"X-CSRF-Token": csrf},
                      timeout=30)
        if r.status_code != 201:
            raise SystemExit(f"token for {email}: {r.status_code} {r.text[:200]}")
        tokens[name] = r.json()["token"]
    http.delete(f"{base}/api/v1/session", headers={"X-CSRF-Token": csrf}, timeout=30)
    return tokens


def run_schemathesis(
    schemathesis: str,
    base: str,
    token: str | None,
    report: Path,
    args: argparse.Namespace,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    mode: str = "all",
    own_tokens: dict[str, str] | None = None,
) -> dict:
    checks = CHECKS + (EXTRA_CHECKS if args.extra_checks else [])
    # Requests with methods an operation does not have (405 from the router) do not depend on
    # the credential: only the pass without one sends them.
    config = report.with_suffix(".toml")
    toml = "" if token is None else "[phases.coverage]\nunexpected-methods = []\n"
    # Operations with a credential of their own (see CREDENTIAL_ENDING).
    for operation, own in (own_tokens or {}).items():
        toml += f'\n[[operations]]\ninclude-operation-id = "{operation}"\nheaders = {{ Authorization = "Bearer {own}" }}\n'
    config.write_text(toml, encoding="utf-8")
    command = [
        schemathesis,
        "--config-file",
        str(config),
        "run",
        f"{base}/api/openapi.json",
        "--url",
        base,
        "--checks",
        ",".join(checks),
        "--max-examples",
        str(args.examples),
        "--seed",
        str(args.seed),
        "--phases",
        args.phases,
        "--mode",
        mode,
        "--workers",
        str(args.workers),
        "--request-timeout",
        "60",
        "--suppress-health-check",
        "all",
        # The credential is the harness's (--header); generated cookies or Bearer values would
        # replace it.
        "--generation-with-security-parameters",
        "false",
        "--generation-database",
        "none",
        "--continue-on-failure",
        "--no-color",
        "--output-truncate",
        "true",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
    for operation in include or []:
        command += ["--include-operation-id", operation]
    for operation in exclude or []:
        command += ["--exclude-operation-id", operation]
    output_path = report.with_suffix(".out")
    with open(output_path, "w", encoding="utf-8") as out:
        env = dict(os.environ, SCHEMATHESIS_HOOKS="api_fuzz_hooks", PYTHONPATH=str(Path(__file__).parent))
        # In the work folder: schemathesis keeps a `.schemathesis` folder where it runs.
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=report.parent)
    summary = summarise(report, output_path)
    if code not in (0, 1):
        # 1: schemathesis found something (read from the report); anything else: it failed to run.
        summary["errors"].append(f"schemathesis exited {code}: see {output_path}")
    return summary


def answer_of(interaction: dict | None) -> str:
    """`400 malformed-json`: the status and the error code of the answer (`code` of ErrorBody)."""
    response = (interaction or {}).get("response") or {}
    status = response.get("status_code")
    if status is None:
        return ""
    content = response.get("content") or {}
    try:
        body = base64.b64decode(content.get("$base64", "")) if "$base64" in content else content.get("string", "")
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = (response.get("headers") or {}).get("content-type", ["?"])[0]
    return f"{status} {code}"


def summarise(report: Path, output_path: Path) -> dict:
    """Reads schemathesis's NDJSON events: cases run, statuses seen, failures by kind."""
    failures: dict[tuple[str, str, str], set[str]] = collections.defaultdict(set)
    statuses: collections.Counter = collections.Counter()
    errors: list[str] = []
    cases = 0
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            for kind, payload in event.items():
                if kind == "ScenarioFinished":
                    recorder = payload.get("recorder") or {}
                    label = recorder.get("label", "?")
                    for interaction in (recorder.get("interactions") or {}).values():
                        response = interaction.get("response") or {}
                        if response.get("status_code") is not None:
                            statuses[response["status_code"]] += 1
                            cases += 1
                    interactions = recorder.get("interactions") or {}
                    for case_id, check_list in (recorder.get("checks") or {}).items():
                        for check in check_list:
                            if str(check.get("status", "")).lower() != "failure":
                                continue
                            detail = (check.get("failure_info") or {}).get("failure") or {}
                            title = detail.get("title") or check.get("name", "?")
                            message = (detail.get("message") or "").strip().splitlines()
                            key = (check.get("name", "?"), label, title)
                            first = message[0] if message else ""
                            if check.get("name") in STATUS_CHECKS:
                                first = answer_of(interactions.get(case_id)) or first
                            failures[key].add(first)
                elif kind == "NonFatalError":
                    errors.append(f"{payload.get('label', '?')}: {(payload.get('info') or {}).get('title', '')}")
                elif kind == "FatalError":
                    errors.append(f"fatal: {payload.get('exception', payload)}")
    if not report.exists() or (cases == 0 and not errors):
        tail = output_path.read_text(encoding="utf-8").splitlines()[-15:] if output_path.exists() else []
        errors.append("schemathesis ran no case: " + " | ".join(tail))
    return {"failures": failures, "statuses": statuses, "errors": errors, "cases": cases}


def report_group(title: str, label: str, passes: list[dict], started: float, all_findings: dict) -> int:
    """Prints one group's summary (a role, or no credential) and returns how many findings."""
    failures: dict = collections.defaultdict(set)
    statuses: collections.Counter = collections.Counter()
    errors: list[str] = []
    cases = 0
    for p in passes:
        for key, values in p["failures"].items():
            failures[key] |= values
        statuses.update(p["statuses"])
        errors += p["errors"]
        cases += p["cases"]
    by_check = collections.Counter(check for check, _, _ in failures)
    seen = ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items()))
    verdict = "clean"
    if failures or errors:
        verdict = "FOUND " + ", ".join([f"{n} {check}" for check, n in by_check.most_common()] +
                                       ([f"{len(errors)} errors"] if errors else []))
    log(f"\n== {title}: {cases} requests in {time.monotonic() - started:.0f} s; {verdict}")
    log(f"  statuses: {seen}")
    for (check, operation, kind), details in sorted(failures.items()):
        log(f"  {check}: {operation}: {kind}: {'; '.join(sorted(details))[:300]}")
    for e in errors:
        log(f"  error: {e[:300]}")
    all_findings["roles"][label] = {
        "cases": cases,
        "statuses": dict(statuses),
        "errors": errors,
        "failures": [{"check": c, "operation": o, "title": t, "details": sorted(d)}
                     for (c, o, t), d in sorted(failures.items())],
    }
    return len(failures) + len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the kakehashi binary")
    parser.add_argument("--examples", type=int, default=int(os.environ.get("API_FUZZ_EXAMPLES", "5")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("API_FUZZ_SEED", "15")))
    parser.add_argument("--phases", default=os.environ.get("API_FUZZ_PHASES", "examples,coverage,fuzzing"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("API_FUZZ_WORKERS", "2")))
    parser.add_argument("--roles", default=os.environ.get("API_FUZZ_ROLES", ""), help="comma-separated accounts")
    # Invalid requests (six in ten of the coverage phase's) are refused by the extractors, after
    # the credential is checked and before the role matters: sent with one role's credential and
    # without one, they are not sent again for every role. `all`: for every role.
    parser.add_argument("--invalid-for", default=os.environ.get("API_FUZZ_INVALID_FOR", "clair"),
                        help="accounts whose passes also send invalid requests (comma-separated, or all)")
    parser.add_argument("--no-anonymous", dest="anonymous", action="store_false",
                        help="skip the pass without a credential")
    parser.add_argument("--extra-checks", action="store_true", help="also negative and positive data checks")
    parser.add_argument("--out", default="", help="keep reports here (default: a temporary folder, removed)")
    parser.add_argument("--findings", default="", help="write every finding as JSON to this file")
    args = parser.parse_args()

    schemathesis = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    work = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="kakehashi-api-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    roles = [(name, account) for name, account in ROLES if not args.roles or account in args.roles.split(",")]
    started = time.monotonic()
    server = Server(args.bin, work)
    found = 0
    all_findings: dict = {"document": [], "roles": {}}
    try:
        base = server.wait_until_up()
        log(f"server up at {base} in {time.monotonic() - started:.0f} s (log: {server.log_path})")

        document = requests.get(f"{base}/api/openapi.json", timeout=30).json()
        operations = sum(1 for item in document.get("paths", {}).values() for m in item if m in
                         {"get", "put", "post", "delete", "patch", "head", "options", "trace"})
        problems = validate_document(document)
        all_findings["document"] = problems
        log(f"\n== OpenAPI document: {operations} operations, {'valid' if not problems else 'INVALID'} (OpenAPI 3.1)")
        for line in problems:
            log(f"  {line}")
        found += len(problems)

        groups = [(name, account) for name, account in roles] + ([("anonymous", None)] if args.anonymous else [])
        for name, account in groups:
            group_started = time.monotonic()
            email = f"{account}@{DEMO_DOMAIN}" if account else None
            label = account or "anonymous"
            passes = []
            if email is None:
                # No credential: every operation, POST /session included. Last of all, because the
                # failed logins it makes are counted against this address, which would soon make
                # the harness's own logins wait.
                passes.append(run_schemathesis(schemathesis, base, None, work / "anonymous.ndjson", args))
            else:
                mode = "all" if args.invalid_for == "all" or account in args.invalid_for.split(",") else "positive"
                tokens = issue_tokens(base, email, ["main", *CREDENTIAL_ENDING])
                passes.append(run_schemathesis(schemathesis, base, tokens["main"], work / f"{label}.ndjson", args,
                                               exclude=CREDENTIAL_ENDING + SIGN_IN, mode=mode))
                # After the main pass, so that they can end nothing it still needs: first those
                # that end one credential or account, each with its own token, then the one that
                # ends every credential of the account.
                ending_one = [op for op in CREDENTIAL_ENDING if op != ENDS_ALL]
                passes.append(run_schemathesis(schemathesis, base, tokens["main"], work / f"{label}-ending.ndjson",
                                               args, include=ending_one, mode=mode,
                                               own_tokens={op: tokens[op] for op in ending_one}))
                passes.append(run_schemathesis(schemathesis, base, tokens[ENDS_ALL], work / f"{label}-{ENDS_ALL}.ndjson",
                                               args, include=[ENDS_ALL], mode=mode))
            found += report_group(f"{name} ({email or 'no credential'})", label, passes, group_started, all_findings)
    finally:
        server.stop()
    server_errors = [line.strip() for line in server.log_path.read_text(encoding="utf-8").splitlines()
                     if re.search(r"status=5\d\d|\bERROR\b|panicked", line)]
    all_findings["server_errors"] = server_errors
    if server_errors:
        found += len(server_errors)
        log(f"\n== server log: {len(server_errors)} lines with a 5xx, an error or a panic:")
        for line in server_errors[:20]:
            log(f"  {line[:300]}")
    if args.findings:
        Path(args.findings).write_text(json.dumps(all_findings, indent=1, sort_keys=True, default=list) + "\n",
                                       encoding="utf-8")
    log(f"\n== api fuzz: {found} findings in {time.monotonic() - started:.0f} s"
        f" ({len(roles)} roles, {args.examples} examples per operation, seed {args.seed}, phases {args.phases},"
        f" invalid requests for {args.invalid_for} and without a credential)")
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"reports kept in {work}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
