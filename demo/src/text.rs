//! Tables of Chinese text the generator draws from: names, colleges and disciplines, partners,
//! objectives, milestones, activity descriptions, output titles and evidence.

use qgx_core::{Form, OutputKind, PartnerKind, Task};

use crate::rng::Rng;

/// Common surnames with rough relative frequencies (per mille of the population).
pub(crate) const SURNAMES: &[(&str, u32)] = &[
    ("王", 72),
    ("李", 72),
    ("张", 69),
    ("刘", 54),
    ("陈", 45),
    ("杨", 32),
    ("黄", 23),
    ("赵", 22),
    ("吴", 20),
    ("周", 19),
    ("徐", 16),
    ("孙", 15),
    ("马", 14),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 12),
    ("林", 11),
    ("高", 11),
    ("罗", 11),
    ("郑", 10),
    ("梁", 10),
    ("谢", 8),
    ("宋", 8),
    ("唐", 8),
    ("许", 7),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 7),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 6),
    ("董", 6),
    ("袁", 5),
    ("潘", 5),
    ("于", 5),
    ("蒋", 5),
    ("蔡", 5),
    ("余", 5),
    ("杜", 5),
    ("叶", 5),
    ("程", 5),
    ("苏", 4),
    ("魏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("沈", 4),
    ("姚", 4),
    ("卢", 4),
    ("姜", 3),
    ("崔", 3),
    ("钟", 3),
    ("谭", 3),
    ("陆", 3),
    ("汪", 3),
    ("范", 3),
    ("金", 3),
    ("石", 3),
    ("廖", 3),
    ("贾", 3),
    ("夏", 3),
    ("韦", 3),
    ("方", 3),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("段", 2),
    ("雷", 2),
    ("黎", 2),
    ("史", 2),
    ("龙", 2),
    ("陶", 2),
    ("贺", 2),
    ("顾", 2),
    ("毛", 2),
    ("欧阳", 1),
    ("司马", 1),
    ("上官", 1),
];

/// Characters common in given names.
pub(crate) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "文", "辉", "力", "波",
    "宁", "斌", "宇", "浩", "凯", "晨", "欣", "怡", "婷", "雪", "琳", "佳", "鹏", "飞", "鑫", "晓",
    "海", "峰", "志", "国", "庆", "春", "林", "松", "岩", "东", "兰", "梅", "慧", "颖", "俊", "亮",
    "成", "立", "新", "永", "光", "荣", "思", "远", "嘉", "博", "睿", "哲", "瑞", "泽", "安", "卫",
];

/// Colleges and the disciplines (teaching and research sections) in each.
pub(crate) const COLLEGES: &[(&str, &[&str])] = &[
    ("物理学院", &["凝聚态物理", "理论物理", "光学工程"]),
    ("化学化工学院", &["有机化学", "物理化学", "化学工程"]),
    (
        "计算机科学与技术学院",
        &["软件工程", "人工智能", "网络空间安全"],
    ),
    (
        "马克思主义学院",
        &["思想政治教育", "马克思主义基本原理", "中国近现代史纲要"],
    ),
    ("机械工程学院", &["机械设计制造", "智能制造", "车辆工程"]),
    ("经济管理学院", &["会计学", "金融学", "工商管理"]),
    ("文学院", &["汉语言文学", "新闻传播", "古代文学"]),
    ("外国语学院", &["英语", "日语", "翻译"]),
    ("生命科学学院", &["生物技术", "生态学", "植物学"]),
    ("医学院", &["临床医学", "护理学", "公共卫生"]),
    ("农学院", &["作物学", "园艺学", "植物保护"]),
    ("教育学院", &["学前教育", "教育技术", "心理学"]),
    ("土木工程学院", &["结构工程", "道路与桥梁工程", "建筑学"]),
    ("电气与信息工程学院", &["电气工程", "电子信息", "自动化"]),
    (
        "材料科学与工程学院",
        &["金属材料", "高分子材料", "新能源材料"],
    ),
    ("数学与统计学院", &["应用数学", "统计学", "计算数学"]),
    ("法学院", &["民商法学", "刑法学", "宪法与行政法学"]),
    ("艺术学院", &["视觉传达设计", "音乐学", "环境设计"]),
    (
        "环境科学与工程学院",
        &["环境工程", "生态修复", "水资源保护"],
    ),
    ("体育学院", &["体育教育", "运动训练", "社会体育"]),
];

/// Ordinals for branches named by number (第一教师党支部).
pub(crate) const ORDINALS: &[&str] = &["一", "二", "三", "四", "五"];

