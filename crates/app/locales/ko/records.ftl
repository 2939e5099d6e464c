# Kakehashi, 한국어: 기록(대시보드, 참가자, 임용 단체, 재외공관, 도도부현).
# 영역마다 파일 하나. en/, ja/, ko/가 같은 파일에 같은 키와 플레이스홀더를 가지며
# 같은 키가 두 파일에 없는지 테스트로 확인합니다.

## 내비게이션
nav-dashboard = 대시보드
nav-participants = 참가자
nav-applications = 지원서
nav-organisations = 임용 단체
nav-missions = 재외공관

## 대시보드
dashboard-title = 대시보드
dashboard-welcome = { $name } 님, 환영합니다
dashboard-your-roles = 내 역할
dashboard-nothing = 이 계정에는 아직 역할이 없습니다. 프로그램 관리자에게 역할 부여를 요청하세요.
dash-admin-heading = 시스템 관리
dash-admin-users = 사용자 계정 { $count }개
dash-admin-audit = 감사 기록 { $count }건
dash-admin-outbox = 발신 메일함의 메일 { $count }통
dash-clair-heading = 전국 현황
dash-clair-participants = 임용 단체 { $organisations }곳의 참가자 { $count }명
dash-clair-by-country = 국가별 참가자
dash-clair-by-position = 직종별 참가자
dash-clair-applications = 올해의 지원서
dash-mission-heading = 소속 재외공관: { $mission }
dash-mission-applications = 지원서 { $count }건
dash-mission-by-status = 상태별 지원서
dash-co-heading = 소속 임용 단체: { $organisation }
dash-co-participants = 소속 참가자 { $count }명
dash-pa-heading = 담당 도도부현: { $prefecture }
dash-pa-participants = 임용 단체 { $organisations }곳의 참가자 { $count }명
dash-participant-heading = 나의 임용
dash-participant-detail = { $organisation }({ $prefecture })의 { $position }, 임용 { $year }년 차, { $arrival } 부임
dash-applicant-heading = 나의 지원서
dash-applicant-none = 아직 지원서가 없습니다.
dash-applicant-status = 지원서 { $reference }({ $position }): { $status }
dash-alumnus-heading = JET 동창생(JETAA)
dash-alumnus-detail = JET 참가 당시: { $organisation }({ $prefecture })의 { $position }
dash-company-heading = 소속 기업: { $company }
dash-company-detail = 전 JET 참가자를 위한 채용 박람회와 채용 공고는 공개되는 대로 여기에 표시됩니다.
dash-see-all = 모두 보기

## 기록
participants-title = 참가자
participant-title = 참가자 { $jet_number }
participant-appointment = 임용
participant-arrival = 부임일
participant-appointment-year = 임용 연차
applications-title = 지원서
organisations-title = 임용 단체
missions-title = 재외공관
interview-locations = 면접 장소

## 임용 단체의 종류
organisation-kind-prefecture = 도도부현
organisation-kind-designated-city = 정령지정도시
organisation-kind-city = 시
organisation-kind-town = 정
organisation-kind-village = 촌
organisation-kind-board-of-education = 교육위원회
organisation-kind-school = 학교
organisation-kind-private-school = 사립학교
organisation-kind-international-association = 국제교류협회

## 임용 상태
appointment-status-incoming = 부임 예정
appointment-status-serving = 재직 중
appointment-status-reappointed = 재임용
appointment-status-completed = 임기 만료
appointment-status-left-early = 중도 퇴직
