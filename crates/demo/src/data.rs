//! Tables the demo programme year is drawn from. The shares follow the public record in
//! `JET.md` (about 6,000 participants, the USA 40-50%, ALT about 90%, CIR about 9%, SEA about 1%,
//! Korea 47 participants of whom 45 CIRs); the rest are plausible, not official, figures.

/// A recruiting country: codes, names, time zone, relative size, position shares, the name pool
/// its people are drawn from, and its overseas missions (kind, city in English and Japanese).
pub struct CountrySpec {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_ja: &'static str,
    pub name_ko: &'static str,
    pub time_zone: &'static str,
    /// Participants in a programme year of 6,000 (they add up to exactly 6,000).
    pub participants: u32,
    /// Percent of the country's participants who are CIRs and SEAs.
    pub cir_percent: u32,
    pub sea_percent: u32,
    pub names: NamePool,
    pub missions: &'static [(&'static str, &'static str, &'static str)],
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NamePool {
    English,
    Korean,
    Chinese,
    French,
    German,
    Spanish,
    Portuguese,
    Italian,
    Russian,
    Filipino,
    SouthEastAsian,
    Mongolian,
    Pacific,
    African,
    Nordic,
    Dutch,
    Polish,
    Indian,
}

macro_rules! c {
    ($code:literal, $en:literal, $ja:literal, $ko:literal, $tz:literal, $n:literal, $cir:literal, $sea:literal, $pool:ident, [$(($k:literal, $cen:literal, $cja:literal)),* $(,)?]) => {
        CountrySpec { code: $code, name_en: $en, name_ja: $ja, name_ko: $ko, time_zone: $tz, participants: $n, cir_percent: $cir, sea_percent: $sea, names: NamePool::$pool, missions: &[$(($k, $cen, $cja)),*] }
    };
}

