# Kakehashi、日本語：一括処理（書き出し、取り込み、バックグラウンドのジョブ）。
# 領域ごとに1ファイル。en/・ja/・ko/ が同じファイルに同じキーとプレースホルダーを持ち、
# 同じキーが2つのファイルにないことをテストで確認しています。

## ジョブ、書き出し、取り込み
job-kind-application-import = 紙の応募書類の取り込み
job-status-running = 処理中…
job-status-done = 完了しました
job-status-failed = 失敗しました
job-progress = { $total } 行中 { $done } 行
job-imported = { $count } 件の応募を取り込みました
job-skipped = { $count } 行は取り込み済みのため飛ばしました
col-family-name = 姓
col-given-name = 名
col-name-ja = 名称（日本語）
col-lg-code = 地方公共団体コード
col-scores = 採点数
col-mean = 平均
col-spread = ばらつき
col-disagreement = 評価の不一致
col-written-test = 筆記試験
col-final-score = 最終評点
import-title = 紙の応募書類を取り込む
import-help = 1行目に列名（family_name, given_name, birth_date, nationality, phone, address, qualification, institution, field_of_study, awarded, statement_of_purpose, interview_location, departure_group、任意で email, position, jlpt, driving_licence, area）を書いたCSVまたはXLSXファイル。すべての行を先に確認し、すべて正しい場合にのみ書き込みます。
import-file = ファイル
import-mission = 受付公館
import-submit = 確認して取り込む
error-format-invalid = csv または xlsx にしてください
error-list-invalid = 出力できる一覧ではありません
error-query-invalid = 一覧の絞り込みではありません
error-file-unreadable = CSVまたはXLSXとして読めませんでした
error-file-encoding = UTF-8のテキストにしてください
error-column-missing = 1行目にこの列がありません
error-column-unknown = 紙の応募書類の列ではありません
error-mission-not-of-year = この年度の国の募集を担当していません

## 取り込み：ファイルを読み取る上限
error-import-row-beyond = セル{ $detail }は取り込める最後の行（{ $limit }行目）より後にあります
error-import-column-beyond = セル{ $detail }は取り込める最後の列（{ $limit }列目）より後にあります
error-import-cell-too-long = セル{ $detail }の文字数が{ $limit }文字を超えています
error-import-too-many-cells = 入力済みのセルが{ $limit }個を超えています（セル{ $detail }）
error-import-too-much-text = テキストが{ $limit }バイトを超えています（セル{ $detail }）
error-import-package-entries = ブックの構成要素が{ $detail }個あります（{ $limit }個まで）
error-import-entry-too-large = ブックの構成要素{ $detail }は展開すると{ $limit }バイトを超えます
error-import-shared-strings = ブックの構成要素{ $detail }が宣言する文字列が{ $limit }個を超えています
