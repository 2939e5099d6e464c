# Kakehashi: the English catalogue. Every string of the interface, the mails and the error
# messages has a key here and in ja/ and ko/; a test checks that the three hold the same keys.

app-name = Kakehashi
app-tagline = The JET Programme, end to end
app-footer = Kakehashi (架け橋) — a bridge for the Japan Exchange and Teaching Programme
language-label = Language
skip-to-content = Skip to content

## Navigation
nav-dashboard = Dashboard
nav-participants = Participants
nav-applications = Applications
nav-organisations = Contracting organisations
nav-missions = Overseas missions
nav-users = Users
nav-audit = Audit log
nav-outbox = Mail outbox
nav-account = My account
nav-logout = Log out
nav-login = Log in

## Log in and out
login-title = Log in to Kakehashi
login-email = E-mail address
login-password = Password
login-submit = Log in
login-forgot = Forgot your password?
login-failed = The e-mail address or the password is not right.
login-rate-limited = Too many attempts. Wait { $minutes } minutes and try again.
login-session-expired = Your session has ended. Please log in again.
logged-out = You are logged out.

## Password reset
reset-request-title = Reset your password
reset-request-intro = Enter the e-mail address of your account. If it has one, we send a link to set a new password.
reset-request-submit = Send the link
reset-request-sent = If an account uses that address, a link to reset its password is on its way. The link works for { $hours } hour(s), once.
reset-title = Choose a new password
reset-new-password = New password (at least { $min } characters)
reset-submit = Set the password
reset-done = Your password is changed, and every other session of yours has ended. Log in with the new one.
reset-invalid = This link is not valid any more: it was used, or it expired. Ask for a new one.

## Mail
mail-greeting = Dear { $name },
mail-signature = — Kakehashi, the JET Programme
mail-reset-subject = Reset your Kakehashi password
mail-reset-body = Someone (we hope you) asked to reset the password of your Kakehashi account. Open this link within { $hours } hour(s) to choose a new one: { $link } — If it was not you, ignore this mail: your password stays as it is.
mail-welcome-subject = Your Kakehashi account
mail-welcome-body = An account on Kakehashi was opened for you with this address. Choose your password here (the link works for { $hours } hour(s)): { $link }

## Dashboard
dashboard-title = Dashboard
dashboard-welcome = Welcome, { $name }
dashboard-your-roles = Your roles
dashboard-nothing = Your account holds no role yet. Ask the programme's administrators to give you one.
dash-admin-heading = System administration
dash-admin-users = { $count } user accounts
dash-admin-audit = { $count } audit records
dash-admin-outbox = { $count } mails in the outbox
dash-clair-heading = National picture
dash-clair-participants = { $count } participants in { $organisations } contracting organisations
dash-clair-by-country = Participants by country
dash-clair-by-position = Participants by position
dash-clair-applications = Applications this year
dash-mission-heading = Your mission: { $mission }
dash-mission-applications = { $count } applications
dash-mission-by-status = Applications by status
dash-co-heading = Your organisation: { $organisation }
dash-co-participants = { $count } participants with you
dash-pa-heading = Your prefecture: { $prefecture }
dash-pa-participants = { $count } participants in { $organisations } contracting organisations
dash-participant-heading = Your appointment
dash-participant-detail = { $position } at { $organisation } ({ $prefecture }), year { $year } of your appointment, arrived { $arrival }
dash-applicant-heading = Your application
dash-applicant-none = You have no application yet.
dash-applicant-status = Application { $reference } ({ $position }): { $status }
dash-alumnus-heading = Alumni
dash-alumnus-detail = Your time on JET: { $position } at { $organisation } ({ $prefecture })
dash-company-heading = Your company: { $company }
dash-company-detail = Career fairs and job postings for former JET participants come here as they open.
dash-see-all = See all

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
col-roles = Roles
col-when = When
col-actor = Who
col-action = Action
col-entity = Record
col-outcome = Outcome
col-subject = Subject
col-to = To
col-count = Count
col-kind = Kind
col-participants = Participants
col-country = Country
col-city = City
col-unit = Unit
col-language = Language
col-created = Created
col-last-used = Last used
filter-search = Search
filter-status = Status
filter-position = Position
filter-action = Action
filter-entity = Record type
filter-outcome = Outcome
filter-since = From
filter-until = Until
filter-apply = Filter
filter-all = All
filter-current = On the programme now
pager-previous = Previous
pager-next = Next
pager-showing = { $from }–{ $to } of { $total }
list-empty = Nothing to show.

## Records
participants-title = Participants
participant-title = Participant { $jet_number }
participant-appointment = Appointment
participant-arrival = Arrived
participant-appointment-year = Year of appointment
applications-title = Applications
organisations-title = Contracting organisations
missions-title = Overseas missions
interview-locations = Interview locations