pub const COUNTRIES: &[CountrySpec] = &[
    c!(
        "US",
        "United States",
        "アメリカ合衆国",
        "미국",
        "America/New_York",
        2950,
        4,
        1,
        English,
        [
            ("embassy", "Washington, D.C.", "ワシントン"),
            ("consulate", "New York", "ニューヨーク"),
            ("consulate", "Boston", "ボストン"),
            ("consulate", "Chicago", "シカゴ"),
            ("consulate", "Atlanta", "アトランタ"),
            ("consulate", "Miami", "マイアミ"),
            ("consulate", "Houston", "ヒューストン"),
            ("consulate", "Denver", "デンバー"),
            ("consulate", "Los Angeles", "ロサンゼルス"),
            ("consulate", "San Francisco", "サンフランシスコ"),
            ("consulate", "Seattle", "シアトル"),
            ("consulate", "Portland", "ポートランド"),
            ("consulate", "Honolulu", "ホノルル"),
            ("consulate", "Anchorage", "アンカレジ"),
            ("consulate", "Detroit", "デトロイト"),
            ("consulate", "Nashville", "ナッシュビル")
        ]
    ),
    c!(
        "GB",
        "United Kingdom",
        "英国",
        "영국",
        "Europe/London",
        520,
        5,
        1,
        English,
        [("embassy", "London", "ロンドン"), ("consulate", "Edinburgh", "エディンバラ")]
    ),
    c!(
        "CA",
        "Canada",
        "カナダ",
        "캐나다",
        "America/Toronto",
        520,
        4,
        1,
        English,
        [
            ("embassy", "Ottawa", "オタワ"),
            ("consulate", "Toronto", "トロント"),
            ("consulate", "Montreal", "モントリオール"),
            ("consulate", "Vancouver", "バンクーバー"),
            ("consulate", "Calgary", "カルガリー")
        ]
    ),
    c!(
        "AU",
        "Australia",
        "オーストラリア",
        "호주",
        "Australia/Sydney",
        400,
        6,
        1,
        English,
        [
            ("embassy", "Canberra", "キャンベラ"),
            ("consulate", "Sydney", "シドニー"),
            ("consulate", "Melbourne", "メルボルン"),
            ("consulate", "Brisbane", "ブリスベン"),
            ("consulate", "Perth", "パース")
        ]
    ),
    c!(
        "PH",
        "Philippines",
        "フィリピン",
        "필리핀",
        "Asia/Manila",
        420,
        1,
        0,
        Filipino,
        [("embassy", "Manila", "マニラ"), ("consulate", "Cebu", "セブ")]
    ),
    c!(
        "NZ",
        "New Zealand",
        "ニュージーランド",
        "뉴질랜드",
        "Pacific/Auckland",
        260,
        6,
        2,
        English,
        [
            ("embassy", "Wellington", "ウェリントン"),
            ("consulate", "Auckland", "オークランド"),
            ("consulate", "Christchurch", "クライストチャーチ")
        ]
    ),
    c!(
        "IE",
        "Ireland",
        "アイルランド",
        "아일랜드",
        "Europe/Dublin",
        160,
        5,
        0,
        English,
        [("embassy", "Dublin", "ダブリン")]
    ),
    c!(
        "ZA",
        "South Africa",
        "南アフリカ共和国",
        "남아프리카공화국",
        "Africa/Johannesburg",
        140,
        2,
        0,
        English,
        [("embassy", "Pretoria", "プレトリア"), ("consulate", "Cape Town", "ケープタウン")]
    ),
    c!(
        "JM",
        "Jamaica",
        "ジャマイカ",
        "자메이카",
        "America/Jamaica",
        120,
        2,
        0,
        English,
        [("embassy", "Kingston", "キングストン")]
    ),
    c!(
        "SG",
        "Singapore",
        "シンガポール",
        "싱가포르",
        "Asia/Singapore",
        80,
        8,
        0,
        English,
        [("embassy", "Singapore", "シンガポール")]
    ),
    c!(
        "KR",
        "Korea",
        "大韓民国",
        "대한민국",
        "Asia/Seoul",
        47,
        96,
        0,
        Korean,
        [("embassy", "Seoul", "ソウル"), ("consulate", "Busan", "釜山")]
    ),
    c!("IN", "India", "インド", "인도", "Asia/Kolkata", 54, 10, 0, Indian, [("embassy", "New Delhi", "ニューデリー")]),
    c!(
        "TT",
        "Trinidad and Tobago",
        "トリニダード・トバゴ",
        "트리니다드 토바고",
        "America/Port_of_Spain",
        60,
        2,
        0,
        English,
        [("embassy", "Port of Spain", "ポートオブスペイン")]
    ),
    c!(
        "CN",
        "China",
        "中国",
        "중국",
        "Asia/Shanghai",
        40,
        92,
        0,
        Chinese,
        [("embassy", "Beijing", "北京"), ("consulate", "Shanghai", "上海")]
    ),
    c!("FR", "France", "フランス", "프랑스", "Europe/Paris", 22, 90, 0, French, [("embassy", "Paris", "パリ")]),
    c!("DE", "Germany", "ドイツ", "독일", "Europe/Berlin", 20, 90, 5, German, [("embassy", "Berlin", "ベルリン")]),
    c!(
        "BR",
        "Brazil",
        "ブラジル",
        "브라질",
        "America/Sao_Paulo",
        20,
        75,
        20,
        Portuguese,
        [("embassy", "Brasília", "ブラジリア"), ("consulate", "São Paulo", "サンパウロ")]
    ),
    c!("GH", "Ghana", "ガーナ", "가나", "Africa/Accra", 15, 0, 0, African, [("embassy", "Accra", "アクラ")]),
    c!(
        "NG",
        "Nigeria",
        "ナイジェリア",
        "나이지리아",
        "Africa/Lagos",
        12,
        0,
        0,
        African,
        [("embassy", "Abuja", "アブジャ")]
    ),
    c!("KE", "Kenya", "ケニア", "케냐", "Africa/Nairobi", 10, 0, 10, African, [("embassy", "Nairobi", "ナイロビ")]),
    c!(
        "MX",
        "Mexico",
        "メキシコ",
        "멕시코",
        "America/Mexico_City",
        10,
        90,
        0,
        Spanish,
        [("embassy", "Mexico City", "メキシコシティ")]
    ),
    c!("ES", "Spain", "スペイン", "스페인", "Europe/Madrid", 10, 90, 0, Spanish, [("embassy", "Madrid", "マドリード")]),
    c!(
        "MY",
        "Malaysia",
        "マレーシア",
        "말레이시아",
        "Asia/Kuala_Lumpur",
        10,
        40,
        0,
        SouthEastAsian,
        [("embassy", "Kuala Lumpur", "クアラルンプール")]
    ),
    c!(
        "ID",
        "Indonesia",
        "インドネシア",
        "인도네시아",
        "Asia/Jakarta",
        10,
        80,
        0,
        SouthEastAsian,
        [("embassy", "Jakarta", "ジャカルタ")]
    ),
    c!("IT", "Italy", "イタリア", "이탈리아", "Europe/Rome", 8, 100, 0, Italian, [("embassy", "Rome", "ローマ")]),
    c!("RU", "Russia", "ロシア", "러시아", "Europe/Moscow", 8, 100, 0, Russian, [("embassy", "Moscow", "モスクワ")]),
    c!(
        "TH",
        "Thailand",
        "タイ",
        "태국",
        "Asia/Bangkok",
        8,
        100,
        0,
        SouthEastAsian,
        [("embassy", "Bangkok", "バンコク")]
    ),
    c!(
        "VN",
        "Viet Nam",
        "ベトナム",
        "베트남",
        "Asia/Ho_Chi_Minh",
        8,
        100,
        0,
        SouthEastAsian,
        [("embassy", "Hanoi", "ハノイ")]
    ),
    c!(
        "MN",
        "Mongolia",
        "モンゴル",
        "몽골",
        "Asia/Ulaanbaatar",
        8,
        100,
        0,
        Mongolian,
        [("embassy", "Ulaanbaatar", "ウランバートル")]
    ),
    c!("FJ", "Fiji", "フィジー", "피지", "Pacific/Fiji", 8, 0, 0, Pacific, [("embassy", "Suva", "スバ")]),
    c!(
        "TO",
        "Tonga",
        "トンガ",
        "통가",
        "Pacific/Tongatapu",
        5,
        0,
        20,
        Pacific,
        [("embassy", "Nuku'alofa", "ヌクアロファ")]
    ),
    c!(
        "PG",
        "Papua New Guinea",
        "パプアニューギニア",
        "파푸아뉴기니",
        "Pacific/Port_Moresby",
        5,
        0,
        0,
        Pacific,
        [("embassy", "Port Moresby", "ポートモレスビー")]
    ),
    c!("WS", "Samoa", "サモア", "사모아", "Pacific/Apia", 3, 0, 0, Pacific, [("embassy", "Apia", "アピア")]),
    c!(
        "SB",
        "Solomon Islands",
        "ソロモン諸島",
        "솔로몬 제도",
        "Pacific/Guadalcanal",
        3,
        0,
        0,
        Pacific,
        [("embassy", "Honiara", "ホニアラ")]
    ),
    c!(
        "AR",
        "Argentina",
        "アルゼンチン",
        "아르헨티나",
        "America/Argentina/Buenos_Aires",
        5,
        100,
        0,
        Spanish,
        [("embassy", "Buenos Aires", "ブエノスアイレス")]
    ),
    c!("PE", "Peru", "ペルー", "페루", "America/Lima", 5, 100, 0, Spanish, [("embassy", "Lima", "リマ")]),
    c!(
        "CL",
        "Chile",
        "チリ",
        "칠레",
        "America/Santiago",
        4,
        100,
        0,
        Spanish,
        [("embassy", "Santiago", "サンティアゴ")]
    ),
    c!(
        "PL",
        "Poland",
        "ポーランド",
        "폴란드",
        "Europe/Warsaw",
        4,
        100,
        0,
        Polish,
        [("embassy", "Warsaw", "ワルシャワ")]
    ),
    c!(
        "FI",
        "Finland",
        "フィンランド",
        "핀란드",
        "Europe/Helsinki",
        4,
        100,
        0,
        Nordic,
        [("embassy", "Helsinki", "ヘルシンキ")]
    ),
    c!(
        "NL",
        "Netherlands",
        "オランダ",
        "네덜란드",
        "Europe/Amsterdam",
        4,
        100,
        0,
        Dutch,
        [("embassy", "The Hague", "ハーグ")]
    ),
];

