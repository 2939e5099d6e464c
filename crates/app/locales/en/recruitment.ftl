# Kakehashi, English: recruitment (programme years; who may apply is in eligibility.ftl).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Programme years (recruitment)
nav-programme-years = Programme years
years-title = Programme years
years-new = Open a programme year
years-country = Recruiting country (two letters, e.g. KR)
years-create = Open the year
year-title = Programme year { $year }: { $country }
year-status = Status
year-dates = Dates
year-dates-intro = Times are in the country's own time zone ({ $zone }).
year-guidelines-published = Guidelines published
year-applications-open = Applications open
year-application-deadline = Application deadline
year-first-screening = First screening
year-interviews-from = Interviews from
year-interviews-until = Interviews until
year-results-by = Results by
year-reply-deadline = Reply deadline
year-pre-departure-orientation = Pre-departure orientation
year-plan = Places by position
year-sea-offered = This year offers SEA places
year-groups = Departure groups
year-group-name = Group
year-group-arrival = Arrival date
year-save = Save the year
year-saved = The programme year is saved.
year-move-to = Move the year to
year-status-planning = Planning
year-status-recruiting = Recruiting
year-status-selecting = Selecting
year-status-placing = Placing
year-status-closed = Closed

## Errors: `field` names the input, these say why
error-date-order = comes before an earlier step of the year
error-places-range = between 0 and { $limit }
error-sea-not-offered = this year does not offer SEA places
error-year-exists = this country has that year already
error-status-transition = the year cannot move to that status now
error-year-incomplete = set the application deadline and at least one departure group first
error-group-unknown = the year has no such departure group