/// Town names common all over China (many places share them).
pub(crate) const TOWNS: &[&str] = &[
    "青山", "白沙", "龙泉", "桃源", "石桥", "柳河", "新店", "长乐", "永安", "太平", "云龙", "河西",
];

/// Community names common all over China.
pub(crate) const COMMUNITIES: &[&str] = &[
    "幸福", "和平", "建设", "光明", "新华", "阳光", "东风", "向阳", "朝阳", "胜利",
];

/// Districts found in most cities.
pub(crate) const DISTRICTS: &[&str] = &["高新区", "经开区", "新区", "城关区", "临港新区"];

/// Industries for enterprise names.
pub(crate) const INDUSTRIES: &[&str] = &[
    "能源",
    "装备制造",
    "现代农业",
    "生物医药",
    "新材料",
    "电子信息",
    "文化旅游",
    "现代物流",
];

/// Topics of party lectures and policy talks.
pub(crate) const TOPICS: &[&str] = &[
    "学习贯彻党的二十届三中全会精神",
    "习近平新时代中国特色社会主义思想",
    "加快建设教育强国",
    "因地制宜发展新质生产力",
    "全面推进乡村振兴",
    "高水平科技自立自强",
    "铸牢中华民族共同体意识",
    "弘扬科学家精神",
];

/// Themes of field research.
pub(crate) const THEMES: &[&str] = &[
    "乡村产业发展",
    "基层社会治理",
    "农村义务教育",
    "社区养老服务",
    "中小企业数字化转型",
    "生态环境保护",
    "非物质文化遗产传承",
];

/// Notes for an activity of form `other`, per task.
pub(crate) fn other_form_note(task: Task) -> &'static str {
    match task {
        Task::PartyBuilding => "红色教育基地联合研学",
        Task::EducationService => "线上学业辅导答疑",
        Task::TechEmpowerment => "参与地方标准制定",
        Task::PracticeEducation => "暑期“三下乡”社会实践",
    }
}

/// Notes for a partner of kind `other`.
pub(crate) const OTHER_PARTNER_NOTES: &[&str] = &["行业协会", "社会组织", "公益基金会"];

/// Where an application or report takes place: the words its text is built from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    /// The institution's city, e.g. `长春市`.
    pub city: &'static str,
    /// The branch's discipline, e.g. `凝聚态物理`.
    pub discipline: &'static str,
}

impl Place {
    /// The city without its suffix (`长春市` → `长春`).
    pub(crate) fn city_short(&self) -> &'static str {
        ["市", "地区", "自治州", "盟"]
            .iter()
            .find_map(|s| self.city.strip_suffix(s))
            .filter(|s| !s.is_empty())
            .unwrap_or(self.city)
    }
}

/// A plausible partner name for `kind` near `place`.
pub(crate) fn partner_name(kind: PartnerKind, place: &Place, rng: &mut Rng) -> String {
    let city = place.city;
    let short = place.city_short();
    let town = rng.pick_str(TOWNS);
    let district = rng.pick_str(DISTRICTS);
    let community = rng.pick_str(COMMUNITIES);
    let industry = rng.pick_str(INDUSTRIES);
    match kind {
        PartnerKind::LocalPartyGovernment => match rng.below(3) {
            0 => format!("中共{city}{district}工作委员会"),
            1 => format!("{short}{town}镇党委"),
            _ => format!("中共{city}委员会组织部"),
        },
        PartnerKind::EnterpriseInstitution => format!("{short}{industry}集团有限公司"),
        PartnerKind::ResearchInstitute => match rng.below(2) {
            0 => format!("{short}农业科学院"),
            _ => format!("{short}{industry}研究院"),
        },
        PartnerKind::GrassrootsCommunity | PartnerKind::Community => {
            format!("{short}{district}{community}社区")
        }
        PartnerKind::EducationAuthority => format!("{city}{district}教育局"),
        PartnerKind::School => match rng.below(3) {
            0 => format!("{short}第{}中学", rng.pick_str(ORDINALS)),
            1 => format!("{short}{town}镇中心小学"),
            _ => format!("{short}{town}中学"),
        },
        PartnerKind::TeachersStudents => format!("{short}{town}镇中小学师生"),
        PartnerKind::PartyGovernmentOrgan => match rng.below(3) {
            0 => format!("{city}发展和改革委员会"),
            1 => format!("{city}农业农村局"),
            _ => format!("{city}科学技术局"),
        },
        PartnerKind::PublicInstitution => match rng.below(3) {
            0 => format!("{short}图书馆"),
            1 => format!("{city}疾病预防控制中心"),
            _ => format!("{short}博物馆"),
        },
        PartnerKind::LeadingEnterprise => format!("{short}{industry}股份有限公司"),
        PartnerKind::Subdistrict => format!("{short}{district}{community}街道办事处"),
        PartnerKind::Township => format!("{short}{town}镇人民政府"),
        PartnerKind::Enterprise => format!("{short}{community}{industry}科技有限公司"),
        PartnerKind::Hospital => match rng.below(2) {
            0 => format!("{city}人民医院"),
            _ => format!("{short}中医院"),
        },
        PartnerKind::Other => format!("{short}{industry}行业协会"),
    }
}

