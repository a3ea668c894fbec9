//! Every sheet and column the readers know, in one table: its Chinese and English names, its
//! type, whether it is required, where it goes in the JSON of RULES.md §3 and what 填写说明 says
//! about it. The readers, the templates, the error messages and the pointer-to-cell map all
//! read this table.

use crate::vocab::Enumeration;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// Text, as written (a number cell is written without a trailing `.0`).
    Text,
    /// A whole number (may be negative: the core decides the range).
    Int,
    /// A whole number from 0 (a quota, a count of people).
    Count,
    /// A number within `min..=max`.
    Number { min: f64, max: f64 },
    /// A batch: `3`, `第3批`, `第三批`.
    Batch,
    /// One of an enumeration's values (wire name or Chinese label).
    Enum(Enumeration),
    /// A civil date `YYYY-MM-DD` (a date cell, or text).
    Date,
    /// An RFC 3339 timestamp; without an offset it is read as +08:00 (a date cell too).
    Timestamp,
    /// Several texts: a JSON array of strings, or items separated by line breaks or `;`/`；`.
    List,
    /// `CODE:N` pairs separated by `;` (a province's university quotas).
    Quotas,
    /// A JSON document in one cell (the CSV's `plan`).
    Json,
}

impl Ty {
    /// What a cell of this type must hold, for messages and 填写说明.
    pub fn expected(self) -> String {
        match self {
            Ty::Text => "text".into(),
            Ty::Int => "a whole number".into(),
            Ty::Count => "a whole number from 0".into(),
            Ty::Number { min, max } => format!("a number from {min} to {max}"),
            Ty::Batch => "a batch number (3, 第3批 or 第三批)".into(),
            Ty::Enum(e) => e.expected(),
            Ty::Date => "a date YYYY-MM-DD".into(),
            Ty::Timestamp => "a date and time (YYYY-MM-DD HH:MM, +08:00 unless given)".into(),
            Ty::List => "texts separated by line breaks or ;".into(),
            Ty::Quotas => "CODE:N pairs separated by ;".into(),
            Ty::Json => "JSON".into(),
        }
    }

    /// The same, in Chinese, for 填写说明.
    pub fn expected_zh(self) -> String {
        match self {
            Ty::Text => "文本".into(),
            Ty::Int => "整数".into(),
            Ty::Count => "非负整数".into(),
            Ty::Number { min, max } => format!("{min}–{max} 的数字"),
            Ty::Batch => "批次：3、第3批或第三批".into(),
            Ty::Enum(e) => {
                let zh: Vec<String> = e.choices().into_iter().map(|c| c.zh).collect();
                format!("下拉选择：{}", zh.join("、"))
            }
            Ty::Date => "日期（YYYY-MM-DD）".into(),
            Ty::Timestamp => "日期时间（YYYY-MM-DD HH:MM，未注明时区按北京时间）".into(),
            Ty::List => "多项以换行或分号分隔".into(),
            Ty::Quotas => "学校标识码:名额，多项以分号分隔".into(),
            Ty::Json => "JSON 文本".into(),
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The English name (the CSV header of today's reader).
    pub key: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// Where the value goes in the row's JSON object (a JSON Pointer).
    pub pointer: &'static str,
    /// What 填写说明 says.
    pub help: &'static str,
    /// Shown in templates (false: accepted on reading only).
    pub in_template: bool,
}

const fn col(
    key: &'static str,
    zh: &'static str,
    ty: Ty,
    required: bool,
    pointer: &'static str,
    help: &'static str,
) -> Column {
    Column {
        key,
        zh,
        ty,
        required,
        pointer,
        help,
        in_template: true,
    }
}

/// Which sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetId {
    Applications,
    PlanObjectives,
    PlanActivities,
    PlanOutputs,
    Milestones,
    Provinces,
    UniversityQuotas,
    Decisions,
    Studios,
    Branches,
    Reports,
    Activities,
    Outputs,
}

/// One sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetSpec {
    pub id: SheetId,
    pub zh: &'static str,
    pub en: &'static str,
    pub help: &'static str,
    pub columns: &'static [Column],
}

impl SheetSpec {
    /// The column whose Chinese or English header is `header` (trimmed; English case-blind).
    pub fn column(&self, header: &str) -> Option<&'static Column> {
        let h = header.trim();
        self.columns
            .iter()
            .find(|c| c.zh == h || c.key.eq_ignore_ascii_case(h))
    }

