# Kakehashi, English: bulk work (exports, imports, background jobs).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Jobs, exports and imports
job-kind-application-import = Import of paper applications
job-status-running = Running…
job-status-done = Finished
job-status-failed = Failed
job-progress = { $done } of { $total } rows
job-imported = { $count } applications imported
job-skipped = { $count } rows skipped: already imported
col-family-name = Family name
col-given-name = Given name
col-name-ja = Name (Japanese)
col-lg-code = Local government code
col-scores = Scores
col-mean = Mean
col-spread = Spread
col-disagreement = Disagreement
col-written-test = Written test
col-final-score = Final score
import-title = Import paper applications
import-help = A CSV or XLSX file whose first row names the columns: family_name, given_name, birth_date, nationality, phone, address, qualification, institution, field_of_study, awarded, statement_of_purpose, interview_location, departure_group (and optionally email, position, jlpt, driving_licence, area). Every row is checked first; nothing is written unless all are good.
import-file = File
import-mission = Receiving mission
import-submit = Check and import
error-format-invalid = must be csv or xlsx
error-list-invalid = is not a list that can be exported
error-query-invalid = is not a filter of a list
error-file-unreadable = could not be read as CSV or XLSX
error-file-encoding = must be UTF-8 text
error-column-missing = this column is missing in the first row
error-column-unknown = is not a column of a paper application
error-mission-not-of-year = does not recruit for this year's country

## Imports: how much of a file is read
error-import-row-beyond = cell { $detail } lies past row { $limit }, the last row an import reads
error-import-column-beyond = cell { $detail } lies past column { $limit }, the last column an import reads
error-import-cell-too-long = cell { $detail } holds more than { $limit } characters
error-import-too-many-cells = more than { $limit } filled cells (at cell { $detail })
error-import-too-much-text = more than { $limit } bytes of text (at cell { $detail })
error-import-package-entries = the workbook has { $detail } parts (at most { $limit })
error-import-entry-too-large = the workbook part { $detail } unpacks to more than { $limit } bytes
error-import-shared-strings = the workbook part { $detail } declares more than { $limit } texts
