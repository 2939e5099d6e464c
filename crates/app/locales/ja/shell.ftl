# Kakehashi、日本語：共通部分（ページの枠、ナビゲーション、エラー、共通の言葉、ページ送り、一覧の道具）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## ページの枠
app-name = Kakehashi
app-tagline = JETプログラムを、最初から最後まで
app-footer = Kakehashi（架け橋）— 語学指導等を行う外国青年招致事業（JETプログラム）の架け橋
language-label = 言語
skip-to-content = 本文へスキップ

## メール
mail-greeting = { $name } 様
mail-signature = — Kakehashi（JETプログラム）

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
col-count = 件数
col-kind = 種別
col-participants = 参加者
col-country = 国
col-city = 都市
col-unit = 所属先
col-created = 作成日
filter-search = 検索
filter-status = 状況
filter-position = 職種
filter-apply = 絞り込む
filter-all = すべて
filter-current = 現在の参加者
pager-previous = 前へ
pager-next = 次へ
pager-showing = { $total }件中 { $from }–{ $to }件
list-empty = 表示する項目はありません。
export-list = この一覧をダウンロード：
saved-filters = 保存した絞り込み：
saved-filter-name = 名前
saved-filter-save = この絞り込みを保存
saved-filter-delete = 保存した絞り込みを削除
col-rank = 順位

## ロール
role-applicant = 応募者
role-mission-staff = 在外公館職員
role-clair-staff = CLAIR（自治体国際化協会）職員
role-co-supervisor = 任用団体担当者
role-prefectural-advisor = プリフェクチュラル・アドバイザー（PA）
role-participant = 参加者
role-alumnus = 元JET参加者（同窓生）
role-company-recruiter = 企業の採用担当者
role-system-administrator = システム管理者

## 職種
position-alt = 外国語指導助手（ALT）
position-cir = 国際交流員（CIR）
position-sea = スポーツ国際交流員（SEA）

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

## 共通の言葉
blind-hidden = （非表示）
yes = はい
no = いいえ

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
error-status-invalid = 状況ではありません
error-language-invalid = 言語は en, ja or ko のいずれかです
error-number-invalid = 整数ではありません
error-date-invalid = 日付（YYYY-MM-DD）ではありません
error-datetime-invalid = 日時の形式ではありません（YYYY-MM-DD HH:MM）
error-time-zone-invalid = 不明なタイムゾーンです
error-duplicate = 重複しています
error-year-invalid = 年度ではありません
error-bad-type = 値の種類が正しくありません
error-choice-invalid = 選択肢にありません
error-too-many = { $limit }件までです
error-file-empty = ファイルが空です
error-file-too-large = ファイルが大きすぎます（{ $limit }バイトまで）
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
error-bad-address = このアドレスは正しくありません。リンクを確認するか、前の画面に戻ってもう一度お試しください。
error-method-not-allowed = このアドレスはその種類のリクエストを受け付けません。
error-unsupported-media-type = このアドレスはその形式のリクエスト本文を受け付けません。
error-client-limited = 同時に送られたリクエスト、または拒否されたリクエストが多すぎます。{ $seconds } 秒待ってからもう一度お試しください。
error-datetime-offset = 国の現地時間（{ $detail }）で、時差やタイムゾーンを付けずに入力してください：YYYY-MM-DD HH:MM

## Fields by the labels their readers know them by (errors and what is missing name them so)
label-unknown = この項目
label-item = { $label }（{ $number }）
label-application = 応募
label-applications = 応募
label-application_deadline = 応募締切
label-booking_cutoff_hours = 予約締切（時間前）
label-clearance_days = 必要書類の提出期限（日数）
label-count = 件数
label-country = 国
label-decisions = 決定
label-decisions-application = 候補者
label-decisions-outcome = 結果
label-decisions-rank = 順位
label-departure_group = 出発グループ
label-details = 詳細
label-disagreement_threshold = 評価の乖離の基準
label-display_name = 氏名
label-file = ファイル
label-format = 形式
label-given_name = 名
label-family_name = 姓
label-ground = 理由
label-interview_share_percent = 面接の比重（％）
label-jlpt = 日本語能力試験のレベル
label-kind = 書類の種類
label-language = 言語
label-location = 会場
label-minutes = 分
label-mission = 在外公館
label-mode = 方式
label-name = 氏名
label-nationality = 国籍
label-panel = 面接官グループ
label-places_sea = SEAの人数
label-position = 職種
label-reason = 理由
label-referees-letters = 推薦状2通
label-reviewers = 審査員
label-reviewers_per_application = 応募1件あたりの審査員数
label-role = 役割
label-scores = 評点
label-slot = 面接枠
label-status = 状況
label-unit = 所属
label-version = 開いていたページ
label-weights = 重み
label-written_test_score = 筆記試験の点数
label-year = 年度
label-year_mission = 募集年度と在外公館
label-first = 最初の枠の開始
label-screening-weight = 一次選考：重み
label-screening-key = 一次選考：キー
label-screening-label = 一次選考：表示名
label-interview-weight = 面接：重み
label-interview-key = 面接：キー
label-interview-label = 面接：表示名
label-residence_limit_years = 日本での居住年数の上限
label-period = 期間

## Questions before an action that mails people or cannot be undone
confirm-logout-everywhere = すべての端末からログアウトし、すべてのAPIトークンを無効にしますか？
confirm-token-revoke = このトークンを無効にしますか？使用中のプログラムは動かなくなります。
confirm-user-disable = このアカウントを無効にしますか？ログイン中のセッションとトークンはすぐに終了します。
confirm-role-revoke = この役割を取り消しますか？
confirm-application-submit = 応募を提出しますか？提出後は変更できません。
confirm-application-withdraw = 応募を取り下げますか？元に戻すことはできません。
confirm-placement-decline = この配置を辞退しますか？応募は終了し、取り消すことはできません。
confirm-run-approve = この配置を承認しますか？すべての候補者と任用団体にメールで通知されます。
confirm-interview-cancel = 面接の予約を取り消しますか？
confirm-reply-accept = 内定を受諾しますか？
confirm-reply-decline = 内定を辞退しますか？元に戻すことはできません。
confirm-upgrade = この候補者を繰り上げ合格にしますか？本人にメールで通知されます。
confirm-decide = これらの結果を記録しますか？各候補者にメールで通知されます。
confirm-disqualify = この候補者を失格にしますか？本人にメールで通知され、元に戻すことはできません。
confirm-conflict = 利益相反を申告しますか？この応募は見ることも採点することもできなくなります。
confirm-year-status = 募集年度を次の段階に進めますか？元に戻すことはできません。
confirm-request-forward = この要望をCLAIRに送付しますか？任用団体は変更できなくなります。
confirm-screening-advance = 選択した応募を面接に招待しますか？各応募者にメールで通知されます。
confirm-screening-reject = 選択した応募を不合格にしますか？各応募者にメールで通知されます。
confirm-saved-filter-delete = この保存済みの絞り込みを削除しますか？
