# Kakehashi: 한국어 카탈로그. 화면, 메일, 오류 메시지의 모든 문자열은 여기와 en/, ja/에
# 키가 있습니다. 세 카탈로그가 같은 키를 가지는지 테스트로 확인합니다.

app-name = Kakehashi
app-tagline = JET 프로그램의 처음부터 끝까지
app-footer = Kakehashi(架け橋, 가교) — JET 프로그램(The Japan Exchange and Teaching Programme)을 잇는 다리
language-label = 언어
skip-to-content = 본문으로 건너뛰기

## 내비게이션
nav-dashboard = 대시보드
nav-participants = 참가자
nav-applications = 지원서
nav-organisations = 임용 단체
nav-missions = 재외공관
nav-users = 사용자
nav-audit = 감사 로그
nav-outbox = 발신 메일함
nav-account = 내 계정
nav-logout = 로그아웃
nav-login = 로그인

## 로그인과 로그아웃
login-title = Kakehashi에 로그인
login-email = 이메일 주소
login-password = 비밀번호
login-submit = 로그인
login-forgot = 비밀번호를 잊으셨나요?
login-failed = 이메일 주소 또는 비밀번호가 올바르지 않습니다.
login-rate-limited = 시도 횟수가 너무 많습니다. { $minutes }분 후에 다시 시도하세요.
login-session-expired = 세션이 종료되었습니다. 다시 로그인하세요.
logged-out = 로그아웃되었습니다.

## 비밀번호 재설정
reset-request-title = 비밀번호 재설정
reset-request-intro = 계정의 이메일 주소를 입력하세요. 해당 계정이 있으면 새 비밀번호를 설정할 수 있는 링크를 보내 드립니다.
reset-request-submit = 링크 보내기
reset-request-sent = 이 주소를 사용하는 계정이 있으면 비밀번호 재설정 링크를 보내 드렸습니다. 링크는 { $hours }시간 동안 한 번만 사용할 수 있습니다.
reset-title = 새 비밀번호 설정
reset-new-password = 새 비밀번호({ $min }자 이상)
reset-submit = 비밀번호 설정
reset-done = 비밀번호가 변경되었으며 다른 모든 세션이 종료되었습니다. 새 비밀번호로 로그인하세요.
reset-invalid = 이 링크는 이미 사용되었거나 만료되어 더 이상 유효하지 않습니다. 새 링크를 요청하세요.

## 메일
mail-greeting = { $name } 님께
mail-signature = — Kakehashi, JET 프로그램
mail-reset-subject = Kakehashi 비밀번호 재설정
mail-reset-body = 누군가(본인이시길 바랍니다) Kakehashi 계정의 비밀번호 재설정을 요청했습니다. { $hours }시간 이내에 다음 링크를 열어 새 비밀번호를 설정하세요: { $link } — 본인이 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.
mail-welcome-subject = Kakehashi 계정 안내
mail-welcome-body = 이 이메일 주소로 Kakehashi 계정이 개설되었습니다. 다음 링크에서 비밀번호를 설정하세요(링크는 { $hours }시간 동안 유효합니다): { $link }

## 대시보드
dashboard-title = 대시보드
dashboard-welcome = { $name } 님, 환영합니다
dashboard-your-roles = 내 역할
dashboard-nothing = 이 계정에는 아직 역할이 없습니다. 프로그램 관리자에게 역할 부여를 요청하세요.
dash-admin-heading = 시스템 관리
dash-admin-users = 사용자 계정 { $count }개
dash-admin-audit = 감사 기록 { $count }건
dash-admin-outbox = 발신 메일함의 메일 { $count }통
dash-clair-heading = 전국 현황
dash-clair-participants = 임용 단체 { $organisations }곳의 참가자 { $count }명
dash-clair-by-country = 국가별 참가자
dash-clair-by-position = 직종별 참가자
dash-clair-applications = 올해의 지원서
dash-mission-heading = 소속 재외공관: { $mission }
dash-mission-applications = 지원서 { $count }건
dash-mission-by-status = 상태별 지원서
dash-co-heading = 소속 임용 단체: { $organisation }
dash-co-participants = 소속 참가자 { $count }명
dash-pa-heading = 담당 도도부현: { $prefecture }
dash-pa-participants = 임용 단체 { $organisations }곳의 참가자 { $count }명
dash-participant-heading = 나의 임용
dash-participant-detail = { $organisation }({ $prefecture })의 { $position }, 임용 { $year }년 차, { $arrival } 부임
dash-applicant-heading = 나의 지원서
dash-applicant-none = 아직 지원서가 없습니다.
dash-applicant-status = 지원서 { $reference }({ $position }): { $status }
dash-alumnus-heading = JET 동창생(JETAA)
dash-alumnus-detail = JET 참가 당시: { $organisation }({ $prefecture })의 { $position }
dash-company-heading = 소속 기업: { $company }
dash-company-detail = 전 JET 참가자를 위한 채용 박람회와 채용 공고는 공개되는 대로 여기에 표시됩니다.
dash-see-all = 모두 보기

