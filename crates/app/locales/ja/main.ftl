# Kakehashi：日本語カタログ。画面、メール、エラーメッセージのすべての文字列は、ここと en/・ko/ に
# キーを持ちます。3つのカタログが同じキーを持つことはテストで確認しています。

app-name = Kakehashi
app-tagline = JETプログラムを、最初から最後まで
app-footer = Kakehashi（架け橋）— 語学指導等を行う外国青年招致事業（JETプログラム）の架け橋
language-label = 言語
skip-to-content = 本文へスキップ

## ナビゲーション
nav-dashboard = ダッシュボード
nav-participants = 参加者
nav-applications = 応募
nav-organisations = 任用団体
nav-missions = 在外公館
nav-users = ユーザー
nav-audit = 監査ログ
nav-outbox = 送信メール
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
mail-greeting = { $name } 様
mail-signature = — Kakehashi（JETプログラム）
mail-reset-subject = Kakehashiのパスワード再設定
mail-reset-body = お使いのKakehashiアカウントについて、パスワードの再設定が依頼されました（ご本人による依頼であることを願っています）。{ $hours }時間以内に次のリンクを開き、新しいパスワードを設定してください：{ $link } — お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。
mail-welcome-subject = Kakehashiのアカウント
mail-welcome-body = このメールアドレスでKakehashiのアカウントが開設されました。次のリンクからパスワードを設定してください（リンクの有効期間は{ $hours }時間です）：{ $link }

## ダッシュボード
dashboard-title = ダッシュボード
dashboard-welcome = ようこそ、{ $name } さん
dashboard-your-roles = あなたのロール
dashboard-nothing = このアカウントにはまだロールがありません。プログラムの管理者にロールの付与を依頼してください。
dash-admin-heading = システム管理
dash-admin-users = ユーザーアカウント { $count }件
dash-admin-audit = 監査記録 { $count }件
dash-admin-outbox = 送信メール { $count }通
dash-clair-heading = 全国の状況
dash-clair-participants = 任用団体 { $organisations }団体の参加者 { $count }名
dash-clair-by-country = 国別の参加者
dash-clair-by-position = 職種別の参加者
dash-clair-applications = 今年度の応募
dash-mission-heading = 担当の在外公館：{ $mission }
dash-mission-applications = 応募 { $count }件
dash-mission-by-status = 状況別の応募
dash-co-heading = 所属の任用団体：{ $organisation }
dash-co-participants = 貴団体の参加者 { $count }名
dash-pa-heading = 担当の都道府県：{ $prefecture }
dash-pa-participants = 任用団体 { $organisations }団体の参加者 { $count }名
dash-participant-heading = あなたの任用
dash-participant-detail = { $organisation }（{ $prefecture }）の{ $position }、任用{ $year }年目、{ $arrival }着任
dash-applicant-heading = あなたの応募
dash-applicant-none = まだ応募はありません。
dash-applicant-status = 応募 { $reference }（{ $position }）：{ $status }
dash-alumnus-heading = 元JET参加者（同窓生）
dash-alumnus-detail = JET参加時：{ $organisation }（{ $prefecture }）の{ $position }
dash-company-heading = 貴社：{ $company }
dash-company-detail = 元JET参加者向けの就職フェアや求人情報は、公開され次第ここに表示されます。
dash-see-all = すべて表示

## 表と絞り込み
col-name = 氏名
col-jet-number = JETナンバー
col-nationality = 国籍
col-position = 職種
col-organisation = 任用団体
col-prefecture = 都道府県
col-arrival = 着任日
col-year = 年次
col-status = 状況
col-reference = 受付番号
col-mission = 在外公館
col-submitted = 提出日
col-email = メールアドレス
col-roles = ロール
col-when = 日時
col-actor = 実行者
col-action = 操作
col-entity = 対象
col-outcome = 結果
col-subject = 件名
col-to = 宛先
col-count = 件数
col-kind = 種別
col-participants = 参加者
col-country = 国
col-city = 都市
col-unit = 所属先
col-language = 言語
col-created = 作成日
col-last-used = 最終使用日
filter-search = 検索
filter-status = 状況
filter-position = 職種
filter-action = 操作
filter-entity = 対象の種類
filter-outcome = 結果
filter-since = 開始日
filter-until = 終了日
filter-apply = 絞り込む
filter-all = すべて
filter-current = 現在の参加者
pager-previous = 前へ
pager-next = 次へ
pager-showing = { $total }件中 { $from }–{ $to }件
list-empty = 表示する項目はありません。

