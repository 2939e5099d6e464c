# 参加者の任用期間：契約、報酬表、再任用（issue 13）
error-pay-below-previous-year = 前年（{ $detail }円）を下回っています。報酬は任用年数とともに上がるか据え置きです
error-pay-scale-overlaps = 最新の報酬表（{ $detail }から適用）より後の日付にしてください
error-appointment-year-range = 任用年数は1から{ $limit }までです
error-beyond-last-year = 任用は最長{ $limit }年です。これ以上の年はありません
error-needs-excellence = { $limit }年目には、任用団体による特に優秀であるとの記録が必要です
error-first-term-end = 最初の任期は来日から1年以内に終わる必要があります（{ $detail }は不可）
error-contract-start = 契約は来日または前の契約の翌日である{ $detail }に始まる必要があります
error-contract-end = 契約は開始から1年後の{ $detail }に終わる必要があります
error-date-range = システムで扱える日付の範囲外です
error-weekly-hours = 週1時間から{ $limit }時間までです
error-paid-leave-minimum = 年{ $limit }日以上必要です