## 표와 필터
col-name = 이름
col-jet-number = JET 번호
col-nationality = 국적
col-position = 직종
col-organisation = 임용 단체
col-prefecture = 도도부현
col-arrival = 부임일
col-year = 연차
col-status = 상태
col-reference = 접수 번호
col-mission = 재외공관
col-submitted = 제출일
col-email = 이메일
col-roles = 역할
col-when = 일시
col-actor = 수행자
col-action = 작업
col-entity = 대상
col-outcome = 결과
col-subject = 제목
col-to = 받는 사람
col-count = 건수
col-kind = 종류
col-participants = 참가자
col-country = 국가
col-city = 도시
col-unit = 소속 단위
col-language = 언어
col-created = 생성일
col-last-used = 마지막 사용
filter-search = 검색
filter-status = 상태
filter-position = 직종
filter-action = 작업
filter-entity = 대상 유형
filter-outcome = 결과
filter-since = 시작일
filter-until = 종료일
filter-apply = 필터 적용
filter-all = 전체
filter-current = 현재 참가자
pager-previous = 이전
pager-next = 다음
pager-showing = 전체 { $total }건 중 { $from }–{ $to }건
list-empty = 표시할 항목이 없습니다.

## 기록
participants-title = 참가자
participant-title = 참가자 { $jet_number }
participant-appointment = 임용
participant-arrival = 부임일
participant-appointment-year = 임용 연차
applications-title = 지원서
organisations-title = 임용 단체
missions-title = 재외공관
interview-locations = 면접 장소

## 사용자와 역할
users-title = 사용자
users-create = 새 사용자
user-email = 이메일 주소
user-display-name = 표시 이름
user-password = 비밀번호({ $min }자 이상, 비워 두면 대신 링크를 보냅니다)
user-language = 언어
user-create-submit = 사용자 만들기
user-created = 사용자 { $email }을(를) 만들었습니다.
user-title = 사용자 { $email }
user-disabled = 비활성화됨
user-disable = 계정 비활성화
user-enable = 계정 활성화
user-disabled-notice = 계정을 비활성화하고 모든 세션을 종료했습니다.
user-enabled-notice = 계정을 활성화했습니다.
roles-title = 역할
role-grant = 역할 부여
role-revoke = 회수
role-unit = 소속 단위(역할에 필요한 경우 재외공관, 임용 단체, 도도부현 또는 기업의 번호)
role-granted = 역할을 부여했습니다.
role-revoked = 역할을 회수했습니다.
role-none = 역할이 없습니다.

## 계정
account-title = 내 계정
account-language = 인터페이스 언어
account-language-saved = 언어를 저장했습니다.
account-tokens = 개인 API 토큰
account-tokens-intro = 토큰을 사용하면 프로그램이 사용자 본인으로서 API를 이용할 수 있습니다. "Authorization: Bearer" 뒤에 토큰을 붙여 보내세요. 토큰은 비밀로 유지하세요.
token-name = 토큰 이름
token-create = 토큰 만들기
token-created-once = 새 토큰은 이번 한 번만 표시됩니다: { $token }
token-revoke = 폐기
token-revoked = 토큰을 폐기했습니다.
token-none = 토큰이 없습니다.
account-sessions = 활성 세션
account-logout-all = 모든 기기에서 로그아웃

## 감사 로그
audit-title = 감사 로그
audit-before = 변경 전
audit-after = 변경 후
outcome-done = 완료
outcome-denied = 거부됨

## 발신 메일함
outbox-title = 발신 메일함
outbox-intro-dev = SMTP 서버가 설정되어 있지 않아 메일을 보내지 않고 여기에 보관합니다.
outbox-intro-smtp = 메일은 SMTP 서버 { $server }를 통해 발송되며, 여기는 그 기록입니다.
outbox-empty = 아직 메일이 없습니다.
mail-status-pending = 발송 대기
mail-status-sent = 발송됨
mail-status-failed = 발송 실패
mail-status-kept = 보관됨(발송 안 함)

## 역할
role-applicant = 지원자
role-mission-staff = 재외공관 직원
role-clair-staff = CLAIR(일본지방자치단체국제화협회) 직원
role-co-supervisor = 임용 단체 담당자
role-prefectural-advisor = 프로그램 어드바이저(PA)
role-participant = 참가자
role-alumnus = JET 동창생(JETAA)
role-company-recruiter = 기업 채용 담당자
role-system-administrator = 시스템 관리자