## 記録
participants-title = 参加者
participant-title = 参加者 { $jet_number }
participant-appointment = 任用
participant-arrival = 着任日
participant-appointment-year = 任用年次
applications-title = 応募
organisations-title = 任用団体
missions-title = 在外公館
interview-locations = 面接会場

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
role-unit = 所属先（ロールに必要な場合、在外公館・任用団体・都道府県・企業の番号）
role-granted = ロールを付与しました。
role-revoked = ロールを取り消しました。
role-none = ロールはありません。

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

## ロール
role-applicant = 応募者
role-mission-staff = 在外公館職員
role-clair-staff = CLAIR（自治体国際化協会）職員
role-co-supervisor = 任用団体担当者
role-prefectural-advisor = プログラム・アドバイザー（PA）
role-participant = 参加者
role-alumnus = 元JET参加者（同窓生）
role-company-recruiter = 企業の採用担当者
role-system-administrator = システム管理者

## 職種
position-alt = 外国語指導助手（ALT）
position-cir = 国際交流員（CIR）
position-sea = スポーツ国際交流員（SEA）

## 任用団体の種別
organisation-kind-prefecture = 都道府県
organisation-kind-designated-city = 政令指定都市
organisation-kind-city = 市
organisation-kind-town = 町
organisation-kind-village = 村
organisation-kind-board-of-education = 教育委員会
organisation-kind-school = 学校
organisation-kind-private-school = 私立学校
organisation-kind-international-association = 国際交流協会

## 応募の状況
application-status-draft = 下書き
application-status-submitted = 提出済み
application-status-screened-out = 一次選考不合格
application-status-invited-to-interview = 面接案内済み
application-status-interviewed = 面接済み
application-status-short-listed = 合格（ショートリスト）
application-status-alternate = 補欠
application-status-not-selected = 不合格
application-status-accepted = 受諾
application-status-declined = 辞退
application-status-cleared = 手続完了
application-status-disqualified = 失格
application-status-withdrawn = 取り下げ

## 任用の状況
appointment-status-incoming = 着任予定
appointment-status-serving = 在任中
appointment-status-reappointed = 再任用
appointment-status-completed = 任期満了
appointment-status-left-early = 途中退職

## エラー：`field` は入力項目の名前、以下はその理由
error-field = { $field }：{ $reason }
error-required = 入力必須です
error-too-long = { $limit }文字以内で入力してください
error-control-characters = 表示できない文字が含まれています
error-email-invalid = メールアドレスではありません
error-country-invalid = 2文字の国コードではありません
error-jet-number-invalid = JETナンバーは20で始まる11桁の数字です
error-prefecture-invalid = 都道府県コード（1～47）ではありません
error-municipality-invalid = 6桁の地方公共団体コードではありません
error-municipality-check-digit = この地方公共団体コードの検査数字が正しくありません
error-region-invalid = 地域ではありません
error-kind-invalid = 地方公共団体の種別ではありません
error-position-invalid = 職種はALT、CIR、SEAのいずれかです
error-organisation-kind-invalid = 任用団体の種別ではありません
error-mission-kind-invalid = 在外公館は大使館または領事館です
error-role-invalid = ロールではありません
error-role-takes-no-unit = このロールは所属先に結び付きません
error-role-needs-mission = このロールには在外公館の番号が必要です
error-role-needs-organisation = このロールには任用団体の番号が必要です
error-role-needs-prefecture = このロールには都道府県コードが必要です
error-role-needs-company = このロールには企業の番号が必要です
error-unit-unknown = 該当する所属先がありません
error-status-invalid = 状況ではありません
error-password-too-short = { $limit }文字以上で入力してください
error-password-too-long = { $limit }文字以内で入力してください
error-language-invalid = 言語は en, ja or ko のいずれかです
error-number-invalid = 整数ではありません
error-date-invalid = 日付（YYYY-MM-DD）ではありません
error-email-taken = このアドレスはすでに別のアカウントで使用されています
error-role-held = このユーザーはすでにこのロールを持っています
error-role-not-held = このユーザーはこのロールを持っていません
error-datetime-invalid = 日時の形式ではありません（YYYY-MM-DD HH:MM）
error-time-zone-invalid = 不明なタイムゾーンです
error-date-order = 年度の前の段階より前の日付になっています
error-places-range = 0から{ $limit }の間で指定してください
error-sea-not-offered = この年度はスポーツ国際交流員（SEA）を募集していません
error-duplicate = 重複しています
error-year-invalid = 年度ではありません
error-year-exists = この国のその年度はすでにあります
error-status-transition = この年度は今その状態に進めません
error-year-incomplete = 先に応募締切と出発グループを1つ以上設定してください
error-group-unknown = この年度にその出発グループはありません
error-bad-type = 値の種類が正しくありません
error-choice-invalid = 選択肢にありません
error-too-many = { $limit }件までです
error-place-invalid = 都道府県または市区町村のコードではありません
error-country-not-recruiting = この国はJETプログラムの募集国ではありません
error-one-position = 応募できる職種は1つだけです（ALT、CIR、SEAのいずれか）
error-not-recruiting = この年度は応募を受け付けていません（締切：{ $detail }）
error-mission-not-of-country = この国の在外公館ではありません
error-section-unknown = 応募書類にそのセクションはありません
error-application-closed = この応募はもう変更できません
error-field-unknown = その項目はありません
error-submitted-locked = 提出後に変更できるのは連絡先だけです
error-email-unverified = 先にメールアドレスを確認してください（お送りしたメールをご覧ください）
error-deadline-passed = 締切を過ぎています：{ $detail }
error-ineligible = { $detail }
error-not-found = 該当するページまたは記録はありません。
error-forbidden = この内容を閲覧または変更する権限がありません。この操作は記録されました。
error-csrf = フォームの有効期限が切れているか、Kakehashi以外から送信されたものです。ページを再読み込みして、もう一度お試しください。
error-unauthenticated = ログインしてください。
error-internal = システム側で問題が発生しました。変更は行われていません。しばらくしてから、もう一度お試しください。
error-conflict = 同時に他の人がこの内容を変更しました。再読み込みして、もう一度お試しください。
error-malformed-json = リクエスト本文が有効なJSONではありません：{ $detail }
error-bad-request = リクエストが正しくありません：{ $detail }
error-payload-too-large = リクエストが大きすぎます（上限 { $limit } バイト）。
error-unavailable = データベースに接続できません。しばらくしてから、もう一度お試しください。
error-title = 問題が発生しました
error-back = ダッシュボードに戻る

