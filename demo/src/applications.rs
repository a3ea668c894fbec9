//! Applications (申报): people, branches, claims and plans, with the gaps and errors planted in
//! a few, and people who apply twice.

use std::collections::BTreeMap;

use qgx_core::{
    Application, Branch, BranchHonor, BranchKind, HonorStatus, Level, Province, ReviewDecision,
    Role, Studio, StudioStatus, Timestamp, UniversityReview,
};

use crate::calendar::{self, Zone};
use crate::institutions::Institution;
use crate::plan::{self, PlanError};
use crate::provinces;
use crate::rng::Rng;
use crate::text::{self, Place};

/// Share of applications that are a second application by someone who already applied, per
/// mille.
const DUPLICATES_PER_MILLE: usize = 20;

/// What is planted in one application (at most two per application).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plant {
    /// A student branch (`not_teacher_branch`).
    StudentBranch,
    /// A teacher–student branch (`not_teacher_branch` with the default ruleset).
    TeacherStudentBranch,
    /// A deputy secretary (`not_secretary`).
    DeputySecretary,
    /// A branch committee member (`not_secretary`).
    Member,
    /// Not a 双带头人 (`not_dual_leader`).
    NotDualLeader,
    /// A school that is not a higher-education institution, with a made-up but well-formed code.
    NotHigherEducation,
    /// A malformed institution code (`bad_institution_code`).
    BadCode,
    /// An error in the plan.
    Plan(PlanError),
    /// No plan (`plan_missing`).
    PlanMissing,
    /// The university has not decided yet (`review_pending`).
    ReviewPending,
    /// No university review at all (`review_pending`).
    ReviewAbsent,
    /// The university rejected it (`not_endorsed`).
    ReviewRejected,
    /// Submitted to a neighbouring province (`misrouted`).
    Misrouted,
}

impl Plant {
    /// A stable name for summaries.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Plant::StudentBranch => "student_branch",
            Plant::TeacherStudentBranch => "teacher_student_branch",
            Plant::DeputySecretary => "deputy_secretary",
            Plant::Member => "member",
            Plant::NotDualLeader => "not_dual_leader",
            Plant::NotHigherEducation => "not_higher_education",
            Plant::BadCode => "bad_institution_code",
            Plant::Plan(PlanError::BlankObjective) => "plan_blank_objective",
            Plant::Plan(PlanError::MissingMilestone) => "plan_missing_milestone",
            Plant::Plan(PlanError::FormOfOtherTask) => "plan_form_of_other_task",
            Plant::Plan(PlanError::PartnerOfOtherTask) => "plan_partner_of_other_task",
            Plant::Plan(PlanError::OtherWithoutNote) => "plan_other_without_note",
            Plant::Plan(PlanError::OutputOfOtherTask) => "plan_output_of_other_task",
            Plant::Plan(PlanError::YearOutOfRange) => "plan_year_out_of_range",
            Plant::PlanMissing => "plan_missing",
            Plant::ReviewPending => "review_pending",
            Plant::ReviewAbsent => "review_absent",
            Plant::ReviewRejected => "review_rejected",
            Plant::Misrouted => "misrouted",
        }
    }

    /// The rule the plant breaks, as the index of its step in §4.9 (a second plant is taken
    /// from another step).
    fn step(self) -> u8 {
        match self {
            Plant::StudentBranch
            | Plant::TeacherStudentBranch
            | Plant::DeputySecretary
            | Plant::Member
            | Plant::NotDualLeader
            | Plant::NotHigherEducation
            | Plant::BadCode => 1,
            Plant::Plan(_) | Plant::PlanMissing => 2,
            Plant::ReviewPending | Plant::ReviewAbsent | Plant::ReviewRejected => 3,
            Plant::Misrouted => 4,
        }
    }
}

/// Planted problems per 10,000 first applications.
const PLANTS: &[(Plant, u32)] = &[
    (Plant::StudentBranch, 40),
    (Plant::TeacherStudentBranch, 50),
    (Plant::DeputySecretary, 40),
    (Plant::Member, 20),
    (Plant::NotDualLeader, 40),
    (Plant::NotHigherEducation, 20),
    (Plant::BadCode, 15),
    (Plant::Plan(PlanError::BlankObjective), 60),
    (Plant::Plan(PlanError::MissingMilestone), 40),
    (Plant::Plan(PlanError::FormOfOtherTask), 30),
    (Plant::Plan(PlanError::PartnerOfOtherTask), 30),
    (Plant::Plan(PlanError::OtherWithoutNote), 25),
    (Plant::Plan(PlanError::OutputOfOtherTask), 15),
    (Plant::Plan(PlanError::YearOutOfRange), 10),
    (Plant::PlanMissing, 20),
    (Plant::ReviewPending, 80),
    (Plant::ReviewAbsent, 40),
    (Plant::ReviewRejected, 40),
    (Plant::Misrouted, 100),
];

