# Kakehashi: 지원 자격(domain::eligibility). 키와 플레이스홀더는 en/, ja/와 같으며,
# domain 크레이트의 테스트가 이를 확인합니다. 날짜는 YYYY-MM-DD 형식으로 전달됩니다.

## 요건의 이름(재외공관의 예외 승인 화면)
eligibility-rule-citizenship = 국적
eligibility-rule-degree = 학위
eligibility-rule-previous-participation = JET프로그램 과거 참가 이력
eligibility-rule-residence-in-japan = 일본 거주 이력
eligibility-rule-declined-placement = 전년도 배치 거절
eligibility-rule-japanese-ability = 일본어 능력(국제교류원)
eligibility-rule-position = 직종

## 판정의 무게
eligibility-severity-ineligible = 지원 자격 없음
eligibility-severity-condition = 조건부 지원 가능

## 판정 결과(지원자용)
eligibility-citizenship-not-citizen = 이 재외공관을 통해서는 모집 국가({ $country })의 국적을 가진 분만 지원할 수 있습니다.
eligibility-citizenship-renounce-japanese = 일본 국적도 보유하고 있으므로, 임용되려면 회신 기한까지 일본 국적을 이탈해야 합니다.
eligibility-degree-missing = 부임일({ $arrival })까지 취득했거나 취득 예정인 학사 학위가 필요합니다.
eligibility-degree-missing-or-teacher-training = 부임일({ $arrival })까지 취득했거나 취득 예정인 학사 학위 또는 3년제 교원 양성 과정 수료증이 필요합니다.
eligibility-degree-after-arrival = 자격 취득 예정일({ $awarded })이 부임일({ $arrival })보다 늦습니다. 부임일까지 취득해야 합니다.
eligibility-participation-too-recent = { $last_day }까지 JET프로그램에 참가했습니다. 이전 참가자는 { $years }년이 지난 후에 다시 지원할 수 있으며, 부임일이 { $date } 이후인 경우 지원할 수 있습니다.
eligibility-participation-over-cap = JET프로그램 참가 기간의 합계가 이미 상한인 { $years }년에 도달했습니다.
eligibility-residence-too-long = 부임일({ $arrival }) 전 { $window }년 동안 일본에 { $years }년 이상 거주했습니다.
eligibility-declined-placement = 전년도에 정당한 사유 없이 배치를 거절했으므로 올해는 지원할 수 없습니다.
eligibility-japanese-below-level = 국제교류원(CIR)은 일본어능력시험(JLPT) { $level } 이상이 필요합니다.
eligibility-japanese-assessed-at-interview = 일본어능력시험(JLPT) { $level } 이상을 취득하지 않았으므로 일본어 능력은 면접에서 평가합니다.
eligibility-position-sea-not-offered = 올해는 스포츠국제교류원(SEA)을 모집하지 않습니다.

## 데이터 오류
eligibility-error-period-reversed = 기간의 종료일이 시작일보다 앞섭니다
eligibility-error-jlpt-invalid = 일본어능력시험 레벨은 N1, N2, N3, N4, N5 중 하나여야 합니다
eligibility-error-residence-years = 1~{ $limit }년(대상 기간의 길이) 사이여야 합니다
