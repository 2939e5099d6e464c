# 참가자의 임용 기간: 계약, 보수표, 재임용 (issue 13)
error-pay-below-previous-year = 전년({ $detail }엔)보다 적습니다. 보수는 임용 연차에 따라 오르거나 유지됩니다
error-pay-scale-overlaps = 최신 보수표({ $detail }부터 적용)보다 뒤의 날짜여야 합니다
error-appointment-year-range = 임용 연차는 1부터 { $limit }까지입니다
error-beyond-last-year = 임용은 최장 { $limit }년입니다. 더 이상의 연차는 없습니다
error-needs-excellence = { $limit }년 차에는 임용단체의 특히 우수하다는 기록이 필요합니다
error-first-term-end = 첫 임기는 도일 후 1년 이내에 끝나야 합니다({ $detail }은 불가)
error-contract-start = 계약은 도일 또는 이전 계약의 다음 날인 { $detail }에 시작해야 합니다
error-contract-end = 계약은 시작 후 1년 뒤인 { $detail }에 끝나야 합니다
error-date-range = 시스템이 다룰 수 있는 날짜 범위를 벗어났습니다
error-weekly-hours = 주 1시간부터 { $limit }시간까지입니다
error-paid-leave-minimum = 연 { $limit }일 이상이어야 합니다