    /// The column a JSON Pointer inside a row's object comes from: the column at that pointer
    /// or under it, else the nearest column above it.
    pub fn column_at(&self, pointer: &str) -> Option<&'static Column> {
        let exact = self.columns.iter().find(|c| c.pointer == pointer);
        let below = || {
            self.columns
                .iter()
                .find(|c| c.pointer.starts_with(&format!("{pointer}/")))
        };
        let above = || {
            self.columns
                .iter()
                .filter(|c| pointer.starts_with(&format!("{}/", c.pointer)))
                .max_by_key(|c| c.pointer.len())
        };
        exact.or_else(below).or_else(above)
    }

    /// `申报 (applications)`.
    pub fn title(&self) -> String {
        format!("{} ({})", self.zh, self.en)
    }
}

const APPLICATION_ID: Column = col(
    "application_id",
    "申报编号",
    Ty::Text,
    true,
    "",
    "该行所属申报的申报编号（与“申报”表一致）",
);

const TASK: Column = col(
    "task",
    "任务",
    Ty::Enum(Enumeration::Task),
    true,
    "/task",
    "四项任务之一（通知二（一）至（四））",
);

const PLAN_YEAR: Column = col(
    "year",
    "年度",
    Ty::Int,
    true,
    "/year",
    "计划在行动周期第几年开展（1 至 3）",
);

const REPORT_YEAR: Column = col(
    "cycle_year",
    "年度",
    Ty::Int,
    true,
    "/cycle_year",
    "报告所属的行动周期年度（1 至 3）",
);

pub const APPLICATIONS: SheetSpec = SheetSpec {
    id: SheetId::Applications,
    zh: "申报",
    en: "applications",
    help: "每行一份申报",
    columns: &[
        col(
            "id",
            "申报编号",
            Ty::Text,
            true,
            "/id",
            "唯一的申报编号，如 A-0001",
        ),
        col(
            "person_id",
            "人员编号",
            Ty::Text,
            true,
            "/person_id",
            "申报人的唯一编号（同一人多次申报时相同）",
        ),
        col("name", "姓名", Ty::Text, false, "/name", "申报人姓名"),
        col(
            "institution_code",
            "学校标识码",
            Ty::Text,
            true,
            "/institution/code",
            "10 位教育部学校标识码，第 3–4 位为省份代码",
        ),
        col(
            "institution_name",
            "学校名称",
            Ty::Text,
            false,
            "/institution/name",
            "学校全称",
        ),
        col(
            "higher_education",
            "是否高校",
            Ty::Enum(Enumeration::Bool),
            true,
            "/institution/higher_education",
            "是否为高等学校（是/否）",
        ),
        col(
            "corps",
            "兵团高校",
            Ty::Enum(Enumeration::Bool),
            false,
            "/institution/corps",
            "是否为新疆生产建设兵团所属高校（空：否）",
        ),
        col(
            "province",
            "所在省份",
            Ty::Enum(Enumeration::Province),
            true,
            "/province",
            "报送的省级党委教育工作部门（省份名称或代码；兵团高校报新疆生产建设兵团）",
        ),
        col(
            "branch_name",
            "支部名称",
            Ty::Text,
            false,
            "/branch/name",
            "党支部全称（与样板支部名单比对时去除首尾空格）",
        ),
        col(
            "branch_kind",
            "支部类型",
            Ty::Enum(Enumeration::BranchKind),
            true,
            "/branch/kind",
            "党支部类型",
        ),
        col(
            "role",
            "职务",
            Ty::Enum(Enumeration::Role),
            true,
            "/role",
            "申报人在支部的职务",
        ),
        col(
            "dual_leader",
            "双带头人",
            Ty::Enum(Enumeration::Bool),
            true,
            "/dual_leader",
            "是否为“双带头人”（是/否）",
        ),
        col(
            "studio_level",
            "工作室级别",
            Ty::Enum(Enumeration::Level),
            false,
            "/studio/level",
            "“双带头人”工作室级别（空：无工作室）",
        ),
        col(
            "studio_batch",
            "工作室批次",
            Ty::Batch,
            false,
            "/studio/batch",
            "全国工作室的批次（级别为全国时必填）",
        ),
        col(
            "studio_status",
            "工作室状态",
            Ty::Enum(Enumeration::StudioStatus),
            false,
            "/studio/status",
            "全国工作室的状态（级别为全国时必填）",
        ),
        col(
            "honor_level",
            "样板支部级别",
            Ty::Enum(Enumeration::Level),
            false,
            "/branch_honor/level",
            "党建工作样板支部级别（空：无）",
        ),
        col(
            "honor_batch",
            "样板支部批次",
            Ty::Batch,
            false,
            "/branch_honor/batch",
            "全国样板支部的批次（级别为全国时必填）",
        ),
        col(
            "honor_status",
            "样板支部状态",
            Ty::Enum(Enumeration::HonorStatus),
            false,
            "/branch_honor/status",
            "全国样板支部的状态（级别为全国时必填）",
        ),
        col(
            "review_decision",
            "学校党委审核",
            Ty::Enum(Enumeration::ReviewDecision),
            false,
            "/university_review/decision",
            "学校党委审核结果（空：未审核，即待审核）",
        ),
        col(
            "review_date",
            "审核日期",
            Ty::Date,
            false,
            "/university_review/date",
            "学校党委审核日期",
        ),
        col(
            "submitted_at",
            "提交时间",
            Ty::Timestamp,
            false,
            "/submitted_at",
            "申报提交时间（同一人多份申报时用于取舍）",
        ),
        col(
            "merit_score",
            "评分",
            Ty::Number {
                min: 0.0,
                max: 100.0,
            },
            false,
            "/merit_score",
            "省级评审得分 0–100（空：按计划书得分排序）",
        ),
        Column {
            in_template: false,
            ..col(
                "plan",
                "计划书JSON",
                Ty::Json,
                false,
                "/plan",
                "计划书的 JSON（与“计划目标”等表二选一）",
            )
        },
    ],
};

