# Kakehashi、日本語：記録（ダッシュボード、参加者、任用団体、在外公館、都道府県）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## ナビゲーション
nav-dashboard = ダッシュボード
nav-participants = 参加者
nav-applications = 応募
nav-organisations = 任用団体
nav-missions = 在外公館

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

## 任用の状況
appointment-status-incoming = 着任予定
appointment-status-serving = 在任中
appointment-status-reappointed = 再任用
appointment-status-completed = 任期満了
appointment-status-left-early = 途中退職