/// (given names, family names) of a pool. Names are common ones, none a real person's.
pub fn names(pool: NamePool) -> (&'static [&'static str], &'static [&'static str]) {
    match pool {
        NamePool::English => (
            &[
                "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
                "Mia", "Aiden", "Chloe", "Jacob", "Grace", "Daniel", "Hannah", "Samuel", "Zoe", "Caleb", "Leah",
                "Owen", "Maya", "Ryan", "Nora", "Tyler", "Ruby",
            ],
            &[
                "Smith",
                "Johnson",
                "Williams",
                "Brown",
                "Jones",
                "Miller",
                "Davis",
                "Wilson",
                "Anderson",
                "Taylor",
                "Thomas",
                "Moore",
                "Martin",
                "Thompson",
                "White",
                "Harris",
                "Clark",
                "Lewis",
                "Walker",
                "Young",
                "Allen",
                "King",
                "Wright",
                "Scott",
                "Green",
                "Baker",
                "Campbell",
                "Murphy",
                "O'Brien",
                "Campbell-Reid",
            ],
        ),
        NamePool::Korean => (
            &["민지", "서연", "지훈", "도윤", "하은", "지우", "서준", "예은", "현우", "수빈", "지민", "유진"],
            &["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"],
        ),
        NamePool::Chinese => (
            &["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "婷", "浩"],
            &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"],
        ),
        NamePool::French => (
            &["Camille", "Louis", "Chloé", "Hugo", "Léa", "Lucas", "Manon", "Jules"],
            &["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"],
        ),
        NamePool::German => (
            &["Lukas", "Anna", "Leon", "Lea", "Felix", "Hannah", "Jonas", "Lena"],
            &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"],
        ),
        NamePool::Spanish => (
            &["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucía", "Javier"],
            &["García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez"],
        ),
        NamePool::Portuguese => (
            &["Ana", "João", "Beatriz", "Pedro", "Mariana", "Gabriel", "Larissa", "Rafael"],
            &["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Nakamura"],
        ),
        NamePool::Italian => (
            &["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo"],
            &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"],
        ),
        NamePool::Russian => (
            &["Анна", "Дмитрий", "Мария", "Иван", "Екатерина", "Алексей"],
            &["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев"],
        ),
        NamePool::Filipino => (
            &["Maria", "Jose", "Angelica", "Mark", "Kristine", "John Paul", "Jasmine", "Carlo"],
            &["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Villanueva"],
        ),
        NamePool::SouthEastAsian => (
            &["Nurul", "Arif", "Siti", "Budi", "Anh", "Minh", "Somchai", "Malee"],
            &["Abdullah", "Rahman", "Wijaya", "Nguyen", "Tran", "Saetang", "Pham", "Hidayat"],
        ),
        NamePool::Mongolian => (
            &["Bat-Erdene", "Oyuunaa", "Temuulen", "Sarnai", "Ganbold", "Nomin"],
            &["Bold", "Batbayar", "Dorj", "Gansükh", "Enkhbayar", "Tsogt"],
        ),
        NamePool::Pacific => (
            &["Sione", "Mele", "Losana", "Tevita", "Litia", "Josaia"],
            &["Tupou", "Fifita", "Naidu", "Vakaloloma", "Taufa", "Kaufana"],
        ),
        NamePool::African => (
            &["Kwame", "Ama", "Chinedu", "Ngozi", "Wanjiru", "Otieno", "Kofi", "Adaeze"],
            &["Mensah", "Okafor", "Adeyemi", "Kamau", "Owusu", "Njoroge", "Boateng", "Eze"],
        ),
        NamePool::Nordic => (&["Aino", "Eero", "Venla", "Onni"], &["Korhonen", "Virtanen", "Mäkinen", "Nieminen"]),
        NamePool::Dutch => (&["Daan", "Sanne", "Bram", "Fleur"], &["de Jong", "Jansen", "de Vries", "van Dijk"]),
        NamePool::Polish => (&["Zuzanna", "Jakub", "Julia", "Kacper"], &["Nowak", "Kowalski", "Wiśniewski", "Wójcik"]),
        NamePool::Indian => (
            &["Aarav", "Ananya", "Vihaan", "Diya", "Arjun", "Isha"],
            &["Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair"],
        ),
    }
}

/// Fictional companies that recruit former participants.
pub const COMPANIES: &[(&str, Option<&str>, &str)] = &[
    ("Hashiwatashi Consulting K.K.", None, "https://hashiwatashi.example.jp"),
    ("Kaigai Bridge Education Ltd.", Some("GB"), "https://kaigai-bridge.example.org"),
    ("Pacific Rim Translation Services", Some("US"), "https://prts.example.com"),
    ("Setouchi Inbound Tourism Co.", None, "https://setouchi-inbound.example.jp"),
    ("Maple Leaf Japan Careers", Some("CA"), "https://mlj-careers.example.ca"),
];

/// Staff of the missions' JET desks (Japanese diplomats, in romaji, given name first).
pub const JAPANESE_NAMES: (&[&str], &[&str]) = (
    &["Yuki", "Haruto", "Aoi", "Sota", "Yui", "Ren", "Hina", "Daiki", "Misaki", "Kenta", "Sakura", "Takumi"],
    &["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"],
);

/// The calling code of a recruiting country, for plausible phone numbers.
pub fn calling_code(country: &str) -> &'static str {
    match country {
        "US" | "CA" | "JM" | "TT" => "1",
        "GB" => "44",
        "AU" => "61",
        "PH" => "63",
        "NZ" => "64",
        "IE" => "353",
        "ZA" => "27",
        "SG" => "65",
        "KR" => "82",
        "IN" => "91",
        "CN" => "86",
        "FR" => "33",
        "DE" => "49",
        "BR" => "55",
        "GH" => "233",
        "NG" => "234",
        "KE" => "254",
        "MX" => "52",
        "ES" => "34",
        "MY" => "60",
        "ID" => "62",
        "IT" => "39",
        "RU" => "7",
        "TH" => "66",
        "VN" => "84",
        "MN" => "976",
        "FJ" => "679",
        "TO" => "676",
        "PG" => "675",
        "WS" => "685",
        "SB" => "677",
        "AR" => "54",
        "PE" => "51",
        "CL" => "56",
        "PL" => "48",
        "FI" => "358",
        _ => "31",
    }
}

