# Kakehashi、日本語：システム管理（ユーザー、ロール、監査ログ、送信メール）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## ナビゲーション
nav-users = ユーザー
nav-audit = 監査ログ
nav-outbox = 送信メール

## 表と絞り込み
col-roles = ロール
col-when = 日時
col-actor = 実行者
col-action = 操作
col-entity = 対象
col-outcome = 結果
col-subject = 件名
col-to = 宛先
col-language = 言語
filter-action = 操作
filter-entity = 対象の種類
filter-outcome = 結果
filter-since = 開始日
filter-until = 終了日

## ユーザーとロール
users-title = ユーザー
users-create = 新規ユーザー
user-email = メールアドレス
user-display-name = 表示名
user-password = パスワード（{ $min }文字以上。空欄の場合は代わりにリンクを送信します）
user-language = 言語
user-create-submit = ユーザーを作成
user-created = ユーザー { $email } を作成しました。
user-title = ユーザー { $email }
user-disabled = 無効
user-disable = アカウントを無効にする
user-enable = アカウントを有効にする
user-disabled-notice = アカウントを無効にし、そのセッションをすべて終了しました。
user-enabled-notice = アカウントを有効にしました。
roles-title = ロール
role-grant = ロールを付与
role-revoke = 取り消す
role-unit = 所属（役割の対象となる在外公館・都道府県・任用団体・企業）
role-unit-none = なし（所属のない役割）
unit-kind-mission = 在外公館
unit-kind-prefecture = 都道府県
unit-kind-organisation = 任用団体
unit-kind-company = 企業
role-granted = ロールを付与しました。
role-revoked = ロールを取り消しました。
role-none = ロールはありません。

## 監査ログ
audit-title = 監査ログ
audit-before = 変更前
audit-after = 変更後
outcome-done = 実行
outcome-denied = 拒否

## 送信メール
outbox-title = 送信メール
outbox-intro-dev = SMTPサーバーが設定されていないため、メールは送信されずにここに保管されます。
outbox-intro-smtp = メールはSMTPサーバー { $server } を通じて送信されます。これはその記録です。
outbox-empty = メールはまだありません。
mail-status-pending = 送信待ち
mail-status-sent = 送信済み
mail-status-failed = 送信失敗
mail-status-kept = 保管（未送信）

## エラー：`field` は入力項目の名前、以下はその理由
error-role-invalid = ロールではありません
error-role-takes-no-unit = このロールは所属先に結び付きません
error-role-needs-mission = このロールには在外公館の番号が必要です
error-role-needs-organisation = このロールには任用団体の番号が必要です
error-role-needs-prefecture = このロールには都道府県コードが必要です
error-role-needs-company = このロールには企業の番号が必要です
error-unit-unknown = 該当する所属先がありません
error-email-taken = このアドレスはすでに別のアカウントで使用されています
error-role-held = このユーザーはすでにこのロールを持っています
error-role-not-held = このユーザーはこのロールを持っていません