/// Of the planted applications, how many (per mille) get a second problem of another kind.
const SECOND_PLANT_PER_MILLE: u32 = 100;

/// The 双带头人工作室 an applicant declares, per 10,000.
const STUDIOS: &[(Claim<StudioStatus>, u32)] = &[
    (Claim::National(1, StudioStatus::Established), 60),
    (Claim::National(2, StudioStatus::Established), 80),
    (Claim::National(3, StudioStatus::Construction), 90),
    (Claim::National(3, StudioStatus::Established), 25),
    (Claim::National(4, StudioStatus::Construction), 40),
    (Claim::National(4, StudioStatus::Established), 15),
    (Claim::National(5, StudioStatus::Construction), 40),
    (Claim::Provincial, 500),
    (Claim::University, 900),
    (Claim::None, 8250),
];

/// The 党建工作样板支部 rating an applicant's branch declares, per 10,000.
const HONOURS: &[(Claim<HonorStatus>, u32)] = &[
    (Claim::National(1, HonorStatus::Model), 40),
    (Claim::National(2, HonorStatus::Model), 50),
    (Claim::National(3, HonorStatus::Model), 70),
    (Claim::National(4, HonorStatus::Cultivation), 90),
    (Claim::National(3, HonorStatus::Cultivation), 30),
    (Claim::National(4, HonorStatus::Model), 15),
    (Claim::Provincial, 400),
    (Claim::University, 700),
    (Claim::None, 8605),
];

/// How submission times are written, per 1,000 (`None`: not recorded).
const ZONES: &[(Option<Zone>, u32)] = &[
    (Some(Zone::Cst), 920),
    (Some(Zone::Bare), 40),
    (Some(Zone::Utc), 20),
    (None, 20),
];

/// A declared studio or honour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim<S> {
    None,
    National(u8, S),
    Provincial,
    University,
}

/// Schools that are not higher-education institutions (a city's name goes in front).
const NON_HE_SCHOOLS: &[&str] = &["中等职业学校", "技工学校", "第一中学", "实验中学"];

/// Share of applications that give a merit score (the rest are ranked by plan score), per mille.
const MERIT_GIVEN_PER_MILLE: u32 = 880;

/// Where a second application by the same person is made: weights of the same institution and
/// branch, another institution in the province, an institution in another province.
const SECOND_PLACE: &[(SecondPlace, u32)] = &[
    (SecondPlace::Same, 65),
    (SecondPlace::SameProvince, 25),
    (SecondPlace::OtherProvince, 10),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecondPlace {
    Same,
    SameProvince,
    OtherProvince,
}

/// One generated application with what the generator knows about it.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// The application as the engine sees it.
    pub app: Application,
    /// The city and discipline its text is about.
    pub place: Place,
    /// The college of the branch.
    pub college: &'static str,
    /// The real institution it was drawn from (before any planted code).
    pub home: Institution,
    /// What was planted.
    pub plants: Vec<Plant>,
    /// A second application by someone who already applied.
    pub second: bool,
}

/// Institutions of each province with their weights, to draw from.
pub(crate) struct Pool<'a> {
    by_province: BTreeMap<Province, Vec<(&'a Institution, u32)>>,
}