/// Street names by name pool; `{n}` is the house number.
pub fn streets(pool: NamePool) -> &'static [&'static str] {
    match pool {
        NamePool::French => &["{n} rue des Lilas", "{n} avenue Victor Hugo", "{n} rue de la Paix"],
        NamePool::German | NamePool::Dutch | NamePool::Nordic | NamePool::Polish => {
            &["Lindenstraße {n}", "Bahnhofstraße {n}", "Gartenweg {n}"]
        }
        NamePool::Spanish => &["Calle Mayor {n}", "Avenida de la Libertad {n}", "Calle del Sol {n}"],
        NamePool::Portuguese => &["Rua das Flores, {n}", "Avenida Paulista, {n}", "Rua do Comércio, {n}"],
        NamePool::Italian => &["Via Roma {n}", "Via Garibaldi {n}"],
        NamePool::Russian => &["ul. Lenina, {n}", "ul. Sadovaya, {n}"],
        NamePool::Korean => &["{n} Sejong-daero", "{n} Teheran-ro", "{n} Haeundae-ro"],
        NamePool::Chinese => &["{n} Zhongshan Road", "{n} Renmin Road", "{n} Jianguo Road"],
        _ => &[
            "{n} Maple Street",
            "{n} Oak Avenue",
            "{n} High Street",
            "{n} Church Road",
            "{n} Park Lane",
            "{n} Elm Drive",
            "{n} King Street",
            "{n} Victoria Road",
        ],
    }
}