/// A task's objective in the action plan.
pub(crate) fn objective(task: Task, place: &Place, rng: &mut Rng) -> String {
    let short = place.city_short();
    let d = place.discipline;
    match task {
        Task::PartyBuilding => match rng.below(3) {
            0 => format!(
                "与{short}基层党组织结对共建，每学期讲授专题党课不少于2次，推动党建资源共享。"
            ),
            1 => format!(
                "围绕党的创新理论开展政策宣讲，与{short}地方党委政府建立常态化党建联建机制。"
            ),
            _ => format!("发挥{d}教师党员示范作用，与联建单位开展党建经验交流，打造党建联建品牌。"),
        },
        Task::EducationService => match rng.below(3) {
            0 => {
                format!("发挥{d}专业优势，面向{short}中小学开展专题讲座和科普活动，每年不少于4场。")
            }
            1 => format!("与{short}教育管理部门合作开展教师培训和课程建设交流，提升基础教育质量。"),
            _ => format!("打造“{d}进校园”教育服务品牌，为基层学校提供学科发展咨询。"),
        },
        Task::TechEmpowerment => match rng.below(3) {
            0 => format!("围绕{short}产业需求开展{d}科技攻关，推动至少1项成果转化落地。"),
            1 => format!("为{short}地方党政机关提供咨政建言，共建产学研用合作平台。"),
            _ => format!("支持{short}科技赋能站建设，服务龙头企业技术升级。"),
        },
        Task::PracticeEducation => match rng.below(3) {
            0 => format!("组织学生赴{short}开展调查研究和志愿服务，形成高质量调研报告。"),
            1 => format!("建设{d}专业实习和就业见习基地，每年带领学生开展实践不少于2次。"),
            _ => format!("以“行走的思政课”为载体，带领学生深入{short}乡镇社区开展实践育人。"),
        },
    }
}

/// The milestone of cycle year `year` (1–3).
pub(crate) fn milestone(year: u32, rng: &mut Rng) -> String {
    let choices: &[&str] = match year {
        1 => &[
            "建立联建机制，签订共建协议，完成首批四项任务活动。",
            "完成需求调研，制定年度活动清单，四项任务全面启动。",
            "与联建单位建立常态化联系，开展首轮党课宣讲和教育服务。",
        ],
        2 => &[
            "形成教育服务品牌活动，打造一堂精品党课。",
            "推动科技合作项目落地，形成调研报告一份。",
            "深化联建共建，拓展实践育人基地，提升服务成效。",
        ],
        _ => &[
            "总结推广典型经验，形成可复制的工作模式。",
            "完成成果转化和咨询报告，形成长效机制。",
            "全面总结三年成效，推选优秀案例并持续开展合作。",
        ],
    };
    rng.pick_str(choices).to_owned()
}

