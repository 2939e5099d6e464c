# Kakehashi, 한국어: 모집(모집 연도. 지원 자격은 eligibility.ftl).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 모집 연도
nav-programme-years = 모집 연도
years-title = 모집 연도
years-new = 모집 연도 개설
years-country = 모집 국가(두 글자, 예: KR)
years-create = 연도 개설
year-title = { $year }년도: { $country }
year-status = 상태
year-dates = 일정
year-dates-intro = 지원 접수 시작, 지원 마감, 회신 기한의 시각은 이 연도의 마감 시간대({ $zone }) 기준입니다.
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

## 오류: `field`는 입력 항목의 이름이며, 아래는 그 이유입니다
error-date-order = 해당 연도의 이전 단계보다 앞선 날짜입니다
error-places-range = 0에서 { $limit } 사이여야 합니다
error-sea-not-offered = 이 연도에는 스포츠국제교류원(SEA)을 모집하지 않습니다
error-year-exists = 이 국가에 해당 연도가 이미 있습니다
error-status-transition = 이 연도는 지금 그 상태로 넘어갈 수 없습니다
error-year-incomplete = 먼저 지원 마감일과 출발 그룹을 하나 이상 설정하십시오
error-group-unknown = 이 연도에 해당 출발 그룹이 없습니다

## 실제 일정(issue 14): 마감 시간대, 선택 단계, 그룹별 일정
year-created = 모집 연도를 개설했습니다. 일정을 설정하십시오.
year-moved = 모집 연도 상태를 '{ $status }'(으)로 변경했습니다.
year-deadline-stated = 지원 마감: { $deadline }
year-closed-read-only = 종료된 연도입니다. 설정은 당시 그대로 보존되며 더 이상 변경할 수 없습니다.
year-deadline-zone = 마감 시간대(IANA 이름)
year-deadline-zone-help = 비워 두면 해당 국가의 시간대({ $zone })입니다. 예를 들어 미국의 마감은 하와이 시간 23:59: Pacific/Honolulu.
year-second-round-list = 제2차 전형 대상자 발표
year-placement-notices = 배치 통지
year-groups-help = 연도의 결과 발표나 오리엔테이션보다 먼저 출발하는 그룹(여름 그룹과 함께 있는 4월 그룹 등)에는 그룹별 출발 전 오리엔테이션이 필요합니다.
year-group-orientation = 그룹별 출발 전 오리엔테이션
error-year-closed = 종료된 연도이므로 설정을 변경할 수 없습니다
error-group-own-orientation = 연도의 마지막 단계보다 먼저 도착합니다. 그룹별 출발 전 오리엔테이션을 지정하거나 도착일을 늦추십시오
label-guidelines_published = 모집요강 발표
label-applications_open = 지원 접수 시작
label-first_screening = 1차 전형
label-second_round_list = 제2차 전형 대상자 발표
label-interviews_from = 면접 시작일
label-interviews_until = 면접 종료일
label-results_by = 결과 발표
label-reply_deadline = 회신 기한
label-placement_notices = 배치 통지
label-pre_departure_orientation = 출발 전 오리엔테이션
label-deadline_time_zone = 마감 시간대
label-places_alt = ALT 모집 인원
label-places_cir = CIR 모집 인원
label-departure_groups-name = 출발 그룹: 이름
label-departure_groups-arrival_date = 출발 그룹: 도착일
label-departure_groups-pre_departure_orientation = 출발 그룹: 그룹별 출발 전 오리엔테이션
year-cir-japanese-certificate = CIR은 일본어능력시험(JLPT) { $level } 자격이 필요합니다(이 연도의 지원 자격).
year-cir-japanese-or-interview = CIR은 일본어능력시험(JLPT) { $level } 또는 면접에서 그 수준으로 판단되는 일본어 능력이 필요합니다(이 연도의 지원 자격).
# 지원자의 타임라인
step-second-round = 제2차 전형 대상자 발표
step-clearance-documents = 구비 서류 제출
step-orientation = 출발 전 오리엔테이션
step-state-unrecorded = 완료(일시 기록 없음)
step-state-skipped = 해당 없음
step-planned = 예정일: { $when }
label-deadline = 지원 마감