impl<'a> Pool<'a> {
    pub(crate) fn new(institutions: &'a [Institution]) -> Pool<'a> {
        let mut by_province: BTreeMap<Province, Vec<(&'a Institution, u32)>> = BTreeMap::new();
        for i in institutions {
            by_province
                .entry(i.province)
                .or_default()
                .push((i, i.weight()));
        }
        Pool { by_province }
    }

    /// An institution of `province`, drawn by weight.
    pub(crate) fn draw(&self, province: Province, rng: &mut Rng) -> Option<&'a Institution> {
        self.by_province
            .get(&province)
            .and_then(|t| rng.weighted(t))
    }
}

fn person_name(rng: &mut Rng) -> String {
    let surname = rng.weighted(text::SURNAMES).unwrap_or("王");
    let first = rng.pick_str(text::GIVEN);
    if rng.chance(700) {
        format!("{surname}{first}{}", rng.pick_str(text::GIVEN))
    } else {
        format!("{surname}{first}")
    }
}

fn branch_name(college: &str, discipline: &str, kind: BranchKind, rng: &mut Rng) -> String {
    match kind {
        BranchKind::Teacher => match rng.below(10) {
            0..=6 => format!("{college}{discipline}教师党支部"),
            7 | 8 => format!("{college}{discipline}系教师党支部"),
            _ => format!("{college}第{}教师党支部", rng.pick_str(text::ORDINALS)),
        },
        BranchKind::TeacherStudent => format!("{college}{discipline}师生联合党支部"),
        BranchKind::Student => match rng.below(2) {
            0 => format!("{college}{discipline}本科生党支部"),
            _ => format!("{college}{discipline}研究生党支部"),
        },
        BranchKind::Other => format!("{college}机关党支部"),
    }
}

fn studio(claim: Claim<StudioStatus>, rng: &mut Rng) -> Option<Studio> {
    match claim {
        Claim::None => None,
        Claim::National(batch, status) => Some(Studio {
            level: Level::National,
            batch: Some(batch),
            status: Some(status),
        }),
        Claim::Provincial | Claim::University => Some(Studio {
            level: if claim == Claim::Provincial {
                Level::Provincial
            } else {
                Level::University
            },
            batch: None,
            status: rng.chance(700).then_some(StudioStatus::Established),
        }),
    }
}

fn honour(claim: Claim<HonorStatus>, rng: &mut Rng) -> Option<BranchHonor> {
    match claim {
        Claim::None => None,
        Claim::National(batch, status) => Some(BranchHonor {
            level: Level::National,
            batch: Some(batch),
            status: Some(status),
        }),
        Claim::Provincial | Claim::University => Some(BranchHonor {
            level: if claim == Claim::Provincial {
                Level::Provincial
            } else {
                Level::University
            },
            batch: None,
            status: Some(if rng.chance(600) {
                HonorStatus::Model
            } else {
                HonorStatus::Cultivation
            }),
        }),
    }
}

/// A merit score: mostly between 60 and 98, on a half-point grid (so some tie).
fn merit(rng: &mut Rng) -> Option<f64> {
    if !rng.chance(MERIT_GIVEN_PER_MILLE) {
        return None;
    }
    let mean = (rng.unit() + rng.unit() + rng.unit()) / 3.0;
    let score = 58.0 + 40.0 * mean;
    Some(((score * 2.0).round() / 2.0).clamp(0.0, 100.0))
}

/// When an application was submitted: between 15 June and 20 July 2024, in office hours or the
/// evening; now and then written in UTC or without an offset, or not recorded.
fn submitted_at(rng: &mut Rng) -> Option<Timestamp> {
    let zone = rng.weighted(ZONES).flatten()?;
    let day = calendar::add_days(calendar::ymd(2024, 6, 15), i64::from(rng.range(0, 35)));
    calendar::stamp(day, rng.range(8, 22), rng.range(0, 59), zone)
}

/// The university's approval, a few days after submission and before the end of July.
fn approval(submitted: Option<&Timestamp>, rng: &mut Rng) -> UniversityReview {
    let base = submitted.map_or_else(|| calendar::ymd(2024, 7, 8), |t| t.date_cst().naive());
    let day = calendar::add_days(base, i64::from(rng.range(2, 12))).min(calendar::ymd(2024, 7, 31));
    UniversityReview {
        decision: ReviewDecision::Approved,
        date: rng.chance(900).then(|| calendar::date(day)),
    }
}

/// A first application from `inst`, valid in every respect (plants come later).
fn first_application(inst: &Institution, rng: &mut Rng) -> Draft {
    let (college, disciplines) = rng
        .pick(text::COLLEGES)
        .copied()
        .unwrap_or(("物理学院", &["凝聚态物理"]));
    let discipline = rng.pick_str(disciplines);
    let place = Place {
        city: inst.city,
        discipline,
    };
    let submitted = submitted_at(rng);
    let review = approval(submitted.as_ref(), rng);
    let studio_claim = rng.weighted(STUDIOS).unwrap_or(Claim::None);
    let honour_claim = rng.weighted(HONOURS).unwrap_or(Claim::None);
    let app = Application {
        id: String::new(),
        person_id: String::new(),
        name: Some(person_name(rng)),
        institution: qgx_core::Institution {
            code: inst.code.to_owned(),
            name: Some(inst.name.to_owned()),
            higher_education: true,
            corps: inst.corps,
        },
        province: inst.province,
        branch: Branch {
            name: Some(branch_name(college, discipline, BranchKind::Teacher, rng)),
            kind: BranchKind::Teacher,
        },
        role: Role::Secretary,
        dual_leader: true,
        studio: studio(studio_claim, rng),
        branch_honor: honour(honour_claim, rng),
        plan: Some(plan::complete(&place, rng)),
        university_review: Some(review),
        submitted_at: submitted,
        merit_score: merit(rng),
    };
    Draft {
        app,
        place,
        college,
        home: *inst,
        plants: Vec::new(),
        second: false,
    }
}

/// A malformed version of a real code: one digit short, a letter O for a zero, or an unknown
/// province in digits 3–4.
fn malformed_code(code: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => code.chars().take(9).collect(),
        1 => {
            let mut s: String = code.chars().take(4).collect();
            s.push('O');
            s.extend(code.chars().skip(5));
            s
        }
        _ => {
            let mut s: String = code.chars().take(2).collect();
            s.push_str("00");
            s.extend(code.chars().skip(4));
            s
        }
    }
}

