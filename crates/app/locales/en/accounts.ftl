# Kakehashi, English: accounts (log in and out, sessions, password reset, my account, API tokens, registration and e-mail verification).
# One file per area; a test checks that en/, ja/ and ko/ hold the same files with the same keys
# and placeables, and that no key is in two files.

## Navigation
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
mail-reset-subject = Reset your Kakehashi password
mail-reset-body = Someone (we hope you) asked to reset the password of your Kakehashi account. Open this link within { $hours } hour(s) to choose a new one: { $link } — If it was not you, ignore this mail: your password stays as it is.
mail-welcome-subject = Your Kakehashi account
mail-welcome-body = An account on Kakehashi was opened for you with this address. Choose your password here (the link works for { $hours } hour(s)): { $link }
mail-register-existing-subject = Someone tried to register with your address
mail-register-existing-body = Someone (perhaps you) tried to register on Kakehashi with this address, which has an account already, so no new account was opened. If you forgot your password, open this link within { $hours } hour(s) to choose a new one: { $link } — If it was not you, ignore this mail: your account stays as it is.

## Tables and filters
col-last-used = Last used

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

## Registration and e-mail verification
mail-verify-subject = Confirm your e-mail address for Kakehashi
mail-verify-body = Please confirm that this is your address by opening this link within 7 days: { $link }
verify-title = E-mail address
verify-done = Your e-mail address is confirmed. You can now submit your application.
verify-invalid = This link is not valid any more: it was used, or it expired.
register-title = Apply to the JET Programme
register-intro = Open your applicant account. We send a link to confirm your e-mail address.
register-submit = Open my account
register-done = Your account is open. Confirm your address with the link we sent, then log in to apply.
register-link = New applicant? Open an account
field-email = E-mail address
field-password = Password (at least 12 characters)

## Errors: `field` names the input, these say why
error-password-too-short = at least { $limit } characters
error-password-too-long = at most { $limit } characters
token-revoked-state = Revoked