## Users and roles
users-title = Users
users-create = New user
user-email = E-mail address
user-display-name = Name to show
user-password = Password (at least { $min } characters; leave empty to send a link instead)
user-language = Language
user-create-submit = Create the user
user-created = The user { $email } was created.
user-title = User { $email }
user-disabled = Disabled
user-disable = Disable the account
user-enable = Enable the account
user-disabled-notice = The account is disabled and its sessions have ended.
user-enabled-notice = The account is enabled.
roles-title = Roles
role-grant = Give the role
role-revoke = Take away
role-unit = Unit (mission, organisation, prefecture or company number, where the role needs one)
role-granted = The role was given.
role-revoked = The role was taken away.
role-none = No roles.

## Account
account-title = My account
account-language = Interface language
account-language-saved = Your language is saved.
account-tokens = Personal API tokens
account-tokens-intro = A token lets a program use the API as you: send it as "Authorization: Bearer" and the token. Keep it secret.
token-name = Name of the token
token-create = Create a token
token-created-once = Your new token is shown only this once: { $token }
token-revoke = Revoke
token-revoked = The token was revoked.
token-none = No tokens.
account-sessions = Active sessions
account-logout-all = Log out everywhere

## Audit log
audit-title = Audit log
audit-before = Before
audit-after = After
outcome-done = done
outcome-denied = denied

## Mail outbox
outbox-title = Mail outbox
outbox-intro-dev = No SMTP server is configured: mails are kept here instead of being sent.
outbox-intro-smtp = Mails are sent through the SMTP server { $server }; this is their record.
outbox-empty = No mail yet.
mail-status-pending = waiting to be sent
mail-status-sent = sent
mail-status-failed = could not be sent
mail-status-kept = kept (not sent)

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

## Kinds of contracting organisation
organisation-kind-prefecture = Prefecture
organisation-kind-designated-city = Designated city
organisation-kind-city = City
organisation-kind-town = Town
organisation-kind-village = Village
organisation-kind-board-of-education = Board of education
organisation-kind-school = School
organisation-kind-private-school = Private school
organisation-kind-international-association = International association

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

## Appointment statuses
appointment-status-incoming = Incoming
appointment-status-serving = Serving
appointment-status-reappointed = Reappointed
appointment-status-completed = Completed
appointment-status-left-early = Left early

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
error-role-invalid = not a role
error-role-takes-no-unit = this role is not tied to a unit
error-role-needs-mission = this role needs the number of its overseas mission
error-role-needs-organisation = this role needs the number of its contracting organisation
error-role-needs-prefecture = this role needs its prefecture code
error-role-needs-company = this role needs the number of its company
error-unit-unknown = there is no such unit
error-status-invalid = not a status
error-password-too-short = at least { $limit } characters
error-password-too-long = at most { $limit } characters
error-language-invalid = the language must be en, ja or ko
error-number-invalid = not a whole number
error-date-invalid = not a date (YYYY-MM-DD)
error-email-taken = an account uses this address already
error-role-held = the user holds this role already
error-role-not-held = the user does not hold this role
error-datetime-invalid = not a date and time (YYYY-MM-DD HH:MM)
error-time-zone-invalid = not a known time zone
error-date-order = comes before an earlier step of the year
error-places-range = between 0 and { $limit }
error-sea-not-offered = this year does not offer SEA places
error-duplicate = given twice
error-year-invalid = not a year
error-year-exists = this country has that year already
error-status-transition = the year cannot move to that status now
error-year-incomplete = set the application deadline and at least one departure group first
error-group-unknown = the year has no such departure group
error-bad-type = not the right kind of value
error-choice-invalid = not one of the choices
error-too-many = at most { $limit }
error-place-invalid = not a prefecture or municipality code
error-country-not-recruiting = this country does not recruit for the programme
error-one-position = you apply for one position only (ALT, CIR or SEA)
error-not-recruiting = applications are not open for this year (deadline: { $detail })
error-mission-not-of-country = not a mission of this country
error-section-unknown = no such section of the form
error-application-closed = the application cannot change any more
error-field-unknown = no such field
error-submitted-locked = only contact details can change after submission
error-email-unverified = confirm your e-mail address first (see the mail we sent)
error-deadline-passed = the deadline has passed: { $detail }
error-ineligible = { $detail }
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

## Applying
mail-verify-subject = Confirm your e-mail address for Kakehashi
mail-verify-body = Please confirm that this is your address by opening this link within 7 days: { $link }
mail-receipt-subject = Application { $reference } received
mail-receipt-body = We received your application { $reference } for the position of { $position } on { $submitted }. Keep this reference: it identifies your application in every step. You can see where it stands at any time in Kakehashi.
verify-title = E-mail address
verify-done = Your e-mail address is confirmed. You can now submit your application.
verify-invalid = This link is not valid any more: it was used, or it expired.
my-application-title = My application
my-application-reference = Reference { $reference }
my-application-missing = Still missing before you can submit
my-application-complete = Your application is complete.
my-application-deadline = Deadline: { $deadline }
my-application-submitted = Submitted on { $submitted }
my-application-steps = Where you stand
step-submit = Application submitted
step-screening = First screening
step-interview = Interview
step-results = Results
step-reply = Your reply
step-clearance = Clearance documents and pre-departure orientation
step-arrival = Arrival in Japan
step-state-done = done
step-state-current = now
step-state-upcoming = next