pub const PLAN_OBJECTIVES: SheetSpec = SheetSpec {
    id: SheetId::PlanObjectives,
    zh: "计划目标",
    en: "plan_objectives",
    help: "计划书：每份申报一行，四项任务的目标",
    columns: &[
        APPLICATION_ID,
        col(
            "party_building",
            "党建联建目标",
            Ty::Text,
            false,
            "/objectives/party_building",
            "开展党建联建的目标",
        ),
        col(
            "education_service",
            "教育服务目标",
            Ty::Text,
            false,
            "/objectives/education_service",
            "提供教育服务的目标",
        ),
        col(
            "tech_empowerment",
            "科技赋能目标",
            Ty::Text,
            false,
            "/objectives/tech_empowerment",
            "推动科技赋能的目标",
        ),
        col(
            "practice_education",
            "实践育人目标",
            Ty::Text,
            false,
            "/objectives/practice_education",
            "深化实践育人的目标",
        ),
    ],
};

pub const PLAN_ACTIVITIES: SheetSpec = SheetSpec {
    id: SheetId::PlanActivities,
    zh: "计划活动",
    en: "plan_activities",
    help: "计划书：每项计划开展的活动一行",
    columns: &[
        APPLICATION_ID,
        TASK,
        col(
            "form",
            "活动形式",
            Ty::Enum(Enumeration::Form),
            true,
            "/form",
            "开展形式（须为该任务允许的形式）",
        ),
        col(
            "note",
            "形式说明",
            Ty::Text,
            false,
            "/note",
            "形式为“其他形式”时必填",
        ),
        col(
            "partner_kind",
            "合作对象类型",
            Ty::Enum(Enumeration::PartnerKind),
            true,
            "/partner/kind",
            "合作对象类型（须为该任务允许的类型）",
        ),
        col(
            "partner_name",
            "合作对象名称",
            Ty::Text,
            false,
            "/partner/name",
            "合作单位名称",
        ),
        col(
            "partner_note",
            "合作对象说明",
            Ty::Text,
            false,
            "/partner/note",
            "类型为“其他对象”时必填",
        ),
        PLAN_YEAR,
    ],
};

pub const PLAN_OUTPUTS: SheetSpec = SheetSpec {
    id: SheetId::PlanOutputs,
    zh: "计划成果",
    en: "plan_outputs",
    help: "计划书：每项预期成果一行（鼓励项，不影响完整性）",
    columns: &[
        APPLICATION_ID,
        TASK,
        col(
            "kind",
            "成果类型",
            Ty::Enum(Enumeration::OutputKind),
            true,
            "/kind",
            "成果类型（“其他成果”须填说明）",
        ),
        PLAN_YEAR,
        col(
            "note",
            "说明",
            Ty::Text,
            false,
            "/note",
            "成果类型为“其他成果”时必填",
        ),
    ],
};