/// Plants `plant` in `d`.
fn apply(d: &mut Draft, plant: Plant, rng: &mut Rng) {
    d.plants.push(plant);
    let app = &mut d.app;
    let (college, discipline) = (d.college, d.place.discipline);
    match plant {
        Plant::StudentBranch | Plant::TeacherStudentBranch => {
            let kind = if plant == Plant::StudentBranch {
                BranchKind::Student
            } else {
                BranchKind::TeacherStudent
            };
            app.branch = Branch {
                name: Some(branch_name(college, discipline, kind, rng)),
                kind,
            };
            app.branch_honor = None;
        }
        Plant::DeputySecretary => app.role = Role::DeputySecretary,
        Plant::Member => app.role = Role::Member,
        Plant::NotDualLeader => app.dual_leader = false,
        Plant::NotHigherEducation => {
            let serial = rng.range(100_000, 999_999);
            app.institution = qgx_core::Institution {
                code: format!("31{}{serial}", d.home.code.get(2..4).unwrap_or("11")),
                name: Some(format!(
                    "{}{}",
                    d.place.city_short(),
                    rng.pick_str(NON_HE_SCHOOLS)
                )),
                higher_education: false,
                corps: d.home.corps,
            };
            app.studio = None;
            app.branch_honor = None;
        }
        Plant::BadCode => app.institution.code = malformed_code(&app.institution.code, rng),
        Plant::Plan(error) => {
            if let Some(p) = app.plan.as_mut() {
                plan::plant(p, error, rng);
            }
        }
        Plant::PlanMissing => app.plan = None,
        Plant::ReviewPending => {
            app.university_review = Some(UniversityReview {
                decision: ReviewDecision::Pending,
                date: None,
            });
        }
        Plant::ReviewAbsent => app.university_review = None,
        Plant::ReviewRejected => {
            if let Some(r) = app.university_review.as_mut() {
                r.decision = ReviewDecision::Rejected;
            }
        }
        Plant::Misrouted => app.province = provinces::neighbour(d.home.province),
    }
}

/// The plants of `n` first applications: exact counts from [`PLANTS`] at shuffled positions
/// (`None`: nothing planted).
fn plant_schedule(n: usize, rng: &mut Rng) -> Vec<Option<Plant>> {
    let mut out: Vec<Option<Plant>> = Vec::with_capacity(n);
    for (plant, per_10k) in PLANTS {
        let k = (n * usize::try_from(*per_10k).unwrap_or(0) + 5_000) / 10_000;
        out.extend(std::iter::repeat_n(Some(*plant), k));
    }
    out.truncate(n);
    out.resize(n, None);
    rng.shuffle(&mut out);
    out
}

/// Another plant than `first`, from another step of §4.9.
fn second_plant(first: Plant, rng: &mut Rng) -> Option<Plant> {
    let others: Vec<Plant> = PLANTS
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.step() != first.step())
        .collect();
    rng.pick(&others).copied()
}

/// Plants errors in three national batch-3 construction studios (R-MANDATORY: they must take
/// part, and these will not make the national team).
fn plant_in_mandatory(drafts: &mut [Draft], rng: &mut Rng) {
    let forced = [
        Plant::ReviewPending,
        Plant::Plan(PlanError::MissingMilestone),
        Plant::ReviewRejected,
    ];
    let mut forced = forced.iter();
    for d in drafts.iter_mut() {
        let construction = d.app.studio.as_ref().is_some_and(|s| {
            s.level == Level::National
                && s.batch == Some(3)
                && s.status == Some(StudioStatus::Construction)
        });
        if construction && d.plants.is_empty() {
            match forced.next() {
                Some(p) => apply(d, *p, rng),
                None => break,
            }
        }
    }
}

