# Kakehashi, English: the shell (page frame, navigation, errors, common words, the pager, list tools).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## The page frame
app-name = Kakehashi
app-tagline = The JET Programme, end to end
app-footer = Kakehashi (架け橋) — a bridge for the Japan Exchange and Teaching Programme
language-label = Language
skip-to-content = Skip to content

## Mail
mail-greeting = Dear { $name },
mail-signature = — Kakehashi, the JET Programme

## Tables and filters
col-name = Name
col-jet-number = JET number
col-nationality = Nationality
col-position = Position
col-organisation = Contracting organisation
col-prefecture = Prefecture
col-arrival = Arrival
col-year = Year
col-status = Status
col-reference = Reference
col-mission = Mission
col-submitted = Submitted
col-email = E-mail
col-count = Count
col-kind = Kind
col-participants = Participants
col-country = Country
col-city = City
col-unit = Unit
col-created = Created
filter-search = Search
filter-status = Status
filter-position = Position
filter-apply = Filter
filter-all = All
filter-current = On the programme now
pager-previous = Previous
pager-next = Next
pager-showing = { $from }–{ $to } of { $total }
list-empty = Nothing to show.
export-list = Download this list:
saved-filters = Saved filters:
saved-filter-name = Name
saved-filter-save = Save this filter
saved-filter-delete = Delete saved filter
col-rank = Rank

## Roles
role-applicant = Applicant
role-mission-staff = Mission staff
role-clair-staff = CLAIR staff
role-co-supervisor = Contracting organisation supervisor
role-prefectural-advisor = Prefectural Advisor
role-participant = Participant
role-alumnus = Alumnus
role-company-recruiter = Company recruiter
role-system-administrator = System administrator

## Positions
position-alt = Assistant Language Teacher (ALT)
position-cir = Coordinator for International Relations (CIR)
position-sea = Sports Exchange Advisor (SEA)

## Application statuses
application-status-draft = Draft
application-status-submitted = Submitted
application-status-screened-out = Not through the first screening
application-status-invited-to-interview = Invited to interview
application-status-interviewed = Interviewed
application-status-short-listed = Short-listed
application-status-alternate = Alternate
application-status-not-selected = Not selected
application-status-accepted = Accepted
application-status-declined = Declined
application-status-cleared = Cleared
application-status-disqualified = Disqualified
application-status-withdrawn = Withdrawn

## Common words
blind-hidden = (hidden)
yes = yes
no = no

## Errors: `field` names the input, these say why
error-field = { $field }: { $reason }
error-required = this is required
error-too-long = at most { $limit } characters
error-control-characters = contains characters that cannot be shown
error-email-invalid = not an e-mail address
error-country-invalid = not a two-letter country code
error-jet-number-invalid = a JET number has 11 digits and begins with 20
error-prefecture-invalid = not a prefecture code (1 to 47)
error-municipality-invalid = not a six-digit local government code
error-municipality-check-digit = the check digit of this local government code is wrong
error-region-invalid = not a region
error-kind-invalid = not a kind of local government
error-position-invalid = the position must be ALT, CIR or SEA
error-organisation-kind-invalid = not a kind of contracting organisation
error-mission-kind-invalid = a mission is an embassy or a consulate
error-status-invalid = not a status
error-language-invalid = the language must be en, ja or ko
error-number-invalid = not a whole number
error-date-invalid = not a date (YYYY-MM-DD)
error-datetime-invalid = not a date and time (YYYY-MM-DD HH:MM)
error-time-zone-invalid = not a known time zone
error-duplicate = given twice
error-year-invalid = not a year
error-bad-type = not the right kind of value
error-choice-invalid = not one of the choices
error-too-many = at most { $limit }
error-file-empty = the file is empty
error-file-too-large = the file is too large (at most { $limit } bytes)
error-not-found = There is no such page or record.
error-forbidden = You may not see or change this. The attempt was recorded.
error-csrf = The form was out of date or did not come from Kakehashi. Reload the page and try again.
error-unauthenticated = Please log in.
error-internal = Something went wrong on our side. Nothing was changed. Try again in a moment.
error-conflict = Someone changed this at the same time. Reload and try again.
error-malformed-json = The request body is not valid JSON: { $detail }
error-bad-request = The request is not valid: { $detail }
error-payload-too-large = The request is too large (at most { $limit } bytes).
error-unavailable = The database is not reachable. Try again in a moment.
error-title = Something is not right
error-back = Back to the dashboard
error-bad-address = This address is not valid. Check the link, or go back and try again.
error-method-not-allowed = This address does not take that kind of request.
error-unsupported-media-type = The request body is of a type this address does not take.
error-client-limited = Too many requests from you at once, or too many refused. Please wait { $seconds } seconds and try again.
error-datetime-offset = enter the country's local time ({ $detail }) without an offset or zone: YYYY-MM-DD HH:MM

