# Kakehashi, 한국어: 계정(로그인과 로그아웃, 세션, 비밀번호 재설정, 내 계정, API 토큰, 가입과 이메일 주소 확인).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 내비게이션
nav-account = 내 계정
nav-logout = 로그아웃
nav-login = 로그인

## 로그인과 로그아웃
login-title = Kakehashi에 로그인
login-email = 이메일 주소
login-password = 비밀번호
login-submit = 로그인
login-forgot = 비밀번호를 잊으셨나요?
login-failed = 이메일 주소 또는 비밀번호가 올바르지 않습니다.
login-rate-limited = 시도 횟수가 너무 많습니다. { $minutes }분 후에 다시 시도하세요.
login-session-expired = 세션이 종료되었습니다. 다시 로그인하세요.
logged-out = 로그아웃되었습니다.

## 비밀번호 재설정
reset-request-title = 비밀번호 재설정
reset-request-intro = 계정의 이메일 주소를 입력하세요. 해당 계정이 있으면 새 비밀번호를 설정할 수 있는 링크를 보내 드립니다.
reset-request-submit = 링크 보내기
reset-request-sent = 이 주소를 사용하는 계정이 있으면 비밀번호 재설정 링크를 보내 드렸습니다. 링크는 { $hours }시간 동안 한 번만 사용할 수 있습니다.
reset-title = 새 비밀번호 설정
reset-new-password = 새 비밀번호({ $min }자 이상)
reset-submit = 비밀번호 설정
reset-done = 비밀번호가 변경되었으며 다른 모든 세션이 종료되었습니다. 새 비밀번호로 로그인하세요.
reset-invalid = 이 링크는 이미 사용되었거나 만료되어 더 이상 유효하지 않습니다. 새 링크를 요청하세요.

## 메일
mail-reset-subject = Kakehashi 비밀번호 재설정
mail-reset-body = 누군가(본인이시길 바랍니다) Kakehashi 계정의 비밀번호 재설정을 요청했습니다. { $hours }시간 이내에 다음 링크를 열어 새 비밀번호를 설정하세요: { $link } — 본인이 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로 유지됩니다.
mail-welcome-subject = Kakehashi 계정 안내
mail-welcome-body = 이 이메일 주소로 Kakehashi 계정이 개설되었습니다. 다음 링크에서 비밀번호를 설정하세요(링크는 { $hours }시간 동안 유효합니다): { $link }
mail-register-existing-subject = 회원님의 주소로 가입이 시도되었습니다
mail-register-existing-body = 누군가(회원님일 수도 있습니다) 이 이메일 주소로 Kakehashi 가입을 시도했습니다. 이 주소의 계정이 이미 있으므로 새 계정은 만들어지지 않았습니다. 비밀번호를 잊으셨다면 { $hours }시간 이내에 다음 링크를 열어 새 비밀번호를 설정하세요: { $link } — 본인이 시도하지 않았다면 이 메일을 무시하세요. 계정은 그대로 유지됩니다.

## 표와 필터
col-last-used = 마지막 사용

## 계정
account-title = 내 계정
account-language = 인터페이스 언어
account-language-saved = 언어를 저장했습니다.
account-tokens = 개인 API 토큰
account-tokens-intro = 토큰을 사용하면 프로그램이 사용자 본인으로서 API를 이용할 수 있습니다. "Authorization: Bearer" 뒤에 토큰을 붙여 보내세요. 토큰은 비밀로 유지하세요.
token-name = 토큰 이름
token-create = 토큰 만들기
token-created-once = 새 토큰은 이번 한 번만 표시됩니다: { $token }
token-revoke = 폐기
token-revoked = 토큰을 폐기했습니다.
token-none = 토큰이 없습니다.
account-sessions = 활성 세션
account-logout-all = 모든 기기에서 로그아웃

## 가입과 이메일 주소 확인
mail-verify-subject = Kakehashi: 이메일 주소 확인
mail-verify-body = 7일 이내에 다음 링크를 열어 본인의 이메일 주소임을 확인해 주십시오: { $link }
verify-title = 이메일 주소
verify-done = 이메일 주소가 확인되었습니다. 이제 지원서를 제출할 수 있습니다.
verify-invalid = 이 링크는 더 이상 유효하지 않습니다. 이미 사용했거나 기한이 지났습니다.
register-title = JET프로그램 지원하기
register-intro = 지원자 계정을 개설합니다. 이메일 주소 확인 링크를 보내 드립니다.
register-submit = 계정 개설
register-done = 계정이 개설되었습니다. 보내 드린 링크로 이메일 주소를 확인한 후 로그인하여 지원하십시오.
register-link = 처음 지원하시나요? 계정 개설
field-email = 이메일 주소
field-password = 비밀번호(12자 이상)

## 오류: `field`는 입력 항목의 이름이며, 아래는 그 이유입니다
error-password-too-short = { $limit }자 이상이어야 합니다
error-password-too-long = 최대 { $limit }자까지 입력할 수 있습니다
token-revoked-state = 폐기됨