## 직종
position-alt = 외국어 지도조수(ALT)
position-cir = 국제교류원(CIR)
position-sea = 스포츠국제교류원(SEA)

## 임용 단체의 종류
organisation-kind-prefecture = 도도부현
organisation-kind-designated-city = 정령지정도시
organisation-kind-city = 시
organisation-kind-town = 정
organisation-kind-village = 촌
organisation-kind-board-of-education = 교육위원회
organisation-kind-school = 학교
organisation-kind-private-school = 사립학교
organisation-kind-international-association = 국제교류협회

## 지원서 상태
application-status-draft = 작성 중
application-status-submitted = 제출됨
application-status-screened-out = 1차 전형 불합격
application-status-invited-to-interview = 면접 안내됨
application-status-interviewed = 면접 완료
application-status-short-listed = 합격(쇼트리스트)
application-status-alternate = 예비 합격
application-status-not-selected = 불합격
application-status-accepted = 수락
application-status-declined = 사퇴
application-status-cleared = 절차 완료
application-status-disqualified = 실격
application-status-withdrawn = 지원 철회

## 임용 상태
appointment-status-incoming = 부임 예정
appointment-status-serving = 재직 중
appointment-status-reappointed = 재임용
appointment-status-completed = 임기 만료
appointment-status-left-early = 중도 퇴직

## 오류: `field`는 입력 항목의 이름이며, 아래는 그 이유입니다
error-field = { $field }: { $reason }
error-required = 필수 항목입니다
error-too-long = 최대 { $limit }자까지 입력할 수 있습니다
error-control-characters = 표시할 수 없는 문자가 포함되어 있습니다
error-email-invalid = 이메일 주소가 아닙니다
error-country-invalid = 두 글자 국가 코드가 아닙니다
error-jet-number-invalid = JET 번호는 20으로 시작하는 11자리 숫자입니다
error-prefecture-invalid = 도도부현 코드(1~47)가 아닙니다
error-municipality-invalid = 여섯 자리 지방자치단체 코드가 아닙니다
error-municipality-check-digit = 이 지방자치단체 코드의 검사 숫자가 올바르지 않습니다
error-region-invalid = 지역이 아닙니다
error-kind-invalid = 지방자치단체의 종류가 아닙니다
error-position-invalid = 직종은 ALT, CIR 또는 SEA여야 합니다
error-organisation-kind-invalid = 임용 단체의 종류가 아닙니다
error-mission-kind-invalid = 재외공관은 대사관 또는 영사관입니다
error-role-invalid = 역할이 아닙니다
error-role-takes-no-unit = 이 역할은 소속 단위와 연결되지 않습니다
error-role-needs-mission = 이 역할에는 재외공관 번호가 필요합니다
error-role-needs-organisation = 이 역할에는 임용 단체 번호가 필요합니다
error-role-needs-prefecture = 이 역할에는 도도부현 코드가 필요합니다
error-role-needs-company = 이 역할에는 기업 번호가 필요합니다
error-unit-unknown = 해당하는 소속 단위가 없습니다
error-status-invalid = 상태가 아닙니다
error-password-too-short = { $limit }자 이상이어야 합니다
error-password-too-long = 최대 { $limit }자까지 입력할 수 있습니다
error-language-invalid = 언어는 en, ja or ko 중 하나여야 합니다
error-number-invalid = 정수가 아닙니다
error-date-invalid = 날짜(YYYY-MM-DD)가 아닙니다
error-email-taken = 이미 이 주소를 사용하는 계정이 있습니다
error-role-held = 사용자가 이미 이 역할을 가지고 있습니다
error-role-not-held = 사용자가 이 역할을 가지고 있지 않습니다
error-datetime-invalid = 날짜와 시간 형식이 아닙니다(YYYY-MM-DD HH:MM)
error-time-zone-invalid = 알 수 없는 시간대입니다
error-date-order = 해당 연도의 이전 단계보다 앞선 날짜입니다
error-places-range = 0에서 { $limit } 사이여야 합니다
error-sea-not-offered = 이 연도에는 스포츠국제교류원(SEA)을 모집하지 않습니다
error-duplicate = 중복되었습니다
error-year-invalid = 연도가 아닙니다
error-year-exists = 이 국가에 해당 연도가 이미 있습니다
error-status-transition = 이 연도는 지금 그 상태로 넘어갈 수 없습니다
error-year-incomplete = 먼저 지원 마감일과 출발 그룹을 하나 이상 설정하십시오
error-group-unknown = 이 연도에 해당 출발 그룹이 없습니다
error-bad-type = 값의 종류가 올바르지 않습니다
error-choice-invalid = 선택지에 없습니다
error-too-many = 최대 { $limit }개까지입니다
error-place-invalid = 도도부현 또는 시정촌 코드가 아닙니다
error-country-not-recruiting = 이 국가는 JET프로그램 모집 국가가 아닙니다
error-one-position = 한 가지 직종에만 지원할 수 있습니다(ALT, CIR, SEA 중 하나)
error-not-recruiting = 이 연도는 지원을 받고 있지 않습니다(마감: { $detail })
error-mission-not-of-country = 이 국가의 재외공관이 아닙니다
error-section-unknown = 지원서에 해당 항목이 없습니다
error-application-closed = 이 지원서는 더 이상 변경할 수 없습니다
error-field-unknown = 해당 항목이 없습니다
error-submitted-locked = 제출 후에는 연락처만 변경할 수 있습니다
error-email-unverified = 먼저 이메일 주소를 확인하십시오(보내 드린 메일을 확인하십시오)
error-deadline-passed = 마감이 지났습니다: { $detail }
error-ineligible = { $detail }
error-not-found = 해당하는 페이지나 기록이 없습니다.
error-forbidden = 이 내용을 보거나 변경할 권한이 없습니다. 이 시도는 기록되었습니다.
error-csrf = 양식이 만료되었거나 Kakehashi에서 보낸 것이 아닙니다. 페이지를 새로 고친 후 다시 시도하세요.
error-unauthenticated = 로그인하세요.
error-internal = 시스템 측에서 문제가 발생했습니다. 변경된 내용은 없습니다. 잠시 후 다시 시도하세요.
error-conflict = 다른 사람이 동시에 이 내용을 변경했습니다. 새로 고친 후 다시 시도하세요.
error-malformed-json = 요청 본문이 올바른 JSON이 아닙니다: { $detail }
error-bad-request = 요청이 올바르지 않습니다: { $detail }
error-payload-too-large = 요청이 너무 큽니다(최대 { $limit }바이트).
error-unavailable = 데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도하세요.
error-title = 문제가 발생했습니다
error-back = 대시보드로 돌아가기

