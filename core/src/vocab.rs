//! The vocabulary of RULES.md §2: provinces, branch kinds, roles, the four tasks and what each
//! task allows (forms, partner kinds, encouraged outputs).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The 31 provincial-level divisions (GB/T 2260 code, Chinese name, English name), then
/// `"66"`, 新疆生产建设兵团: the Corps has its own 党委教育工作部门 (RULES.md §2); the code is the
/// engine's, outside GB/T 2260, and no institution code carries it.
const PROVINCES: [(&str, &str, &str); 32] = [
    ("11", "北京市", "Beijing"),
    ("12", "天津市", "Tianjin"),
    ("13", "河北省", "Hebei"),
    ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"),
    ("21", "辽宁省", "Liaoning"),
    ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"),
    ("31", "上海市", "Shanghai"),
    ("32", "江苏省", "Jiangsu"),
    ("33", "浙江省", "Zhejiang"),
    ("34", "安徽省", "Anhui"),
    ("35", "福建省", "Fujian"),
    ("36", "江西省", "Jiangxi"),
    ("37", "山东省", "Shandong"),
    ("41", "河南省", "Henan"),
    ("42", "湖北省", "Hubei"),
    ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"),
    ("45", "广西壮族自治区", "Guangxi"),
    ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"),
    ("51", "四川省", "Sichuan"),
    ("52", "贵州省", "Guizhou"),
    ("53", "云南省", "Yunnan"),
    ("54", "西藏自治区", "Tibet"),
    ("61", "陕西省", "Shaanxi"),
    ("62", "甘肃省", "Gansu"),
    ("63", "青海省", "Qinghai"),
    ("64", "宁夏回族自治区", "Ningxia"),
    ("65", "新疆维吾尔自治区", "Xinjiang"),
    (
        "66",
        "新疆生产建设兵团",
        "Xinjiang Production and Construction Corps",
    ),
];

/// The Corps' place in [`PROVINCES`].
const CORPS: u8 = 31;

/// A province by its GB/T 2260 two-digit code (`"11"` 北京 … `"65"` 新疆), or `"66"` for
/// 新疆生产建设兵团.
///
/// Only the 32 codes of RULES.md §2 exist; any other string is malformed input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Province(u8);

impl Province {
    /// How many provinces there are (31, and the Corps).
    pub(crate) const COUNT: usize = PROVINCES.len();

    /// Its place in code order, `0..COUNT`: tables by province are vectors indexed by it.
    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Every province, in code order.
    pub fn all() -> impl Iterator<Item = Province> {
        (0..PROVINCES.len()).filter_map(|i| u8::try_from(i).ok().map(Province))
    }

    /// 新疆生产建设兵团 (`"66"`).
    pub const CORPS: Province = Province(CORPS);

    /// The province with this two-digit code, or the message malformed input gives for another
    /// string (for bindings that read a code outside JSON).
    ///
    /// # Errors
    /// The message naming the code and what was expected.
    pub fn parse(code: &str) -> Result<Province, String> {
        Province::from_code(code).ok_or_else(|| {
            crate::wire::error::bounded_message(&format!(
                "unknown province `{code}`, expected a GB/T 2260 two-digit code such as \"11\" (one of the 31 provinces) or \"66\" (新疆生产建设兵团)"
            ))
        })
    }

    /// The province with this two-digit code, if it is one of the 32.
    ///
    /// # Example
    /// ```
    /// use qgx_core::Province;
    /// assert_eq!(Province::from_code("11").map(|p| p.name_zh()), Some("北京市"));
    /// assert!(Province::from_code("99").is_none());
    /// ```
    pub fn from_code(code: &str) -> Option<Province> {
        PROVINCES
            .iter()
            .position(|(c, _, _)| *c == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Province)
    }

    fn entry(self) -> (&'static str, &'static str, &'static str) {
        PROVINCES
            .get(usize::from(self.0))
            .copied()
            .unwrap_or(("00", "未知", "unknown"))
    }

