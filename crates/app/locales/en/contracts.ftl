# The participant's years: contracts, the pay scale, reappointment (issue 13).
error-pay-below-previous-year = is less than the year before ({ $detail } yen): pay rises or holds with the appointment year
error-pay-scale-overlaps = must come after the latest scale, in force from { $detail }
error-appointment-year-range = must be a year of appointment from 1 to { $limit }
error-beyond-last-year = a participant serves at most { $limit } years: there is no further year
error-needs-excellence = a year { $limit } needs the organisation's record of particularly excellent performance
error-first-term-end = the first term must end within a year of arrival, not on { $detail }
error-contract-start = the contract must start on { $detail }, the day after the arrival or the previous contract
error-contract-end = the contract must end on { $detail }, a year after it starts
error-date-range = is outside the dates the system can hold
error-weekly-hours = must be from 1 to { $limit } hours a week
error-paid-leave-minimum = must be at least { $limit } days a year
