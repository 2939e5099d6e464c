# Kakehashi, English: administration (users, roles, the audit log, the mail outbox).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Navigation
nav-users = Users
nav-audit = Audit log
nav-outbox = Mail outbox

## Tables and filters
col-roles = Roles
col-when = When
col-actor = Who
col-action = Action
col-entity = Record
col-outcome = Outcome
col-subject = Subject
col-to = To
col-language = Language
filter-action = Action
filter-entity = Record type
filter-outcome = Outcome
filter-since = From
filter-until = Until

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
role-unit = Where (the mission, prefecture, contracting organisation or company the role is held for)
role-unit-none = None (the role needs no unit)
unit-kind-mission = Overseas missions
unit-kind-prefecture = Prefectures
unit-kind-organisation = Contracting organisations
unit-kind-company = Companies
role-granted = The role was given.
role-revoked = The role was taken away.
role-none = No roles.

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

## Errors: `field` names the input, these say why
error-role-invalid = not a role
error-role-takes-no-unit = this role is not tied to a unit
error-role-needs-mission = this role needs the number of its overseas mission
error-role-needs-organisation = this role needs the number of its contracting organisation
error-role-needs-prefecture = this role needs its prefecture code
error-role-needs-company = this role needs the number of its company
error-unit-unknown = there is no such unit
error-email-taken = an account uses this address already
error-role-held = the user holds this role already
error-role-not-held = the user does not hold this role
