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

## エラー：`field` は入力項目の名前、以下はその理由
error-date-order = 年度の前の段階より前の日付になっています
error-places-range = 0から{ $limit }の間で指定してください
error-sea-not-offered = この年度はスポーツ国際交流員（SEA）を募集していません
error-year-exists = この国のその年度はすでにあります
error-status-transition = この年度は今その状態に進めません
error-year-incomplete = 先に応募締切と出発グループを1つ以上設定してください
error-group-unknown = この年度にその出発グループはありません
