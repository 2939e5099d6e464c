# Kakehashi, English: records (the dashboard, participants, organisations, missions, prefectures).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Navigation
nav-dashboard = Dashboard
nav-participants = Participants
nav-applications = Applications
nav-organisations = Contracting organisations
nav-missions = Overseas missions

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

## Appointment statuses
appointment-status-incoming = Incoming
appointment-status-serving = Serving
appointment-status-reappointed = Reappointed
appointment-status-completed = Completed
appointment-status-left-early = Left early
