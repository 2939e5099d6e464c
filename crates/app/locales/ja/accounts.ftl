# Kakehashi、日本語：アカウント（ログインとログアウト、セッション、パスワードの再設定、マイアカウント、API トークン、登録とメールアドレスの確認）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## ナビゲーション
nav-account = マイアカウント
nav-logout = ログアウト
nav-login = ログイン

## ログインとログアウト
login-title = Kakehashiにログイン
login-email = メールアドレス
login-password = パスワード
login-submit = ログイン
login-forgot = パスワードをお忘れですか？
login-failed = メールアドレスまたはパスワードが正しくありません。
login-rate-limited = 試行回数が多すぎます。{ $minutes }分待ってから、もう一度お試しください。
login-session-expired = セッションが終了しました。もう一度ログインしてください。
logged-out = ログアウトしました。

## パスワードの再設定
reset-request-title = パスワードの再設定
reset-request-intro = アカウントのメールアドレスを入力してください。該当するアカウントがある場合は、新しいパスワードを設定するためのリンクをお送りします。
reset-request-submit = リンクを送信
reset-request-sent = このアドレスを使用しているアカウントがある場合は、パスワード再設定用のリンクをお送りしました。リンクは{ $hours }時間、1回に限り有効です。
reset-title = 新しいパスワードの設定
reset-new-password = 新しいパスワード（{ $min }文字以上）
reset-submit = パスワードを設定
reset-done = パスワードを変更しました。ほかのセッションはすべて終了しています。新しいパスワードでログインしてください。
reset-invalid = このリンクは使用済みか有効期限切れのため、無効です。新しいリンクを請求してください。

## メール
mail-reset-subject = Kakehashiのパスワード再設定
mail-reset-body = お使いのKakehashiアカウントについて、パスワードの再設定が依頼されました（ご本人による依頼であることを願っています）。{ $hours }時間以内に次のリンクを開き、新しいパスワードを設定してください：{ $link } — お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。
mail-welcome-subject = Kakehashiのアカウント
mail-welcome-body = このメールアドレスでKakehashiのアカウントが開設されました。次のリンクからパスワードを設定してください（リンクの有効期間は{ $hours }時間です）：{ $link }
mail-register-existing-subject = お使いのアドレスで登録が試みられました
mail-register-existing-body = どなたか（ご本人かもしれません）が、このメールアドレスでKakehashiへの登録を試みました。このアドレスのアカウントはすでにあるため、新しいアカウントは作成されていません。パスワードをお忘れの場合は、{ $hours }時間以内に次のリンクを開き、新しいパスワードを設定してください：{ $link } — お心当たりがない場合は、このメールを無視してください。アカウントは変更されません。

## 表と絞り込み
col-last-used = 最終使用日

## アカウント
account-title = マイアカウント
account-language = 表示言語
account-language-saved = 言語を保存しました。
account-tokens = 個人用APIトークン
account-tokens-intro = トークンを使うと、プログラムがあなたとしてAPIを利用できます。「Authorization: Bearer」に続けてトークンを送信してください。トークンは秘密にしてください。
token-name = トークンの名前
token-create = トークンを作成
token-created-once = 新しいトークンが表示されるのはこの一度だけです：{ $token }
token-revoke = 無効にする
token-revoked = トークンを無効にしました。
token-none = トークンはありません。
account-sessions = 有効なセッション
account-logout-all = すべての端末からログアウト

## 登録とメールアドレスの確認
mail-verify-subject = Kakehashi：メールアドレスの確認
mail-verify-body = 7日以内に次のリンクを開き、ご自分のメールアドレスであることを確認してください：{ $link }
verify-title = メールアドレス
verify-done = メールアドレスを確認しました。応募書類を提出できます。
verify-invalid = このリンクはもう使えません。使用済みか、有効期限が切れています。
register-title = JETプログラムに応募する
register-intro = 応募者アカウントを開設します。メールアドレス確認のリンクをお送りします。
register-submit = アカウントを開設
register-done = アカウントを開設しました。お送りしたリンクでメールアドレスを確認してから、ログインして応募してください。
register-link = 初めての方：アカウントを開設する
field-email = メールアドレス
field-password = パスワード（12文字以上）

## エラー：`field` は入力項目の名前、以下はその理由
error-password-too-short = { $limit }文字以上で入力してください
error-password-too-long = { $limit }文字以内で入力してください
token-revoked-state = 失効済み
