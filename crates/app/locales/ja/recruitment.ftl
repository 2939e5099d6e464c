# Kakehashi、日本語：募集（募集年度。応募資格は eligibility.ftl）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## 募集年度
nav-programme-years = 募集年度
years-title = 募集年度
years-new = 募集年度を開設する
years-country = 募集国（2文字、例：KR）
years-create = 年度を開設
year-title = { $year }年度：{ $country }
year-status = 状態
year-dates = 日程
year-dates-intro = 応募受付開始・応募締切・回答期限の時刻は、この年度の締切のタイムゾーン（{ $zone }）です。
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

## エラー：`field` は入力項目の名前、以下はその理由
error-date-order = 年度の前の段階より前の日付になっています
error-places-range = 0から{ $limit }の間で指定してください
error-sea-not-offered = この年度はスポーツ国際交流員（SEA）を募集していません
error-year-exists = この国のその年度はすでにあります
error-status-transition = この年度は今その状態に進めません
error-year-incomplete = 先に応募締切と出発グループを1つ以上設定してください
error-group-unknown = この年度にその出発グループはありません

## 実際の日程（issue 14）：締切のタイムゾーン、任意の段階、グループごとの日程
year-created = 募集年度を開設しました。日程を設定してください。
year-moved = 募集年度の状態を「{ $status }」にしました。
year-deadline-stated = 応募締切：{ $deadline }
year-closed-read-only = この年度は終了しています。設定は当時のまま保存され、変更できません。
year-deadline-zone = 締切のタイムゾーン（IANA名）
year-deadline-zone-help = 空欄ならその国のタイムゾーン（{ $zone }）です。例えば米国の締切はハワイ時間23時59分：Pacific/Honolulu。
year-second-round-list = 二次選考対象者の発表
year-placement-notices = 配置通知
year-groups-help = 年度の結果通知やオリエンテーションより前に出発するグループ（夏のグループと並ぶ4月のグループなど）には、独自の出発前オリエンテーションが必要です。
year-group-orientation = グループ独自の出発前オリエンテーション
error-year-closed = この年度は終了しているため、設定を変更できません
error-group-own-orientation = 年度の最後の段階より前に到着します。グループ独自の出発前オリエンテーションを設定するか、到着日を遅くしてください
label-guidelines_published = 募集要項の公表
label-applications_open = 応募受付開始
label-first_screening = 一次選考
label-second_round_list = 二次選考対象者の発表
label-interviews_from = 面接開始日
label-interviews_until = 面接終了日
label-results_by = 結果通知
label-reply_deadline = 回答期限
label-placement_notices = 配置通知
label-pre_departure_orientation = 出発前オリエンテーション
label-deadline_time_zone = 締切のタイムゾーン
label-places_alt = ALTの募集人数
label-places_cir = CIRの募集人数
label-departure_groups-name = 出発グループ：名前
label-departure_groups-arrival_date = 出発グループ：到着日
label-departure_groups-pre_departure_orientation = 出発グループ：独自の出発前オリエンテーション
year-cir-japanese-certificate = CIRには日本語能力試験{ $level }の認定が必要です（この年度の応募資格）。
year-cir-japanese-or-interview = CIRには日本語能力試験{ $level }、または面接でそのレベルと判断される日本語力が必要です（この年度の応募資格）。
# 応募者のタイムライン
step-second-round = 二次選考対象者の発表
step-clearance-documents = 必要書類の提出
step-orientation = 出発前オリエンテーション
step-state-unrecorded = 完了（日時の記録なし）
step-state-skipped = 対象外
step-planned = 予定：{ $when }
label-deadline = 応募締切