## 모집 연도
nav-programme-years = 모집 연도
years-title = 모집 연도
years-new = 모집 연도 개설
years-country = 모집 국가(두 글자, 예: KR)
years-create = 연도 개설
year-title = { $year }년도: { $country }
year-status = 상태
year-dates = 일정
year-dates-intro = 시각은 해당 국가의 현지 시간({ $zone })입니다.
year-guidelines-published = 모집요강 발표
year-applications-open = 지원 접수 시작
year-application-deadline = 지원 마감
year-first-screening = 1차 전형
year-interviews-from = 면접 시작일
year-interviews-until = 면접 종료일
year-results-by = 결과 발표
year-reply-deadline = 회신 기한
year-pre-departure-orientation = 출발 전 오리엔테이션
year-plan = 직종별 모집 인원
year-sea-offered = 이 연도에 스포츠국제교류원(SEA)을 모집함
year-groups = 출발 그룹
year-group-name = 그룹
year-group-arrival = 도착일
year-save = 연도 저장
year-saved = 모집 연도를 저장했습니다.
year-move-to = 연도 상태 변경:
year-status-planning = 준비 중
year-status-recruiting = 모집 중
year-status-selecting = 전형 중
year-status-placing = 배치 중
year-status-closed = 종료

## 지원
mail-verify-subject = Kakehashi: 이메일 주소 확인
mail-verify-body = 7일 이내에 다음 링크를 열어 본인의 이메일 주소임을 확인해 주십시오: { $link }
mail-receipt-subject = 지원서 { $reference }를 접수했습니다
mail-receipt-body = { $position } 직종 지원서 { $reference }를 { $submitted }에 접수했습니다. 이 접수번호는 전형의 모든 단계에서 사용되므로 보관해 주십시오. 지원 현황은 Kakehashi에서 언제든지 확인할 수 있습니다.
verify-title = 이메일 주소
verify-done = 이메일 주소가 확인되었습니다. 이제 지원서를 제출할 수 있습니다.
verify-invalid = 이 링크는 더 이상 유효하지 않습니다. 이미 사용했거나 기한이 지났습니다.
my-application-title = 나의 지원
my-application-reference = 접수번호 { $reference }
my-application-missing = 제출하기 전에 아직 다음 항목이 필요합니다
my-application-complete = 지원서가 모두 갖추어졌습니다.
my-application-deadline = 마감: { $deadline }
my-application-submitted = 제출 일시: { $submitted }
my-application-steps = 현재 진행 상황
step-submit = 지원서 제출
step-screening = 1차 전형
step-interview = 면접
step-results = 결과 발표
step-reply = 회신
step-clearance = 구비 서류 제출 및 출발 전 오리엔테이션
step-arrival = 일본 도착
step-state-done = 완료
step-state-current = 진행 중
step-state-upcoming = 예정