pub const MILESTONES: SheetSpec = SheetSpec {
    id: SheetId::Milestones,
    zh: "年度节点",
    en: "milestones",
    help: "计划书：每份申报每个年度一行",
    columns: &[
        APPLICATION_ID,
        col(
            "year",
            "年度",
            Ty::Text,
            true,
            "",
            "行动周期的第几年（1、2、3）",
        ),
        col(
            "milestone",
            "节点目标",
            Ty::Text,
            false,
            "/milestone",
            "该年度要达到的阶段目标",
        ),
    ],
};

pub const PROVINCES: SheetSpec = SheetSpec {
    id: SheetId::Provinces,
    zh: "省份",
    en: "provinces",
    help: "每个省级党委教育工作部门一行",
    columns: &[
        col(
            "province",
            "省份",
            Ty::Enum(Enumeration::Province),
            true,
            "/province",
            "省份名称或代码（新疆生产建设兵团：66）",
        ),
        col(
            "national_quota",
            "全国推荐名额",
            Ty::Count,
            true,
            "/national_quota",
            "专项行动办分配的推荐名额",
        ),
        col(
            "provincial_quota",
            "省级团队名额",
            Ty::Count,
            false,
            "/provincial_quota",
            "省级团队名额（空：尚未确定，候选人为“省级团队候选”）",
        ),
        col(
            "list_submitted_at",
            "名单报送时间",
            Ty::Timestamp,
            false,
            "/list_submitted_at",
            "推荐名单报送专项行动办的时间（空：无法判断是否逾期）",
        ),
        Column {
            in_template: false,
            ..col(
                "university_quotas",
                "高校推荐名额",
                Ty::Quotas,
                false,
                "/university_quotas",
                "学校标识码:名额，以分号分隔（也可用“高校名额”表）",
            )
        },
    ],
};

pub const UNIVERSITY_QUOTAS: SheetSpec = SheetSpec {
    id: SheetId::UniversityQuotas,
    zh: "高校名额",
    en: "university_quotas",
    help: "省份给各高校的推荐名额（可选），每校一行",
    columns: &[
        col(
            "province",
            "省份",
            Ty::Enum(Enumeration::Province),
            true,
            "",
            "该高校所报送的省份",
        ),
        col(
            "institution_code",
            "学校标识码",
            Ty::Text,
            true,
            "/code",
            "10 位学校标识码",
        ),
        col(
            "quota",
            "名额",
            Ty::Count,
            true,
            "/quota",
            "该校可向省里推荐的人数",
        ),
    ],
};

pub const DECISIONS: SheetSpec = SheetSpec {
    id: SheetId::Decisions,
    zh: "备案审核",
    en: "office_decisions",
    help: "专项行动办备案审核结果，每份已审核的推荐一行（未列出：尚未审核）",
    columns: &[
        col("id", "申报编号", Ty::Text, true, "", "被推荐申报的申报编号"),
        col(
            "decision",
            "审核结果",
            Ty::Enum(Enumeration::OfficeDecision),
            true,
            "/decision",
            "已通过（入选全国团队）或未通过（转入省级团队评选）",
        ),
    ],
};

pub const STUDIOS: SheetSpec = SheetSpec {
    id: SheetId::Studios,
    zh: "全国工作室",
    en: "national_studios",
    help: "全国“双带头人”教师党支部书记工作室名单（官方名单；有此表即以名单为准）",
    columns: &[
        col(
            "person_id",
            "人员编号",
            Ty::Text,
            true,
            "/person_id",
            "工作室负责人的人员编号",
        ),
        col("batch", "批次", Ty::Batch, true, "/batch", "第几批"),
        col(
            "status",
            "状态",
            Ty::Enum(Enumeration::StudioStatus),
            true,
            "/status",
            "已建成或建设对象",
        ),
        col(
            "province",
            "省份",
            Ty::Enum(Enumeration::Province),
            false,
            "/province",
            "所在省份（可空）",
        ),
    ],
};