    /// The two-digit code, e.g. `"11"`.
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// The Chinese name, e.g. `"北京市"`.
    pub fn name_zh(self) -> &'static str {
        self.entry().1
    }

    /// The English name, e.g. `"Beijing"`.
    pub fn name_en(self) -> &'static str {
        self.entry().2
    }

    /// The province encoded in digits 3–4 of a 10-digit MoE institution code, when the code is
    /// well formed (10 ASCII digits) and those digits are a known province.
    ///
    /// # Example
    /// ```
    /// use qgx_core::Province;
    /// assert_eq!(Province::of_institution("4111010001").map(|p| p.code()), Some("11"));
    /// assert_eq!(Province::of_institution("41110100"), None);
    /// ```
    pub fn of_institution(code: &str) -> Option<Province> {
        if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        code.get(2..4)
            .and_then(Province::from_code)
            .filter(|p| *p != Province::CORPS)
    }

    /// R-ELIG, R-ROUTE — the home of an institution (§4.1, §4.4): `"66"` for a Corps
    /// institution, whose code must name Xinjiang (`65`); else digits 3–4 of its code. `None`
    /// when the code is malformed (the finding `bad_institution_code`).
    ///
    /// # Example
    /// ```
    /// use qgx_core::Province;
    /// assert_eq!(Province::home_of("6165010001", true).map(|p| p.code()), Some("66"));
    /// assert_eq!(Province::home_of("6165010001", false).map(|p| p.code()), Some("65"));
    /// assert_eq!(Province::home_of("4111010001", true), None);
    /// ```
    pub fn home_of(code: &str, corps: bool) -> Option<Province> {
        let digits = Province::of_institution(code)?;
        match (corps, digits.code()) {
            (false, _) => Some(digits),
            (true, "65") => Some(Province::CORPS),
            (true, _) => None,
        }
    }
}

impl Default for Province {
    /// Beijing (`"11"`), the first code.
    fn default() -> Self {
        Province(0)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Province {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Province {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(crate::time::ParseStr(|s| {
            Province::from_code(s).ok_or_else(|| format!(
                "unknown province `{s}`, expected a GB/T 2260 two-digit code such as \"11\" (one of the 31 provinces) or \"66\" (新疆生产建设兵团)"
            ))
        }))
    }
}

impl JsonSchema for Province {
    fn schema_name() -> Cow<'static, str> {
        "Province".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = PROVINCES.iter().map(|(c, _, _)| *c).collect();
        json_schema!({
            "type": "string",
            "description": "two-digit province code: one of the 31 GB/T 2260 codes, or \"66\" for 新疆生产建设兵团",
            "enum": codes,
        })
    }
}

/// Reads a unit enum's wire name, and only from a JSON string (a number or an object where a
/// name belongs is the wrong type, not a syntax error as serde's own enum reading makes it),
/// with serde's `unknown variant` message; gives the name's place in `names`. One visitor for
/// every enum, not generic over it, keeps the WebAssembly module small.
pub(crate) struct WireVisitor(pub(crate) &'static [&'static str]);

impl serde::de::Visitor<'_> for WireVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of ")?;
        for (i, name) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}`{name}`")?;
        }
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == s)
            .ok_or_else(|| E::unknown_variant(s, self.0))
    }
}

/// `Deserialize` for a unit enum from its wire names (see [`WireVisitor`]).
macro_rules! deserialize_wire {
    ($name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($wire),+];
                let i = d.deserialize_str($crate::vocab::WireVisitor(NAMES))?;
                [$($name::$variant),+]
                    .get(i)
                    .copied()
                    .ok_or_else(|| serde::de::Error::unknown_variant("", NAMES))
            }
        }
    };
}
pub(crate) use deserialize_wire;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal, $zh:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[doc = $zh] $variant,)+
        }

        deserialize_wire!($name { $($variant = $wire),+ });

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The wire name (snake_case).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// The Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)+ }
            }

            /// A bit of its own (every enum here has fewer than 64 values), for sets as masks.
            #[allow(dead_code)]
            pub(crate) fn bit(self) -> u64 {
                1u64 << (self as u32)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// `branch.kind`: the kind of party branch.
    BranchKind {
        Teacher = "teacher", "教师党支部";
        TeacherStudent = "teacher_student", "师生联合党支部";
        Student = "student", "学生党支部";
        Other = "other", "其他党支部";
    }
);

wire_enum!(
    /// `role`: the applicant's role in the branch.
    Role {
        Secretary = "secretary", "书记";
        DeputySecretary = "deputy_secretary", "副书记";
        Member = "member", "委员";
    }
);

wire_enum!(
    /// The level of a studio or a branch honour.
    Level {
        University = "university", "校级";
        Provincial = "provincial", "省级";
        National = "national", "全国";
    }
);

wire_enum!(
    /// The status of a 双带头人工作室.
    StudioStatus {
        Established = "established", "已建成";
        Construction = "construction", "建设对象";
    }
);

