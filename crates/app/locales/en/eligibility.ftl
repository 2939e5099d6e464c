# Kakehashi: who may apply (domain::eligibility). The same keys and placeables are in ja/ and ko/;
# a test of the domain crate checks it. Dates are given as YYYY-MM-DD.

## The rules, by name (the mission's override screen)
eligibility-rule-citizenship = Citizenship
eligibility-rule-degree = Degree
eligibility-rule-previous-participation = Previous participation in JET
eligibility-rule-residence-in-japan = Residence in Japan
eligibility-rule-declined-placement = Placement declined last year
eligibility-rule-japanese-ability = Japanese ability (CIR)
eligibility-rule-position = Position

## How a finding weighs
eligibility-severity-ineligible = Not eligible
eligibility-severity-condition = Eligible on a condition

## Findings, as the applicant reads them
eligibility-citizenship-not-citizen = Only citizens of the recruiting country ({ $country }) may apply through this mission.
eligibility-citizenship-renounce-japanese = You also hold Japanese nationality: to be appointed, you must renounce it by the reply deadline.
eligibility-degree-missing = A bachelor's degree, held or due by the arrival date ({ $arrival }), is required.
eligibility-degree-missing-or-teacher-training = A bachelor's degree or a three-year teacher-training certificate, held or due by the arrival date ({ $arrival }), is required.
eligibility-degree-after-arrival = Your qualification is due on { $awarded }, after the arrival date ({ $arrival }); it must be held by the arrival date.
eligibility-participation-too-recent = You were on JET until { $last_day }. Former participants may apply again once { $years } year(s) have passed, that is for an arrival on or after { $date }.
eligibility-participation-over-cap = Your time on JET already totals { $years } year(s) or more, the most the programme allows.
eligibility-residence-too-long = You have lived in Japan { $years } year(s) or more in the { $window } year(s) before the arrival date ({ $arrival }).
eligibility-declined-placement = You declined a placement last year without a valid reason, so you cannot apply this year.
eligibility-japanese-below-level = The Coordinator for International Relations (CIR) position requires the Japanese-Language Proficiency Test (JLPT) { $level } or higher.
eligibility-japanese-assessed-at-interview = You do not hold the Japanese-Language Proficiency Test (JLPT) { $level } or higher: your Japanese ability is assessed at the interview.
eligibility-position-sea-not-offered = The Sports Exchange Advisor (SEA) position is not offered this year.

## Errors in the data
eligibility-error-period-reversed = the period ends before it starts
eligibility-error-jlpt-invalid = the JLPT level must be N1, N2, N3, N4 or N5
eligibility-error-residence-years = the limit must be from 1 to { $limit } years (the length of the window)
