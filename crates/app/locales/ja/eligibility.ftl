# Kakehashi：応募資格（domain::eligibility）。キーとプレースホルダーは en/ と ko/ と同じです。
# domain クレートのテストで確認しています。日付は YYYY-MM-DD で渡されます。

## 要件の名称（在外公館の例外承認画面）
eligibility-rule-citizenship = 国籍
eligibility-rule-degree = 学位
eligibility-rule-previous-participation = JETプログラムへの過去の参加
eligibility-rule-residence-in-japan = 日本での居住歴
eligibility-rule-declined-placement = 前年度の配属辞退
eligibility-rule-japanese-ability = 日本語能力（国際交流員）
eligibility-rule-position = 職種

## 判定の重さ
eligibility-severity-ineligible = 応募資格なし
eligibility-severity-condition = 条件付きで応募可能

## 判定結果（応募者向け）
eligibility-citizenship-not-citizen = この在外公館を通じて応募できるのは、募集国（{ $country }）の国籍を有する方のみです。
eligibility-citizenship-renounce-japanese = 日本国籍も有しているため、任用を受けるには回答期限までに日本国籍を離脱する必要があります。
eligibility-degree-missing = 着任日（{ $arrival }）までに取得済みまたは取得見込みの学士号が必要です。
eligibility-degree-missing-or-teacher-training = 着任日（{ $arrival }）までに取得済みまたは取得見込みの学士号、または3年制の教員養成課程の修了証明書が必要です。
eligibility-degree-after-arrival = 資格の取得予定日（{ $awarded }）が着任日（{ $arrival }）より後です。着任日までに取得している必要があります。
eligibility-participation-too-recent = { $last_day }までJETプログラムに参加していました。元参加者は{ $years }年が経過した後に再び応募できます。着任日が{ $date }以降であれば応募できます。
eligibility-participation-over-cap = JETプログラムへの参加期間の合計が、上限の{ $years }年にすでに達しています。
eligibility-residence-too-long = 着任日（{ $arrival }）前の{ $window }年間のうち、{ $years }年以上日本に居住しています。
eligibility-declined-placement = 前年度に正当な理由なく配属を辞退したため、今年度は応募できません。
eligibility-japanese-below-level = 国際交流員（CIR）には日本語能力試験（JLPT）{ $level }以上が必要です。
eligibility-japanese-assessed-at-interview = 日本語能力試験（JLPT）{ $level }以上の認定を受けていないため、日本語能力は面接で評価します。
eligibility-position-sea-not-offered = 今年度はスポーツ国際交流員（SEA）の募集はありません。

## データの誤り
eligibility-error-period-reversed = 期間の終了日が開始日より前です
eligibility-error-jlpt-invalid = 日本語能力試験のレベルはN1、N2、N3、N4、N5のいずれかです
eligibility-error-residence-years = 1～{ $limit }年（対象期間の長さ）の範囲で入力してください
