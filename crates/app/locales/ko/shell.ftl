# Kakehashi, 한국어: 공통 부분(페이지 틀, 내비게이션, 오류, 공통 낱말, 페이지 넘김, 목록 도구).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 페이지 틀
app-name = Kakehashi
app-tagline = JET 프로그램의 처음부터 끝까지
app-footer = Kakehashi(架け橋, 가교) — JET 프로그램(The Japan Exchange and Teaching Programme)을 잇는 다리
language-label = 언어
skip-to-content = 본문으로 건너뛰기

## 메일
mail-greeting = { $name } 님께
mail-signature = — Kakehashi, JET 프로그램

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
col-count = 건수
col-kind = 종류
col-participants = 참가자
col-country = 국가
col-city = 도시
col-unit = 소속 단위
col-created = 생성일
filter-search = 검색
filter-status = 상태
filter-position = 직종
filter-apply = 필터 적용
filter-all = 전체
filter-current = 현재 참가자
pager-previous = 이전
pager-next = 다음
pager-showing = 전체 { $total }건 중 { $from }–{ $to }건
list-empty = 표시할 항목이 없습니다.
export-list = 이 목록 내려받기:
saved-filters = 저장한 필터:
saved-filter-name = 이름
saved-filter-save = 이 필터 저장
saved-filter-delete = 저장한 필터 삭제
col-rank = 순위

## 역할
role-applicant = 지원자
role-mission-staff = 재외공관 직원
role-clair-staff = CLAIR(일본지방자치단체국제화협회) 직원
role-co-supervisor = 임용 단체 담당자
role-prefectural-advisor = 프리펙추럴 어드바이저(PA)
role-participant = 참가자
role-alumnus = JET 동창생(JETAA)
role-company-recruiter = 기업 채용 담당자
role-system-administrator = 시스템 관리자

## 직종
position-alt = 외국어 지도조수(ALT)
position-cir = 국제교류원(CIR)
position-sea = 스포츠국제교류원(SEA)

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

## 공통 낱말
blind-hidden = (비공개)
yes = 예
no = 아니요

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
error-status-invalid = 상태가 아닙니다
error-language-invalid = 언어는 en, ja or ko 중 하나여야 합니다
error-number-invalid = 정수가 아닙니다
error-date-invalid = 날짜(YYYY-MM-DD)가 아닙니다
error-datetime-invalid = 날짜와 시간 형식이 아닙니다(YYYY-MM-DD HH:MM)
error-time-zone-invalid = 알 수 없는 시간대입니다
error-duplicate = 중복되었습니다
error-year-invalid = 연도가 아닙니다
error-bad-type = 값의 종류가 올바르지 않습니다
error-choice-invalid = 선택지에 없습니다
error-too-many = 최대 { $limit }개까지입니다
error-file-empty = 파일이 비어 있습니다
error-file-too-large = 파일이 너무 큽니다(최대 { $limit }바이트)
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
error-bad-address = 이 주소는 올바르지 않습니다. 링크를 확인하거나 이전 화면으로 돌아가 다시 시도해 주세요.
error-method-not-allowed = 이 주소는 그런 종류의 요청을 받지 않습니다.
error-unsupported-media-type = 이 주소는 그 형식의 요청 본문을 받지 않습니다.
error-client-limited = 한꺼번에 보낸 요청이나 거부된 요청이 너무 많습니다. { $seconds }초 기다린 뒤 다시 시도해 주세요.
error-datetime-offset = 해당 국가의 현지 시간({ $detail })으로 시차나 시간대 없이 입력하십시오: YYYY-MM-DD HH:MM