## 募集年度
nav-programme-years = 募集年度
years-title = 募集年度
years-new = 募集年度を開設する
years-country = 募集国（2文字、例：KR）
years-create = 年度を開設
year-title = { $year }年度：{ $country }
year-status = 状態
year-dates = 日程
year-dates-intro = 時刻はその国の現地時間（{ $zone }）です。
year-guidelines-published = 募集要項の公表
year-applications-open = 応募受付開始
year-application-deadline = 応募締切
year-first-screening = 一次選考
year-interviews-from = 面接開始日
year-interviews-until = 面接終了日
year-results-by = 結果通知
year-reply-deadline = 回答期限
year-pre-departure-orientation = 出発前オリエンテーション
year-plan = 職種別の募集人数
year-sea-offered = この年度はスポーツ国際交流員（SEA）を募集する
year-groups = 出発グループ
year-group-name = グループ
year-group-arrival = 到着日
year-save = 年度を保存
year-saved = 募集年度を保存しました。
year-move-to = 年度の状態を進める：
year-status-planning = 準備中
year-status-recruiting = 募集中
year-status-selecting = 選考中
year-status-placing = 配置中
year-status-closed = 終了

## 応募
mail-verify-subject = Kakehashi：メールアドレスの確認
mail-verify-body = 7日以内に次のリンクを開き、ご自分のメールアドレスであることを確認してください：{ $link }
mail-receipt-subject = 応募 { $reference } を受け付けました
mail-receipt-body = { $position }への応募 { $reference } を { $submitted } に受け付けました。この受付番号は選考のすべての段階で使いますので、控えておいてください。応募の状況はKakehashiでいつでも確認できます。
verify-title = メールアドレス
verify-done = メールアドレスを確認しました。応募書類を提出できます。
verify-invalid = このリンクはもう使えません。使用済みか、有効期限が切れています。
my-application-title = 私の応募
my-application-reference = 受付番号 { $reference }
my-application-missing = 提出の前に、まだ次の項目が必要です
my-application-complete = 応募書類はすべてそろっています。
my-application-deadline = 締切：{ $deadline }
my-application-submitted = 提出日時：{ $submitted }
my-application-steps = 現在の状況
step-submit = 応募書類の提出
step-screening = 一次選考
step-interview = 面接
step-results = 結果通知
step-reply = 回答
step-clearance = 必要書類の提出と出発前オリエンテーション
step-arrival = 来日
step-state-done = 完了
step-state-current = 現在
step-state-upcoming = 今後