/// A second application by the person of `first`: a resubmission at the same branch, or an
/// application from another institution (in the province or, after a move, elsewhere),
/// submitted before or after the first.
fn second_application(first: &Draft, pool: &Pool<'_>, rng: &mut Rng) -> Draft {
    let where_ = rng.weighted(SECOND_PLACE).unwrap_or(SecondPlace::Same);
    let inst = match where_ {
        SecondPlace::Same => Some(&first.home),
        SecondPlace::SameProvince => pool.draw(first.home.province, rng),
        SecondPlace::OtherProvince => {
            let p = Province::all()
                .nth(rng.below(31))
                .unwrap_or(first.home.province);
            pool.draw(p, rng)
        }
    };
    let mut d = first_application(inst.unwrap_or(&first.home), rng);
    if where_ == SecondPlace::Same && first.app.branch.kind == BranchKind::Teacher {
        d.app.branch.clone_from(&first.app.branch);
        d.app.branch_honor.clone_from(&first.app.branch_honor);
        d.college = first.college;
        d.place = first.place;
        d.app.plan = Some(plan::complete(&d.place, rng));
    }
    d.second = true;
    d.app.person_id.clone_from(&first.app.person_id);
    d.app.name.clone_from(&first.app.name);
    d.app.studio.clone_from(&first.app.studio);
    let first_day = first
        .app
        .submitted_at
        .as_ref()
        .map(|t| t.date_cst().naive());
    let day = match (first_day, rng.below(20)) {
        (Some(_), 0) => None,
        (Some(f), 1..=4) => Some(calendar::add_days(f, -i64::from(rng.range(1, 10)))),
        (Some(f), _) => Some(calendar::add_days(f, i64::from(rng.range(1, 20)))),
        (None, _) => Some(calendar::add_days(
            calendar::ymd(2024, 6, 20),
            i64::from(rng.range(0, 30)),
        )),
    };
    d.app.submitted_at =
        day.and_then(|day| calendar::stamp(day, rng.range(8, 22), rng.range(0, 59), Zone::Cst));
    d.app.university_review = Some(approval(d.app.submitted_at.as_ref(), rng));
    d
}

/// `n` applications: first applications across the provinces in proportion to their
/// institutions, with plants, and about 2% second applications; ids assigned in order of
/// submission (unrecorded times last). Returns them with the next free person number.
pub(crate) fn generate(seed: u64, n: usize, institutions: &[Institution]) -> (Vec<Draft>, usize) {
    let mut rng = Rng::new(seed, 0x4150_504C);
    let pool = Pool::new(institutions);
    let seconds = n * DUPLICATES_PER_MILLE / 1000;
    let firsts = n - seconds;

    let mut drafts: Vec<Draft> = Vec::with_capacity(n);
    for (province, count) in provinces::allocate(firsts, institutions) {
        for _ in 0..count {
            if let Some(inst) = pool.draw(province, &mut rng) {
                drafts.push(first_application(inst, &mut rng));
            }
        }
    }
    rng.shuffle(&mut drafts);
    for (i, d) in drafts.iter_mut().enumerate() {
        d.app.person_id = format!("P-{:06}", i + 1);
    }
    let next_person = drafts.len() + 1;

    let schedule = plant_schedule(drafts.len(), &mut rng);
    for (d, plant) in drafts.iter_mut().zip(schedule) {
        if let Some(plant) = plant {
            apply(d, plant, &mut rng);
            if rng.chance(SECOND_PLANT_PER_MILLE) {
                if let Some(second) = second_plant(plant, &mut rng) {
                    apply(d, second, &mut rng);
                }
            }
        }
    }
    plant_in_mandatory(&mut drafts, &mut rng);

    let mut who: Vec<usize> = (0..drafts.len()).collect();
    rng.shuffle(&mut who);
    let extra: Vec<Draft> = who
        .into_iter()
        .take(seconds)
        .filter_map(|i| drafts.get(i))
        .map(|first| second_application(first, &pool, &mut rng))
        .collect();
    drafts.extend(extra);

    // Ids in order of submission; the sort is stable, so equal times keep the drawn order.
    drafts.sort_by_key(|d| {
        (
            d.app.submitted_at.is_none(),
            d.app.submitted_at.as_ref().map(Timestamp::instant),
        )
    });
    for (i, d) in drafts.iter_mut().enumerate() {
        d.app.id = format!("A-{:06}", i + 1);
    }
    (drafts, next_person)
}