wire_enum!(
    /// The status of a 党建工作样板支部 rating.
    HonorStatus {
        Model = "model", "样板支部";
        Cultivation = "cultivation", "培育创建单位";
    }
);

wire_enum!(
    /// The four tasks of the notice, 二(一)–(四).
    Task {
        PartyBuilding = "party_building", "开展党建联建";
        EducationService = "education_service", "提供教育服务";
        TechEmpowerment = "tech_empowerment", "推动科技赋能";
        PracticeEducation = "practice_education", "深化实践育人";
    }
);

wire_enum!(
    /// An activity's form (`form`); which forms a task allows is [`Task::allows_form`].
    Form {
        PartyLecture = "party_lecture", "专题党课讲授";
        TheoryOutreach = "theory_outreach", "政策理论宣讲";
        ExperienceExchange = "experience_exchange", "党建经验交流";
        ResourceSharing = "resource_sharing", "党建资源共享";
        Lecture = "lecture", "专题讲座";
        SkillsTraining = "skills_training", "技能培训";
        ScienceOutreach = "science_outreach", "科普活动";
        Donation = "donation", "捐赠资助";
        TeachingSeminar = "teaching_seminar", "教育教学研讨";
        CurriculumExchange = "curriculum_exchange", "课程建设交流";
        DisciplineConsulting = "discipline_consulting", "学科发展咨询";
        PolicyAdvice = "policy_advice", "咨政建言";
        TechDevelopment = "tech_development", "科技开发";
        CreativeDesign = "creative_design", "创意设计";
        CulturalCommunication = "cultural_communication", "文化传播";
        PlatformSupport = "platform_support", "研究院/创新中心/赋能站/赋能点建设支持";
        FieldResearch = "field_research", "调查研究";
        Interviews = "interviews", "访问访谈";
        VolunteerService = "volunteer_service", "志愿服务";
        ProfessionalInternship = "professional_internship", "专业实习";
        EmploymentTraineeship = "employment_traineeship", "就业见习";
        Other = "other", "其他形式";
    }
);

wire_enum!(
    /// A partner's kind (`partner.kind`); which kinds a task allows is [`Task::allows_partner`].
    PartnerKind {
        LocalPartyGovernment = "local_party_government", "地方党委政府";
        EnterpriseInstitution = "enterprise_institution", "企事业单位";
        ResearchInstitute = "research_institute", "科研机构";
        GrassrootsCommunity = "grassroots_community", "基层社区";
        EducationAuthority = "education_authority", "地方教育管理部门";
        School = "school", "学校";
        TeachersStudents = "teachers_students", "师生";
        PartyGovernmentOrgan = "party_government_organ", "党政机关";
        PublicInstitution = "public_institution", "事业单位";
        LeadingEnterprise = "leading_enterprise", "龙头企业";
        Subdistrict = "subdistrict", "街道";
        Township = "township", "乡镇";
        Community = "community", "社区";
        Enterprise = "enterprise", "企业";
        Hospital = "hospital", "医院";
        Other = "other", "其他对象";
    }
);

wire_enum!(
    /// An encouraged output's kind; which kinds belong to a task is [`Task::allows_output`].
    OutputKind {
        QualityPartyLesson = "quality_party_lesson", "精品党课";
        IdeologicalCourseDemo = "ideological_course_demo", "课程思政示范课程";
        ServiceBrandActivity = "service_brand_activity", "教育服务品牌活动";
        BigIdeologyCourse = "big_ideology_course", "大思政课";
        IurPlatform = "iur_platform", "产学研用合作平台";
        AchievementTransfer = "achievement_transfer", "成果转化落地";
        ResearchReport = "research_report", "高质量调研报告";
        ConsultingReport = "consulting_report", "地方发展咨询报告";
        Other = "other", "其他成果";
    }
);

impl Task {
    /// The clause that defines this task (`R-TASK-1` … `R-TASK-4`).
    pub fn rule(self) -> crate::Rule {
        match self {
            Task::PartyBuilding => crate::Rule::Task1,
            Task::EducationService => crate::Rule::Task2,
            Task::TechEmpowerment => crate::Rule::Task3,
            Task::PracticeEducation => crate::Rule::Task4,
        }
    }