pub const BRANCHES: SheetSpec = SheetSpec {
    id: SheetId::Branches,
    zh: "样板支部",
    en: "national_model_branches",
    help: "全国党建工作样板支部名单（官方名单；有此表即以名单为准）",
    columns: &[
        col(
            "institution_code",
            "学校标识码",
            Ty::Text,
            true,
            "/institution_code",
            "10 位学校标识码",
        ),
        col(
            "branch_name",
            "支部名称",
            Ty::Text,
            true,
            "/branch_name",
            "党支部全称",
        ),
        col("batch", "批次", Ty::Batch, true, "/batch", "第几批"),
        col(
            "status",
            "状态",
            Ty::Enum(Enumeration::HonorStatus),
            true,
            "/status",
            "样板支部或培育创建单位",
        ),
    ],
};

pub const REPORTS: SheetSpec = SheetSpec {
    id: SheetId::Reports,
    zh: "报告",
    en: "reports",
    help: "年度开展情况报告，每份报告一行",
    columns: &[
        col(
            "application_id",
            "申报编号",
            Ty::Text,
            true,
            "/application_id",
            "报告所属申报的申报编号",
        ),
        REPORT_YEAR,
        REPORT_ID,
        col(
            "submitted_at",
            "提交时间",
            Ty::Timestamp,
            false,
            "/submitted_at",
            "在高校思政网提交的时间（空：草稿）",
        ),
        col(
            "summary",
            "年度总结",
            Ty::Text,
            true,
            "/summary",
            "年度开展情况总结",
        ),
    ],
};

const REPORT_ID: Column = col(
    "report_id",
    "报告编号",
    Ty::Text,
    false,
    "",
    "报告的编号（可空；同一申报同一年度有多份报告时用于区分，活动、成果表中填所属报告的编号）",
);

const EVIDENCE: Column = col(
    "evidence",
    "佐证材料",
    Ty::List,
    false,
    "/evidence",
    "佐证材料（链接或文件名），多项以换行或分号分隔",
);

pub const ACTIVITIES: SheetSpec = SheetSpec {
    id: SheetId::Activities,
    zh: "活动",
    en: "activities",
    help: "年度报告：每项开展的活动一行",
    columns: &[
        col(
            "application_id",
            "申报编号",
            Ty::Text,
            true,
            "",
            "报告所属申报的申报编号",
        ),
        Column {
            pointer: "",
            ..REPORT_YEAR
        },
        REPORT_ID,
        Column {
            pointer: "",
            ..TASK
        },
        col(
            "date",
            "日期",
            Ty::Date,
            true,
            "/date",
            "活动日期（须在报告年度内）",
        ),
        col(
            "form",
            "活动形式",
            Ty::Enum(Enumeration::Form),
            true,
            "/form",
            "开展形式（须为该任务允许的形式）",
        ),
        col(
            "note",
            "形式说明",
            Ty::Text,
            false,
            "/note",
            "形式为“其他形式”时必填",
        ),
        col(
            "partner_kind",
            "合作对象类型",
            Ty::Enum(Enumeration::PartnerKind),
            true,
            "/partner/kind",
            "合作对象类型（须为该任务允许的类型）",
        ),
        col(
            "partner_name",
            "合作对象名称",
            Ty::Text,
            false,
            "/partner/name",
            "合作单位名称",
        ),
        col(
            "partner_note",
            "合作对象说明",
            Ty::Text,
            false,
            "/partner/note",
            "类型为“其他对象”时必填",
        ),
        col(
            "teachers",
            "教师人数",
            Ty::Count,
            true,
            "/participants/teachers",
            "参加的教师人数",
        ),
        col(
            "students",
            "学生人数",
            Ty::Count,
            true,
            "/participants/students",
            "参加的学生人数",
        ),
        col(
            "rural_revitalization",
            "乡村振兴",
            Ty::Enum(Enumeration::Bool),
            false,
            "/rural_revitalization",
            "是否服务乡村振兴（空：否）",
        ),
        col(
            "description",
            "活动描述",
            Ty::Text,
            true,
            "/description",
            "活动内容（至少 20 字）",
        ),
        EVIDENCE,
    ],
};

