# Kakehashi, English: applying (the applicant's application: the form, documents, referees, submit, withdraw; the referee's page).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Applying
mail-receipt-subject = Application { $reference } received
mail-receipt-body = We received your application { $reference } for the position of { $position } on { $submitted }. Keep this reference: it identifies your application in every step. You can see where it stands at any time in Kakehashi.
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
step-placement = Placement notice
step-arrival = Arrival in Japan
step-state-done = done
step-state-current = now
step-state-upcoming = next

## The application form
apply-start = Start an application
apply-year = Programme year
apply-position = Position
apply-mission = Embassy or consulate
apply-start-submit = Start
apply-open-form = Open the form
apply-submit = Submit my application
apply-withdraw = Withdraw my application
apply-withdraw-reason = Why you withdraw
apply-saved = Saved
apply-save = Save this section
apply-no-open-years = No programme year is taking applications now.
section-personal = Personal details
section-education = Education
section-employment = Employment
section-japanese = Japanese ability
section-teaching = Teaching qualifications
section-licence = Driving licence
section-disclosures = Criminal history and health
section-dependants = Dependants
section-partner = Partner also applying
section-preferences = Placement preferences
section-statement = Statement of purpose
section-logistics = Interview and departure
section-history = Time in Japan and on JET
field-personal-family_name = Family name
field-personal-given_name = Given name
field-personal-birth_date = Date of birth
field-personal-nationality = Citizenship (country code)
field-personal-also_japanese = I also hold Japanese nationality
field-personal-phone = Telephone
field-personal-address = Postal address
field-education-qualification = Qualification
field-education-institution = University or college
field-education-field_of_study = Field of study
field-education-awarded = Awarded (or due) on
field-employment-history = Work experience
field-japanese-jlpt = JLPT level held
field-japanese-self_assessment = Your own assessment of your Japanese (JLPT level)
field-teaching-qualifications = Teaching qualifications and experience
field-licence-driving_licence = I hold a driving licence
field-disclosures-criminal_history = I have a criminal history to declare
field-disclosures-criminal_history_details = Details of the criminal history
field-disclosures-medical_conditions = I have a medical condition to declare
field-disclosures-medical_details = Details of the medical condition
field-dependants-details = Dependants who would come with you
field-partner-partner_reference = Your partner's application reference
field-preferences-places = Places you would like, best first (up to three)
field-preferences-area = Area
field-preferences-ties = Ties to a place (sister city, family, study)
field-statement-statement_of_purpose = Statement of purpose
field-logistics-interview_location = Interview location
field-logistics-departure_group = Departure group
field-history-previous_participations = Previous times on JET (start–end per line, YYYY-MM-DD YYYY-MM-DD)
field-history-residence_in_japan = Times you lived in Japan (start–end per line)
field-history-declined_placement_last_year = I declined a JET placement last year without a valid reason
choice-bachelor = Bachelor's degree
choice-teacher-training-3-year = Three-year teacher-training certificate
choice-urban = Urban
choice-semi-urban = Semi-urban
choice-rural = Rural
choice-no-preference = No preference
choice-yes = Yes
choice-no = No
my-partner-confirmed = Your partner's application { $reference } names yours too: you are linked as a couple.
my-partner-waiting = You named your partner's application { $reference }; the link is confirmed once it names yours too.

## Documents
section-documents = Documents
document-kind = Kind of document
document-file = File (PDF, PNG or JPEG)
document-upload = Upload
document-uploaded = The document is uploaded.
document-delete = Remove
document-kind-transcript = Academic transcript
document-kind-degree-proof = Proof of degree (or letter of expected graduation)
document-kind-certificate = Certificate
document-kind-other = Other document
document-kind-reference-letter = Letter of reference

## Referees
mail-referee-subject = A letter of reference for { $applicant } (JET Programme)
mail-referee-body = { $applicant } is applying to the JET Programme and named you as a referee. Please upload your letter of reference (PDF) through this private link: { $link } — Thank you for your help.
mail-referee-reminder-body = { $applicant }'s application to the JET Programme still needs your letter of reference. Please upload it (PDF) through this link, which replaces the earlier one: { $link }
referee-title = Letter of reference
referee-intro = { $applicant } applies to the JET Programme for the position of { $position } and named you as a referee. Please upload your letter (PDF, at most 10 MB).
referee-upload = Upload the letter
referee-done = Thank you: your letter is received.
section-referees = Referees
referee-name = Referee's name
referee-email = Referee's e-mail address
referee-add = Ask for a letter
referee-asked = { $name } is asked by mail for a letter of reference.
referee-invited = asked on { $date }
referee-received = letter received

## Errors: `field` names the input, these say why
error-place-invalid = not a prefecture or municipality of Japan
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
error-duplicate-application = an application for this person (same name and date of birth) is already submitted this year; contact your embassy or consulate
error-document-kind = not a kind of document
error-file-type = only PDF, PNG and JPEG files are accepted
error-file-name-mismatch = the file's name does not match its content (a PDF must end in .pdf, an image in .png or .jpg)
error-checksum-mismatch = the file did not arrive whole (its checksum differs); send it again
error-referee-self = a referee is someone other than yourself
error-referee-taken = this referee is named already
error-letter-received = the letter has been received already

# The place preferences, picked by name (issue 14, item 5)
places-none = No place chosen yet: search for one below.
places-choice-1 = First choice
places-choice-2 = Second choice
places-choice-3 = Third choice
places-up = Move up
places-up-named = Move up { $place }
places-remove = Remove
places-remove-named = Remove { $place }
places-search = Find a prefecture or municipality
places-search-hint = Type its name in Japanese (kanji or kana) or English, e.g. 札幌, さっぽろ or Sapporo, then choose it.
places-search-button = Search
places-found = { $count ->
    [one] One place found: choose it to add it.
   *[other] { $count } places found: choose one to add it.
}
places-none-found = No prefecture or municipality is called “{ $query }”.
places-full = Three places chosen: remove one to choose another.