    /// The forms this task allows (`other` among them, which needs a note).
    pub fn forms(self) -> &'static [Form] {
        use Form::*;
        match self {
            Task::PartyBuilding => &[
                PartyLecture,
                TheoryOutreach,
                ExperienceExchange,
                ResourceSharing,
                Other,
            ],
            Task::EducationService => &[
                Lecture,
                SkillsTraining,
                ScienceOutreach,
                Donation,
                TeachingSeminar,
                CurriculumExchange,
                DisciplineConsulting,
                Other,
            ],
            Task::TechEmpowerment => &[
                PolicyAdvice,
                TechDevelopment,
                CreativeDesign,
                CulturalCommunication,
                PlatformSupport,
                Other,
            ],
            Task::PracticeEducation => &[
                FieldResearch,
                Interviews,
                VolunteerService,
                ProfessionalInternship,
                EmploymentTraineeship,
                Other,
            ],
        }
    }

    /// The partner kinds this task allows (`other` among them, which needs a note).
    pub fn partners(self) -> &'static [PartnerKind] {
        use PartnerKind::*;
        match self {
            Task::PartyBuilding => &[
                LocalPartyGovernment,
                EnterpriseInstitution,
                ResearchInstitute,
                GrassrootsCommunity,
                Other,
            ],
            Task::EducationService => &[EducationAuthority, School, TeachersStudents, Other],
            Task::TechEmpowerment => &[
                PartyGovernmentOrgan,
                PublicInstitution,
                LeadingEnterprise,
                Other,
            ],
            Task::PracticeEducation => &[
                PartyGovernmentOrgan,
                Subdistrict,
                Township,
                Community,
                Enterprise,
                School,
                Hospital,
                Other,
            ],
        }
    }

    /// The encouraged outputs of this task.
    pub fn outputs(self) -> &'static [OutputKind] {
        use OutputKind::*;
        match self {
            Task::PartyBuilding => &[QualityPartyLesson, IdeologicalCourseDemo, Other],
            Task::EducationService => &[ServiceBrandActivity, BigIdeologyCourse, Other],
            Task::TechEmpowerment => &[IurPlatform, AchievementTransfer, Other],
            Task::PracticeEducation => &[ResearchReport, ConsultingReport, Other],
        }
    }

    /// Whether `form` is one of this task's forms.
    pub fn allows_form(self, form: Form) -> bool {
        self.forms().contains(&form)
    }

    /// Whether `kind` is one of this task's partner kinds.
    pub fn allows_partner(self, kind: PartnerKind) -> bool {
        self.partners().contains(&kind)
    }

    /// Whether `kind` is one of this task's encouraged outputs.
    pub fn allows_output(self, kind: OutputKind) -> bool {
        self.outputs().contains(&kind)
    }
}

/// A value for each of the four tasks, serialised as an object keyed by task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(bound = "T: JsonSchema + Default + Serialize")]
pub struct PerTask<T> {
    #[serde(default)]
    pub party_building: T,
    #[serde(default)]
    pub education_service: T,
    #[serde(default)]
    pub tech_empowerment: T,
    #[serde(default)]
    pub practice_education: T,
}

crate::wire::de::deserialize_struct!(PerTask<T> {
    party_building: default,
    education_service: default,
    tech_empowerment: default,
    practice_education: default,
});

impl<T> PerTask<T> {
    /// Builds one value per task.
    pub fn from_fn(mut f: impl FnMut(Task) -> T) -> Self {
        PerTask {
            party_building: f(Task::PartyBuilding),
            education_service: f(Task::EducationService),
            tech_empowerment: f(Task::TechEmpowerment),
            practice_education: f(Task::PracticeEducation),
        }
    }

    /// The value for `task`.
    pub fn get(&self, task: Task) -> &T {
        match task {
            Task::PartyBuilding => &self.party_building,
            Task::EducationService => &self.education_service,
            Task::TechEmpowerment => &self.tech_empowerment,
            Task::PracticeEducation => &self.practice_education,
        }
    }

    /// The value for `task`, mutably.
    pub fn get_mut(&mut self, task: Task) -> &mut T {
        match task {
            Task::PartyBuilding => &mut self.party_building,
            Task::EducationService => &mut self.education_service,
            Task::TechEmpowerment => &mut self.tech_empowerment,
            Task::PracticeEducation => &mut self.practice_education,
        }
    }

