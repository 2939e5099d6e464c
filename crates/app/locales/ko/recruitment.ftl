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

## 오류: `field`는 입력 항목의 이름이며, 아래는 그 이유입니다
error-date-order = 해당 연도의 이전 단계보다 앞선 날짜입니다
error-places-range = 0에서 { $limit } 사이여야 합니다
error-sea-not-offered = 이 연도에는 스포츠국제교류원(SEA)을 모집하지 않습니다
error-year-exists = 이 국가에 해당 연도가 이미 있습니다
error-status-transition = 이 연도는 지금 그 상태로 넘어갈 수 없습니다
error-year-incomplete = 먼저 지원 마감일과 출발 그룹을 하나 이상 설정하십시오
error-group-unknown = 이 연도에 해당 출발 그룹이 없습니다