pub const OUTPUTS: SheetSpec = SheetSpec {
    id: SheetId::Outputs,
    zh: "成果",
    en: "outputs",
    help: "年度报告：每项成果一行（鼓励项，不影响完整性）",
    columns: &[
        col(
            "application_id",
            "申报编号",
            Ty::Text,
            true,
            "",
            "报告所属申报的申报编号",
        ),
        Column {
            pointer: "",
            ..REPORT_YEAR
        },
        REPORT_ID,
        Column {
            pointer: "",
            ..TASK
        },
        col(
            "kind",
            "成果类型",
            Ty::Enum(Enumeration::OutputKind),
            true,
            "/kind",
            "成果类型（“其他成果”须填说明）",
        ),
        col("title", "成果名称", Ty::Text, false, "/title", "成果名称"),
        col(
            "note",
            "说明",
            Ty::Text,
            false,
            "/note",
            "成果类型为“其他成果”时必填",
        ),
        EVIDENCE,
    ],
};

/// Every sheet the readers know.
pub const ALL_SHEETS: &[&SheetSpec] = &[
    &APPLICATIONS,
    &PLAN_OBJECTIVES,
    &PLAN_ACTIVITIES,
    &PLAN_OUTPUTS,
    &MILESTONES,
    &PROVINCES,
    &UNIVERSITY_QUOTAS,
    &DECISIONS,
    &STUDIOS,
    &BRANCHES,
    &REPORTS,
    &ACTIVITIES,
    &OUTPUTS,
];

/// Sheets that qgx writes beside the data and that readers pass over.
pub const IGNORED_SHEETS: &[&str] = &["填写说明", "选项", "检查结果", "说明"];

/// What a template holds: its data sheets, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Applications,
    Provinces,
    Decisions,
    Registry,
    Reports,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Applications,
        Kind::Provinces,
        Kind::Decisions,
        Kind::Registry,
        Kind::Reports,
    ];

    /// `applications`, `provinces`, `decisions`, `registry`, `reports`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Applications => "applications",
            Kind::Provinces => "provinces",
            Kind::Decisions => "decisions",
            Kind::Registry => "registry",
            Kind::Reports => "reports",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The kind called `name`, or a message naming every kind.
    ///
    /// # Errors
    /// `unknown template `x`, expected one of: applications, …` for a name that is none.
    pub fn parse(name: &str) -> Result<Kind, String> {
        Kind::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!(
                "unknown template `{name}`, expected one of: {}",
                names.join(", ")
            )
        })
    }

    /// Its sheets, the main one first.
    pub fn sheets(self) -> &'static [&'static SheetSpec] {
        match self {
            Kind::Applications => &[
                &APPLICATIONS,
                &PLAN_OBJECTIVES,
                &PLAN_ACTIVITIES,
                &PLAN_OUTPUTS,
                &MILESTONES,
            ],
            Kind::Provinces => &[&PROVINCES, &UNIVERSITY_QUOTAS],
            Kind::Decisions => &[&DECISIONS],
            Kind::Registry => &[&STUDIOS, &BRANCHES],
            Kind::Reports => &[&REPORTS, &ACTIVITIES, &OUTPUTS],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(Kind::parse("reports"), Ok(Kind::Reports));
        assert_eq!(
            Kind::parse("report"),
            Err(
                "unknown template `report`, expected one of: applications, provinces, \
                 decisions, registry, reports"
                    .to_owned()
            )
        );
    }

    #[test]
    fn headers_are_unique_within_a_sheet() {
        for s in ALL_SHEETS {
            for (i, c) in s.columns.iter().enumerate() {
                for d in s.columns.iter().skip(i + 1) {
                    assert_ne!(c.key, d.key, "{}", s.en);
                    assert_ne!(c.zh, d.zh, "{}", s.en);
                }
            }
        }
    }

    #[test]
    fn sheet_names_are_unique() {
        for (i, s) in ALL_SHEETS.iter().enumerate() {
            for t in ALL_SHEETS.iter().skip(i + 1) {
                assert_ne!(s.zh, t.zh);
                assert_ne!(s.en, t.en);
            }
        }
    }

    #[test]
    fn a_pointer_finds_its_column() {
        let at = |p: &str| APPLICATIONS.column_at(p).map(|c| c.key);
        assert_eq!(at("/merit_score"), Some("merit_score"));
        assert_eq!(at("/studio"), Some("studio_level"));
        assert_eq!(at("/institution/code"), Some("institution_code"));
        assert_eq!(at("/plan/activities/0/form"), Some("plan"));
        assert_eq!(
            ACTIVITIES.column_at("/partner").map(|c| c.key),
            Some("partner_kind")
        );
    }
}