## Fields by the labels their readers know them by (errors and what is missing name them so)
label-unknown = 이 항목
label-item = { $label }({ $number })
label-application = 지원서
label-applications = 지원서
label-application_deadline = 지원 마감
label-booking_cutoff_hours = 예약 마감(시간 전)
label-clearance_days = 구비 서류 제출 기한(일)
label-count = 개수
label-country = 국가
label-decisions = 결정
label-decisions-application = 후보자
label-decisions-outcome = 결과
label-decisions-rank = 순위
label-departure_group = 출발 그룹
label-details = 세부 내용
label-disagreement_threshold = 평가 차이 기준
label-display_name = 이름
label-file = 파일
label-format = 형식
label-given_name = 이름
label-family_name = 성
label-ground = 사유
label-interview_share_percent = 면접 비중(%)
label-jlpt = 일본어능력시험 급수
label-kind = 서류 종류
label-language = 언어
label-location = 장소
label-minutes = 분
label-mission = 재외공관
label-mode = 방식
label-name = 이름
label-nationality = 국적
label-panel = 면접 패널
label-places_sea = SEA 인원
label-position = 직종
label-reason = 사유
label-referees-letters = 추천서 2통
label-reviewers = 심사위원
label-reviewers_per_application = 지원서당 심사위원 수
label-role = 역할
label-scores = 점수
label-slot = 면접 시간대
label-status = 상태
label-unit = 소속
label-version = 열려 있던 페이지
label-weights = 가중치
label-written_test_score = 필기시험 점수
label-year = 연도
label-year_mission = 모집 연도와 재외공관
label-first = 첫 시간대 시작
label-screening-weight = 1차 심사: 가중치
label-screening-key = 1차 심사: 키
label-screening-label = 1차 심사: 표시 이름
label-interview-weight = 면접: 가중치
label-interview-key = 면접: 키
label-interview-label = 면접: 표시 이름
label-residence_limit_years = 일본 거주 연수 상한
label-period = 기간

## Questions before an action that mails people or cannot be undone
confirm-logout-everywhere = 모든 기기에서 로그아웃하고 모든 API 토큰을 무효로 할까요?
confirm-token-revoke = 이 토큰을 무효로 할까요? 사용 중인 프로그램이 작동하지 않게 됩니다.
confirm-user-disable = 이 계정을 비활성화할까요? 세션과 토큰이 즉시 종료됩니다.
confirm-role-revoke = 이 역할을 취소할까요?
confirm-application-submit = 지원서를 제출할까요? 제출 후에는 변경할 수 없습니다.
confirm-application-withdraw = 지원을 철회할까요? 되돌릴 수 없습니다.
confirm-placement-decline = 이 배치를 사양할까요? 지원이 종료되며 되돌릴 수 없습니다.
confirm-run-approve = 이 배치를 승인할까요? 모든 후보자와 임용 단체에 메일로 알립니다.
confirm-interview-cancel = 면접 예약을 취소할까요?
confirm-reply-accept = 합격을 수락할까요?
confirm-reply-decline = 합격을 사양할까요? 되돌릴 수 없습니다.
confirm-upgrade = 이 후보자를 합격으로 승격할까요? 본인에게 메일로 알립니다.
confirm-decide = 이 결과를 기록할까요? 각 후보자에게 메일로 알립니다.
confirm-disqualify = 이 후보자를 실격 처리할까요? 본인에게 메일로 알리며 되돌릴 수 없습니다.
confirm-conflict = 이해 상충을 신고할까요? 이 지원서를 더 이상 보거나 채점할 수 없습니다.
confirm-year-status = 모집 연도를 다음 단계로 진행할까요? 되돌릴 수 없습니다.
confirm-request-forward = 이 요청을 CLAIR에 보낼까요? 임용 단체는 더 이상 변경할 수 없습니다.
confirm-screening-advance = 선택한 지원서를 면접에 초대할까요? 각 지원자에게 메일로 알립니다.
confirm-screening-reject = 선택한 지원서를 불합격 처리할까요? 각 지원자에게 메일로 알립니다.
confirm-saved-filter-delete = 저장된 필터를 삭제할까요?
