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
year-dates-intro = The opening, the application deadline and the reply deadline are in the year's deadline time zone ({ $zone }).
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

## Faithful cycles (issue 14): the deadline's own zone, optional steps, groups with their own dates
year-created = The programme year is open for set-up.
year-moved = The programme year is now: { $status }.
year-deadline-stated = Application deadline: { $deadline }
year-closed-read-only = This year is closed: its set-up is kept as it was and can no longer be changed.
year-deadline-zone = Time zone of the deadlines (IANA name)
year-deadline-zone-help = Leave empty for the country's own ({ $zone }). The USA, say, closes at 23:59 Hawaii time: Pacific/Honolulu.
year-second-round-list = Second-round list
year-placement-notices = Placement notices
year-groups-help = A group that leaves before the year's results or orientation (an April group beside summer groups) needs its own pre-departure orientation.
year-group-orientation = Own pre-departure orientation
error-year-closed = the year is closed; its set-up can no longer be changed
error-group-own-orientation = arrives before the year's last step: give the group its own pre-departure orientation, or a later arrival
label-guidelines_published = Guidelines published
label-applications_open = Applications open
label-first_screening = First screening
label-second_round_list = Second-round list
label-interviews_from = Interviews from
label-interviews_until = Interviews until
label-results_by = Results by
label-reply_deadline = Reply deadline
label-placement_notices = Placement notices
label-pre_departure_orientation = Pre-departure orientation
label-deadline_time_zone = Time zone of the deadlines
label-places_alt = ALT places
label-places_cir = CIR places
label-departure_groups-name = Departure group: name
label-departure_groups-arrival_date = Departure group: arrival date
label-departure_groups-pre_departure_orientation = Departure group: own pre-departure orientation
year-cir-japanese-certificate = A CIR needs the JLPT { $level } certificate (this year's eligibility rules).
year-cir-japanese-or-interview = A CIR needs JLPT { $level }, or Japanese at that level judged at the interview (this year's eligibility rules).
# The applicant's timeline
step-second-round = Second-round list
step-clearance-documents = Clearance documents
step-orientation = Pre-departure orientation
step-state-unrecorded = done (time not recorded)
step-state-skipped = not reached
step-planned = planned: { $when }
label-deadline = Application deadline