/// A description (at least 20 characters) of an activity of `form`.
pub(crate) fn description(form: Form, partner: &str, place: &Place, rng: &mut Rng) -> String {
    let d = place.discipline;
    let short = place.city_short();
    let topic = rng.pick_str(TOPICS);
    let theme = rng.pick_str(THEMES);
    match form {
        Form::PartyLecture => {
            format!("赴{partner}讲授专题党课《{topic}》，与基层党员交流研讨，反响热烈。")
        }
        Form::TheoryOutreach => {
            format!("组织支部党员赴{partner}开展政策理论宣讲，围绕{topic}进行解读并现场答疑。")
        }
        Form::ExperienceExchange => {
            format!("与{partner}党组织召开联建共建座谈会，交流支部建设经验，商定年度联建计划。")
        }
        Form::ResourceSharing => {
            format!("与{partner}共享党建活动阵地和学习资源，联合开展主题党日活动。")
        }
        Form::Lecture => {
            format!("面向{partner}开展{d}专题讲座，介绍学科前沿进展，激发学生学习兴趣。")
        }
        Form::SkillsTraining => {
            format!("为{partner}开展{d}技能培训，内容涵盖基础知识和实操训练，学员反馈良好。")
        }
        Form::ScienceOutreach => {
            format!("在{partner}组织科普活动，通过实验演示和互动问答普及{d}知识。")
        }
        Form::Donation => {
            format!("向{partner}捐赠图书和教学设备，设立助学金资助家庭经济困难学生。")
        }
        Form::TeachingSeminar => {
            format!("与{partner}教师开展教育教学研讨，围绕课堂教学改革和{d}课程建设交流。")
        }
        Form::CurriculumExchange => {
            format!("与{partner}开展课程建设交流，共同打磨{d}相关校本课程。")
        }
        Form::DisciplineConsulting => {
            format!("为{partner}提供学科发展咨询，帮助梳理{d}相关学科建设思路。")
        }
        Form::PolicyAdvice => {
            format!("围绕{short}{theme}开展专题研究，为{partner}提交咨政建言报告一份。")
        }
        Form::TechDevelopment => {
            format!("与{partner}联合开展{d}科技攻关，共同研发关键技术并完成中试验证。")
        }
        Form::CreativeDesign => {
            format!("为{partner}开展创意设计服务，完成文创产品和宣传品牌设计方案。")
        }
        Form::CulturalCommunication => {
            format!("与{partner}合作开展文化传播活动，制作{short}地方文化宣传短视频。")
        }
        Form::PlatformSupport => {
            format!("支持{partner}建设科技赋能站，派驻教师开展技术指导，服务生产一线。")
        }
        Form::FieldResearch => {
            format!("带领学生赴{partner}开展调查研究，围绕{theme}走访调研，形成调研报告初稿。")
        }
        Form::Interviews => {
            format!("组织学生赴{partner}开展访问访谈，记录基层干部群众围绕{theme}的奋斗故事。")
        }
        Form::VolunteerService => {
            format!("组织学生在{partner}开展志愿服务，参与{theme}相关的便民服务活动。")
        }
        Form::ProfessionalInternship => {
            format!("安排{d}专业学生到{partner}进行专业实习，由校内外导师共同指导。")
        }
        Form::EmploymentTraineeship => {
            format!("组织毕业生到{partner}开展就业见习，提升学生岗位胜任能力和就业竞争力。")
        }
        Form::Other => format!("与{partner}联合开展特色活动，围绕{topic}组织师生学习交流。"),
    }
}

/// Descriptions too short to count (fewer than 20 characters).
pub(crate) const SHORT_DESCRIPTIONS: &[&str] =
    &["开展党课活动。", "组织志愿服务。", "参加座谈会", "见附件"];

/// Evidence files commonly attached to an activity.
pub(crate) const EVIDENCE_FILES: &[&str] = &[
    "签到表.pdf",
    "活动照片.zip",
    "新闻稿.docx",
    "会议纪要.pdf",
    "合作协议.pdf",
    "学生心得体会.pdf",
];

/// A title for an output of `kind`.
pub(crate) fn output_title(kind: OutputKind, place: &Place, rng: &mut Rng) -> String {
    let d = place.discipline;
    let short = place.city_short();
    let topic = rng.pick_str(TOPICS);
    let theme = rng.pick_str(THEMES);
    match kind {
        OutputKind::QualityPartyLesson => format!("精品党课《{topic}》"),
        OutputKind::IdeologicalCourseDemo => format!("《{d}导论》课程思政示范课程"),
        OutputKind::ServiceBrandActivity => format!("“{d}进校园”教育服务品牌活动"),
        OutputKind::BigIdeologyCourse => format!("“行走的思政课”{short}实践课堂"),
        OutputKind::IurPlatform => format!("{short}{d}产学研用合作平台"),
        OutputKind::AchievementTransfer => format!("{d}技术成果在{short}转化落地"),
        OutputKind::ResearchReport => format!("关于{short}{theme}的调研报告"),
        OutputKind::ConsultingReport => format!("{short}{theme}发展咨询报告"),
        OutputKind::Other => format!("{short}{theme}工作案例汇编"),
    }
}

/// A year's summary of a report.
pub(crate) fn summary(branch: &str, activities: usize, people: u32, rng: &mut Rng) -> String {
    let close = rng.pick_str(&[
        "联建共建机制初步形成",
        "服务地方成效明显",
        "师生在实践中受教育、长才干",
        "形成了一批可推广的经验做法",
    ]);
    format!(
        "本年度{branch}围绕党建联建、教育服务、科技赋能、实践育人四项任务，共开展活动{activities}次，参与师生{people}人次，{close}。"
    )
}