/// Names of universities and colleges; `{c}` is a city of the applicant's country.
pub const INSTITUTIONS: &[&str] = &[
    "University of {c}",
    "{c} State University",
    "{c} College",
    "{c} Institute of Technology",
    "{c} Metropolitan University",
];

pub const FIELDS_OF_STUDY: &[&str] = &[
    "English Literature",
    "Education",
    "History",
    "Linguistics",
    "Psychology",
    "Biology",
    "Economics",
    "International Relations",
    "Music",
    "Communication Studies",
    "Mathematics",
    "Political Science",
    "Anthropology",
    "Fine Arts",
];
pub const CIR_FIELDS_OF_STUDY: &[&str] = &[
    "Japanese Studies",
    "East Asian Languages and Cultures",
    "Translation and Interpreting",
    "International Relations",
];
pub const SEA_FIELDS_OF_STUDY: &[&str] = &["Sport Science", "Kinesiology", "Physical Education"];

pub const EMPLOYMENT: &[&str] = &[
    "Part-time English tutor at a community learning centre (two years).",
    "Camp counsellor at a summer language camp (three summers).",
    "Sales assistant in a bookshop while studying.",
    "Teaching assistant at a primary school (one year).",
    "Volunteer at a refugee resettlement charity, running conversation classes.",
    "Research assistant in the university's linguistics department.",
    "Junior reporter for a local newspaper.",
    "Swimming coach at a city leisure centre.",
    "Customer service at a travel agency specialising in Japan tours.",
    "Library assistant at the university library.",
];