## Fields by the labels their readers know them by (errors and what is missing name them so)
label-unknown = This field
label-item = { $label } ({ $number })
label-application = Application
label-applications = Applications
label-application_deadline = Application deadline
label-booking_cutoff_hours = Booking cutoff (hours)
label-clearance_days = Days to send the clearance documents
label-count = Number
label-country = Country
label-decisions = Decisions
label-decisions-application = Candidate
label-decisions-outcome = Outcome
label-decisions-rank = Rank
label-departure_group = Departure group
label-details = Details
label-disagreement_threshold = Disagreement threshold
label-display_name = Name
label-file = File
label-format = Format
label-given_name = Given name
label-family_name = Family name
label-ground = Ground
label-interview_share_percent = Share of the interview (percent)
label-jlpt = JLPT level
label-kind = Kind of document
label-language = Language
label-location = Location
label-minutes = Minutes
label-mission = Mission
label-mode = Mode
label-name = Name
label-nationality = Citizenship
label-panel = Panel
label-places_sea = SEA places
label-position = Position
label-reason = Reason
label-referees-letters = Two letters of reference
label-reviewers = Reviewers
label-reviewers_per_application = Reviewers per application
label-role = Role
label-scores = Marks
label-slot = Interview slot
label-status = Status
label-unit = Unit
label-version = The page you had open
label-weights = Weights
label-written_test_score = Written test score
label-year = Year
label-year_mission = Programme year and mission
label-first = First slot starts
label-screening-weight = First screening: weight
label-screening-key = First screening: key
label-screening-label = First screening: label
label-interview-weight = Interview: weight
label-interview-key = Interview: key
label-interview-label = Interview: label
label-residence_limit_years = Years of residence in Japan allowed
label-period = Period

## Questions before an action that mails people or cannot be undone
confirm-logout-everywhere = Sign out on every device, and end every API token?
confirm-token-revoke = Revoke this token? Programs using it will stop working.
confirm-user-disable = Disable this account? Its sessions and tokens end now.
confirm-role-revoke = Take this role away?
confirm-application-submit = Submit your application? It can no longer be changed afterwards.
confirm-application-withdraw = Withdraw your application? This cannot be undone.
confirm-placement-decline = Decline this placement? Your application ends and cannot be taken back.
confirm-run-approve = Approve these placements? Every candidate and contracting organisation is told by mail.
confirm-interview-cancel = Cancel your interview booking?
confirm-reply-accept = Accept the offer?
confirm-reply-decline = Decline the offer? This cannot be undone.
confirm-upgrade = Upgrade this candidate to the short-list? They are told by mail.
confirm-decide = Record these decisions? Each candidate is told by mail.
confirm-disqualify = Disqualify this candidate? They are told by mail, and it cannot be undone.
confirm-conflict = Declare a conflict of interest? You will no longer see or score this application.
confirm-year-status = Move the programme year to its next step? It cannot be moved back.
confirm-request-forward = Forward this request to CLAIR? It can no longer be changed by the organisation.
confirm-screening-advance = Invite the selected applications to interview? Each applicant is told by mail.
confirm-screening-reject = Screen out the selected applications? Each applicant is told by mail.
confirm-saved-filter-delete = Delete this saved filter?