    /// The tasks with their values, in the notice's order.
    pub fn iter(&self) -> impl Iterator<Item = (Task, &T)> {
        Task::ALL.iter().map(move |t| (*t, self.get(*t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value is written as its wire name and read back from it; nothing but that string
    /// is read.
    fn wire_names_round_trip<T>(all: &[T])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + Serialize + serde::de::DeserializeOwned,
    {
        for &v in all {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{v}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
            let map = format!("{{{json}: null}}");
            let e = serde_json::from_str::<T>(&map).unwrap_err();
            assert!(e.is_data(), "{e}");
        }
        let e = serde_json::from_str::<T>("\"nope\"").unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("unknown variant `nope`, expected "),
            "{message}"
        );
        let e = serde_json::from_str::<T>("7").unwrap_err();
        assert!(e.is_data(), "{e}");
        assert!(
            e.to_string()
                .starts_with("invalid type: integer `7`, expected one of `")
        );
    }

    /// The enums without a `Display`: each value is its name on the wire, both ways.
    fn named<T>(pairs: &[(T, &str)])
    where
        T: Copy + PartialEq + fmt::Debug + Serialize + serde::de::DeserializeOwned,
    {
        for &(v, name) in pairs {
            let json = format!("\"{name}\"");
            assert_eq!(serde_json::to_string(&v).unwrap(), json);
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
        }
        let e = serde_json::from_str::<T>("1").unwrap_err();
        assert!(e.is_data(), "{e}");
    }

    #[test]
    fn enums_are_read_from_their_wire_names_only() {
        wire_names_round_trip(BranchKind::ALL);
        wire_names_round_trip(Role::ALL);
        wire_names_round_trip(Level::ALL);
        wire_names_round_trip(StudioStatus::ALL);
        wire_names_round_trip(HonorStatus::ALL);
        wire_names_round_trip(Task::ALL);
        wire_names_round_trip(Form::ALL);
        wire_names_round_trip(PartnerKind::ALL);
        wire_names_round_trip(OutputKind::ALL);
        named(&[
            (crate::ReviewDecision::Approved, "approved"),
            (crate::ReviewDecision::Rejected, "rejected"),
            (crate::ReviewDecision::Pending, "pending"),
        ]);
        named(&[
            (crate::OfficeDecision::Approved, "approved"),
            (crate::OfficeDecision::Rejected, "rejected"),
        ]);
        named(&[
            (crate::PriorityMode::TierFirst, "tier_first"),
            (crate::PriorityMode::TieBreak, "tie_break"),
            (crate::PriorityMode::None, "none"),
        ]);
        named(&[
            (crate::LateListPolicy::Flag, "flag"),
            (crate::LateListPolicy::Exclude, "exclude"),
        ]);
    }

    #[test]
    fn thirty_one_provinces_round_trip() {
        assert_eq!(Province::all().count(), 32);
        for p in Province::all() {
            assert_eq!(Province::from_code(p.code()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Province>(&json).unwrap(), p);
        }
        assert!(serde_json::from_str::<Province>("\"99\"").is_err());
    }

    #[test]
    fn institution_code_province() {
        assert_eq!(
            Province::of_institution("4111010001"),
            Province::from_code("11")
        );
        assert_eq!(Province::of_institution("4199010001"), None);
        assert_eq!(Province::of_institution("41110100a1"), None);
        assert_eq!(Province::of_institution("４１11010001"), None);
    }

    #[test]
    fn shared_vocabulary_is_task_specific() {
        assert!(Task::TechEmpowerment.allows_partner(PartnerKind::PartyGovernmentOrgan));
        assert!(Task::PracticeEducation.allows_partner(PartnerKind::PartyGovernmentOrgan));
        assert!(!Task::PartyBuilding.allows_partner(PartnerKind::School));
        assert!(Task::EducationService.allows_partner(PartnerKind::School));
        for t in Task::ALL {
            assert!(t.allows_form(Form::Other));
            assert!(t.allows_partner(PartnerKind::Other));
            assert!(t.allows_output(OutputKind::Other));
            assert_eq!(t.outputs().len(), 3);
        }
        // Every form and output belongs to exactly one task (`other` to all).
        for f in Form::ALL.iter().filter(|f| **f != Form::Other) {
            assert_eq!(Task::ALL.iter().filter(|t| t.allows_form(*f)).count(), 1);
        }
        for o in OutputKind::ALL.iter().filter(|o| **o != OutputKind::Other) {
            assert_eq!(Task::ALL.iter().filter(|t| t.allows_output(*o)).count(), 1);
        }
    }
}