pub const TEACHING_QUALIFICATIONS: &[&str] = &[
    "TEFL certificate (120 hours)",
    "CELTA",
    "State teaching licence, secondary English",
    "TESOL certificate (150 hours) with 20 hours of observed teaching",
    "Postgraduate Certificate in Education (PGCE)",
];

pub const MEDICAL_DETAILS: &[&str] = &[
    "Mild asthma, controlled with an inhaler.",
    "Seasonal allergies (hay fever).",
    "Type 1 diabetes, well controlled; I carry my own supplies.",
    "Knee surgery in 2021, fully recovered.",
];

pub const CRIMINAL_DETAILS: &[&str] =
    &["A speeding fine in 2022, paid in full.", "A caution for a public order offence in 2019, now spent."];

pub const DEPENDANTS: &[&str] =
    &["None travelling with me.", "My partner will visit during the summer holidays; no dependants travelling."];

/// Opening, middle and closing sentences of a statement of purpose; `{country}`, `{field}`.
pub const STATEMENT_OPENINGS: &[&str] = &[
    "I first became interested in Japan when a Japanese exchange student joined my class in {country}.",
    "Studying {field} taught me how much a good teacher can change the way a student sees the world.",
    "Growing up in a small town in {country}, I learned how much a community gains from people who come from elsewhere.",
    "A year of evening Japanese classes turned a curiosity into a plan: I want to live and work in Japan.",
];
pub const STATEMENT_ALT: &[&str] = &[
    "As an ALT I would bring games, songs and stories that make English something students use rather than study.",
    "Tutoring younger students showed me that confidence matters more than grammar at first, and I would build it patiently.",
    "I would like to support my Japanese teachers in the classroom and join after-school clubs to get to know the students.",
];
pub const STATEMENT_CIR: &[&str] = &[
    "As a CIR I would use my Japanese to help the local government welcome residents and visitors from abroad.",
    "Translating for my university's exchange office showed me how much clear information matters to newcomers.",
    "I would like to organise cultural events and school visits that bring {country} and my community in Japan closer.",
];
pub const STATEMENT_SEA: &[&str] = &[
    "As a Sports Exchange Advisor I would coach young athletes and share the training methods I learned at home.",
    "Sport taught me discipline and teamwork, and I want to pass that on to the clubs of my host town.",
];
pub const STATEMENT_CLOSINGS: &[&str] = &[
    "I am ready to adapt, to learn from my colleagues, and to give my best to the community that hosts me.",
    "I hope to return home as a bridge between my community and Japan for the rest of my career.",
    "Above all, I want to listen, learn and contribute to the daily life of my school and town.",
];

/// Ties to Japan for the placement preferences; `{place}` is a Japanese municipality.
pub const TIES: &[&str] = &[
    "My home town is a sister city of {place}.",
    "I spent a semester on exchange near {place}.",
    "My host family from a school exchange lives in {place}.",
];

pub const SCREENING_REMARKS: &[&str] = &[
    "Clear, specific statement.",
    "Strong classroom experience.",
    "Statement is generic.",
    "Little evidence of interest in teaching.",
    "Good range of activities.",
    "Convincing reasons for the position.",
];

pub const INTERVIEW_REMARKS: &[&str] = &[
    "Warm and well prepared.",
    "Good mock lesson.",
    "Struggled with the scenario questions.",
    "Strong motivation, limited experience.",
    "Excellent communicator.",
    "Thoughtful answers on living in a rural area.",
];

pub const SCREEN_OUT_REASONS: &[&str] = &[
    "The statement of purpose does not show interest in teaching.",
    "Below the invitation line on the year's rubric.",
    "Little evidence of the Japanese the position needs.",
    "Answers too brief to assess; below the invitation line.",
];

pub const WITHDRAWAL_REASONS: &[&str] = &[
    "Accepted a graduate school place.",
    "Took another job offer.",
    "Family circumstances.",
    "Health reasons.",
    "Decided to stay closer to home this year.",
];

pub const DECLINE_REASONS: &[&str] =
    &["Accepted another offer.", "Could not postpone my graduate studies.", "Family circumstances."];

pub const FALSE_STATEMENTS: &[&str] = &[
    "criminal history not disclosed on the form; the police certificate shows a conviction",
    "the degree named on the form was not awarded",
    "the dates of an earlier JET appointment were misstated",
];

pub const REFEREE_TITLES: &[&str] = &["Prof.", "Dr.", "Ms", "Mr"];
