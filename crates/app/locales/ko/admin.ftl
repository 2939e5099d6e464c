# Kakehashi, 한국어: 시스템 관리(사용자, 역할, 감사 로그, 발신 메일함).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 내비게이션
nav-users = 사용자
nav-audit = 감사 로그
nav-outbox = 발신 메일함

## 표와 필터
col-roles = 역할
col-when = 일시
col-actor = 수행자
col-action = 작업
col-entity = 대상
col-outcome = 결과
col-subject = 제목
col-to = 받는 사람
col-language = 언어
filter-action = 작업
filter-entity = 대상 유형
filter-outcome = 결과
filter-since = 시작일
filter-until = 종료일

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
role-unit = 소속(역할의 대상인 재외공관·도도부현·임용 단체·기업)
role-unit-none = 없음(소속이 필요 없는 역할)
unit-kind-mission = 재외공관
unit-kind-prefecture = 도도부현
unit-kind-organisation = 임용 단체
unit-kind-company = 기업
role-granted = 역할을 부여했습니다.
role-revoked = 역할을 회수했습니다.
role-none = 역할이 없습니다.

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

## 오류: `field`는 입력 항목의 이름이며, 아래는 그 이유입니다
error-role-invalid = 역할이 아닙니다
error-role-takes-no-unit = 이 역할은 소속 단위와 연결되지 않습니다
error-role-needs-mission = 이 역할에는 재외공관 번호가 필요합니다
error-role-needs-organisation = 이 역할에는 임용 단체 번호가 필요합니다
error-role-needs-prefecture = 이 역할에는 도도부현 코드가 필요합니다
error-role-needs-company = 이 역할에는 기업 번호가 필요합니다
error-unit-unknown = 해당하는 소속 단위가 없습니다
error-email-taken = 이미 이 주소를 사용하는 계정이 있습니다
error-role-held = 사용자가 이미 이 역할을 가지고 있습니다
error-role-not-held = 사용자가 이 역할을 가지고 있지 않습니다
