# Kakehashi, 한국어: 일괄 처리(내보내기, 가져오기, 백그라운드 작업).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 작업, 내보내기, 가져오기
job-kind-application-import = 서면 지원서 가져오기
job-status-running = 처리 중…
job-status-done = 완료되었습니다
job-status-failed = 실패했습니다
job-progress = { $total }행 중 { $done }행
job-imported = 지원서 { $count }건을 가져왔습니다
job-skipped = 이미 가져온 { $count }행은 건너뛰었습니다
col-family-name = 성
col-given-name = 이름
col-name-ja = 명칭(일본어)
col-lg-code = 지방자치단체 코드
col-scores = 채점 수
col-mean = 평균
col-spread = 편차
col-disagreement = 평가 불일치
col-written-test = 필기시험
col-final-score = 최종 점수
import-title = 서면 지원서 가져오기
import-help = 첫 행에 열 이름(family_name, given_name, birth_date, nationality, phone, address, qualification, institution, field_of_study, awarded, statement_of_purpose, interview_location, departure_group, 선택으로 email, position, jlpt, driving_licence, area)을 적은 CSV 또는 XLSX 파일. 모든 행을 먼저 확인하고, 모두 올바를 때만 저장합니다.
import-file = 파일
import-mission = 접수 공관
import-submit = 확인 후 가져오기
error-format-invalid = csv 또는 xlsx 여야 합니다
error-list-invalid = 내보낼 수 있는 목록이 아닙니다
error-query-invalid = 목록 필터가 아닙니다
error-file-unreadable = CSV 또는 XLSX로 읽을 수 없습니다
error-file-encoding = UTF-8 텍스트여야 합니다
error-column-missing = 첫 행에 이 열이 없습니다
error-column-unknown = 서면 지원서의 열이 아닙니다
error-mission-not-of-year = 이 연도의 국가를 모집하지 않습니다

## 가져오기: 파일을 읽는 한도
error-import-row-beyond = 셀 { $detail }은(는) 가져오기가 읽는 마지막 행({ $limit }행)보다 뒤에 있습니다
error-import-column-beyond = 셀 { $detail }은(는) 가져오기가 읽는 마지막 열({ $limit }열)보다 뒤에 있습니다
error-import-cell-too-long = 셀 { $detail }의 글자 수가 { $limit }자를 넘습니다
error-import-too-many-cells = 채워진 셀이 { $limit }개를 넘습니다(셀 { $detail })
error-import-too-much-text = 텍스트가 { $limit }바이트를 넘습니다(셀 { $detail })
error-import-package-entries = 통합 문서의 구성 요소가 { $detail }개입니다(최대 { $limit }개)
error-import-entry-too-large = 통합 문서의 구성 요소 { $detail }은(는) 풀면 { $limit }바이트를 넘습니다
error-import-shared-strings = 통합 문서의 구성 요소 { $detail }이(가) { $limit }개가 넘는 문자열을 선언합니다
