// Test helpers: the typed Kotlin values to and from their wire JSON (RULES.md §3), to check that
// the typed API and the JSON variants agree on every vector.

package qgxtest

import cn.edu.qgx.*

/** The JSON cannot be represented by the typed records (unknown key, wrong type …). */
class Unrepresentable(message: String) : Exception(message)

private fun obj(v: Any?, keys: Set<String>): Map<String, Any?> {
    if (v !is Map<*, *>) throw Unrepresentable("not an object")
    @Suppress("UNCHECKED_CAST")
    val m = v as Map<String, Any?>
    for (k in m.keys) if (k !in keys) throw Unrepresentable("unknown key $k")
    return m
}

private fun str(v: Any?): String = v as? String ?: throw Unrepresentable("not a string: $v")
private fun optStr(v: Any?): String? = if (v == null) null else str(v)
private fun bool(v: Any?): Boolean = when (v) { null -> false; is Boolean -> v; else -> throw Unrepresentable("not a bool") }

private fun long(v: Any?): Long {
    val t = (v as? JNum)?.text ?: throw Unrepresentable("not a number: $v")
    return t.toLongOrNull() ?: throw Unrepresentable("not an integer: $t")
}

private fun uint(v: Any?): UInt {
    val n = long(v)
    if (n < 0 || n > UInt.MAX_VALUE.toLong()) throw Unrepresentable("not a u32: $n")
    return n.toUInt()
}

private fun list(v: Any?): List<Any?> = when (v) { null -> emptyList(); is List<*> -> v; else -> throw Unrepresentable("not a list") }

private inline fun <reified E : Enum<E>> enumOf(v: Any?): E {
    val s = str(v)
    return enumValues<E>().firstOrNull { it.name == s.uppercase() } ?: throw Unrepresentable("unknown ${E::class.simpleName} $s")
}

fun wire(e: Enum<*>): String = e.name.lowercase()

val TASK_KEYS = listOf("party_building", "education_service", "tech_empowerment", "practice_education")

fun reportFromJson(v: Any?): AnnualReport {
    val m = obj(v, setOf("application_id", "cycle_year", "submitted_at", "summary", "tasks"))
    val t = obj(m["tasks"], TASK_KEYS.toSet())
    fun task(x: Any?): TaskReport? {
        if (x == null) return null
        val tm = obj(x, setOf("activities", "outputs"))
        return TaskReport(
            activities = list(tm["activities"]).map { a ->
                val am = obj(a, setOf("date", "form", "note", "partner", "participants", "rural_revitalization", "description", "evidence"))
                val pm = obj(am["partner"], setOf("kind", "name", "note"))
                val cm = obj(am["participants"], setOf("teachers", "students"))
                Activity(
                    date = str(am["date"]),
                    form = enumOf<Form>(am["form"]),
                    note = optStr(am["note"]),
                    partner = Partner(enumOf<PartnerKind>(pm["kind"]), optStr(pm["name"]), optStr(pm["note"])),
                    participants = Participants(uint(cm["teachers"]), uint(cm["students"])),
                    ruralRevitalization = bool(am["rural_revitalization"]),
                    description = str(am["description"]),
                    evidence = list(am["evidence"]).map { str(it) },
                )
            },
            outputs = list(tm["outputs"]).map { o ->
                val om = obj(o, setOf("kind", "title", "note", "evidence"))
                Output(enumOf<OutputKind>(om["kind"]), optStr(om["title"]), optStr(om["note"]), list(om["evidence"]).map { str(it) })
            },
        )
    }
    return AnnualReport(
        applicationId = str(m["application_id"]),
        cycleYear = long(m["cycle_year"]),
        submittedAt = optStr(m["submitted_at"]),
        summary = str(m["summary"]),
        tasks = TaskReports(task(t["party_building"]), task(t["education_service"]), task(t["tech_empowerment"]), task(t["practice_education"])),
    )
}

fun reportToJson(r: AnnualReport): Map<String, Any?> {
    fun task(t: TaskReport?): Map<String, Any?>? = t?.let {
        mapOf(
            "activities" to it.activities.map { a ->
                linkedMapOf<String, Any?>(
                    "date" to a.date, "form" to wire(a.form),
                    "partner" to linkedMapOf<String, Any?>("kind" to wire(a.partner.kind)).apply {
                        a.partner.name?.let { n -> put("name", n) }
                        a.partner.note?.let { n -> put("note", n) }
                    },
                    "participants" to mapOf("teachers" to JNum(a.participants.teachers.toString()), "students" to JNum(a.participants.students.toString())),
                    "rural_revitalization" to a.ruralRevitalization,
                    "description" to a.description,
                    "evidence" to a.evidence,
                ).apply { a.note?.let { n -> put("note", n) } }
            },
            "outputs" to it.outputs.map { o ->
                linkedMapOf<String, Any?>("kind" to wire(o.kind), "evidence" to o.evidence).apply {
                    o.title?.let { x -> put("title", x) }
                    o.note?.let { x -> put("note", x) }
                }
            },
        )
    }
    val tasks = linkedMapOf<String, Any?>()
    r.tasks.partyBuilding?.let { tasks["party_building"] = task(it) }
    r.tasks.educationService?.let { tasks["education_service"] = task(it) }
    r.tasks.techEmpowerment?.let { tasks["tech_empowerment"] = task(it) }
    r.tasks.practiceEducation?.let { tasks["practice_education"] = task(it) }
    return linkedMapOf<String, Any?>(
        "application_id" to r.applicationId,
        "cycle_year" to JNum(r.cycleYear.toString()),
        "summary" to r.summary,
        "tasks" to tasks,
    ).apply { r.submittedAt?.let { put("submitted_at", it) } }
}

private fun n(x: Number): JNum = JNum(x.toString())
private fun n(x: UInt): JNum = JNum(x.toString())
private fun n(x: ULong): JNum = JNum(x.toString())

fun findingJson(f: Finding) = mapOf(
    "rule" to f.rule, "code" to f.code, "severity" to wire(f.severity), "path" to f.path,
    "message" to mapOf("zh" to f.message.zh, "en" to f.message.en),
)

fun stampJson(s: RulesetStamp) = mapOf("edition" to s.edition, "hash" to s.hash, "engine" to s.engine)

fun taskScoreJson(t: TaskScore) = mapOf(
    "coverage" to n(t.coverage), "breadth" to n(t.breadth), "reach" to n(t.reach), "outputs" to n(t.outputs), "total" to n(t.total),
)

fun checkJson(c: ReportCheck): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(c.ruleset),
    "application_id" to c.applicationId,
    "cycle_year" to n(c.cycleYear),
    "complete" to c.complete,
    "completeness" to n(c.completeness),
    "findings" to c.findings.map { findingJson(it) },
    "tasks" to mapOf(
        "party_building" to mapOf("valid_activities" to n(c.tasks.partyBuilding.validActivities)),
        "education_service" to mapOf("valid_activities" to n(c.tasks.educationService.validActivities)),
        "tech_empowerment" to mapOf("valid_activities" to n(c.tasks.techEmpowerment.validActivities)),
        "practice_education" to mapOf("valid_activities" to n(c.tasks.practiceEducation.validActivities)),
    ),
    "score" to mapOf(
        "total" to n(c.score.total),
        "tasks" to mapOf(
            "party_building" to taskScoreJson(c.score.tasks.partyBuilding),
            "education_service" to taskScoreJson(c.score.tasks.educationService),
            "tech_empowerment" to taskScoreJson(c.score.tasks.techEmpowerment),
            "practice_education" to taskScoreJson(c.score.tasks.practiceEducation),
        ),
    ),
    "fixes" to c.fixes.map { mapOf("path" to it.path, "codes" to it.codes, "message" to messageJson(it.message)) },
    "gains" to mapOf(
        "party_building" to gainJson(c.gains.partyBuilding),
        "education_service" to gainJson(c.gains.educationService),
        "tech_empowerment" to gainJson(c.gains.techEmpowerment),
        "practice_education" to gainJson(c.gains.practiceEducation),
    ),
    "status" to c.status?.let { wire(it) },
)

fun messageJson(m: Message) = mapOf("zh" to m.zh, "en" to m.en)

fun gainJson(g: Gain?): Map<String, Any?>? = g?.let {
    mapOf(
        "kind" to wire(it.kind), "gain" to n(it.gain), "form" to it.form?.let { f -> wire(f) },
        "participants" to it.participants?.let { p -> n(p) }, "message" to messageJson(it.message),
    )
}

fun nextDueJson(d: NextDue?): Map<String, Any?>? = d?.let {
    mapOf("year" to n(it.year), "window_opens" to it.windowOpens, "due" to it.due, "days_left" to n(it.daysLeft))
}

fun cycleJson(s: CycleStatus): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(s.ruleset),
    "as_of" to s.asOf,
    "position" to when (val p = s.position) {
        is CyclePosition.BeforeCycle -> "before_cycle"
        is CyclePosition.AfterCycle -> "after_cycle"
        is CyclePosition.InYear -> mapOf("year" to n(p.year), "day" to n(p.day), "days_left" to n(p.daysLeft))
    },
    "years" to s.years.map {
        mapOf("year" to n(it.year), "start" to it.start, "end" to it.end, "window_opens" to it.windowOpens, "due" to it.due)
    },
    "next_due" to nextDueJson(s.nextDue),
)

fun statusJson(s: ReportStatus): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(s.ruleset),
    "year" to n(s.year),
    "status" to wire(s.status),
    "window_opens" to s.windowOpens,
    "due" to s.due,
    "submitted_on" to s.submittedOn,
    "days_to_due" to n(s.daysToDue),
)

fun totalsJson(t: TaskTotals) = mapOf(
    "valid_activities" to n(t.validActivities), "reach" to n(t.reach), "outputs" to n(t.outputs), "rural_activities" to n(t.ruralActivities),
)

fun summaryJson(s: CycleSummary): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(s.ruleset),
    "as_of" to s.asOf,
    "case_shortlist" to s.caseShortlist.map {
        mapOf("application_id" to it.applicationId, "province" to it.province, "cycle_score" to n(it.cycleScore))
    },
    "participants" to s.participants.map { p ->
        mapOf(
            "application_id" to p.applicationId,
            "province" to p.province,
            "person_id" to p.personId,
            "years" to p.years.map { y ->
                mapOf(
                    "year" to n(y.year), "status" to wire(y.status), "complete" to y.complete,
                    "completeness" to y.completeness?.let { n(it) }, "score" to y.score?.let { n(it) },
                )
            },
            "due" to n(p.due),
            "on_time_complete" to n(p.onTimeComplete),
            "overdue" to n(p.overdue),
            "cycle_score" to p.cycleScore?.let { n(it) },
            "totals" to mapOf(
                "party_building" to totalsJson(p.totals.partyBuilding),
                "education_service" to totalsJson(p.totals.educationService),
                "tech_empowerment" to totalsJson(p.totals.techEmpowerment),
                "practice_education" to totalsJson(p.totals.practiceEducation),
            ),
            "case_candidate" to p.caseCandidate,
            "findings" to p.findings.map { findingJson(it) },
        )
    },
    "provinces" to s.provinces.map { p ->
        mapOf(
            "province" to p.province,
            "name" to p.name,
            "participants" to n(p.participants),
            "reports_due" to n(p.reportsDue),
            "on_time_complete" to n(p.onTimeComplete),
            "overdue" to n(p.overdue),
            "mean_cycle_score" to p.meanCycleScore?.let { n(it) },
            "case_shortlist" to p.caseShortlist.map { mapOf("application_id" to it.applicationId, "cycle_score" to n(it.cycleScore)) },
        )
    },
)

/** The reports of a Summary input, when the typed `summarizeCycle` can take it (no `participants`, no `ruleset`). */
fun summaryReportsFromJson(v: Any?): List<AnnualReport> {
    val m = obj(v, setOf("reports", "participants"))
    if (list(m["participants"]).isNotEmpty()) throw Unrepresentable("participants")
    if (m["reports"] !is List<*>) throw Unrepresentable("reports")
    return list(m["reports"]).map { reportFromJson(it) }
}

// The application, its plan and the registry.

private fun reqBool(v: Any?): Boolean = v as? Boolean ?: throw Unrepresentable("not a bool: $v")

private fun u8(v: Any?): UByte {
    val n = long(v)
    if (n < 0 || n > 255) throw Unrepresentable("not a u8: $n")
    return n.toUByte()
}

private fun double(v: Any?): Double = (v as? JNum)?.value ?: throw Unrepresentable("not a number: $v")

/** A member the core requires: absent is malformed input, which the typed records cannot be. */
private fun req(m: Map<String, Any?>, k: String): Any? = if (m.containsKey(k)) m[k] else throw Unrepresentable("missing $k")

private fun partnerFromJson(v: Any?): Partner {
    val pm = obj(v, setOf("kind", "name", "note"))
    return Partner(enumOf<PartnerKind>(pm["kind"]), optStr(pm["name"]), optStr(pm["note"]))
}

fun planFromJson(v: Any?): Plan {
    val m = obj(v, setOf("objectives", "activities", "outputs", "milestones"))
    val o = obj(req(m, "objectives"), TASK_KEYS.toSet())
    if (req(m, "activities") !is List<*> || req(m, "outputs") !is List<*>) throw Unrepresentable("not a list")
    val milestones = req(m, "milestones") as? Map<*, *> ?: throw Unrepresentable("milestones")
    return Plan(
        objectives = PlanObjectives(optStr(o["party_building"]), optStr(o["education_service"]), optStr(o["tech_empowerment"]), optStr(o["practice_education"])),
        activities = list(m["activities"]).map { a ->
            val am = obj(a, setOf("task", "form", "note", "partner", "year"))
            PlannedActivity(enumOf<Task>(am["task"]), enumOf<Form>(am["form"]), optStr(am["note"]), partnerFromJson(am["partner"]), long(am["year"]))
        },
        outputs = list(m["outputs"]).map { x ->
            val om = obj(x, setOf("task", "kind", "year", "note"))
            PlannedOutput(enumOf<Task>(om["task"]), enumOf<OutputKind>(om["kind"]), long(om["year"]), optStr(om["note"]))
        },
        milestones = milestones.entries.associate { (k, x) -> str(k) to optStr(x) },
    )
}

fun applicationFromJson(v: Any?): Application {
    val m = obj(v, setOf("id", "person_id", "name", "institution", "province", "branch", "role", "dual_leader", "studio", "branch_honor", "plan", "university_review", "submitted_at", "merit_score"))
    val im = obj(m["institution"], setOf("code", "name", "higher_education", "corps"))
    val bm = obj(m["branch"], setOf("name", "kind"))
    fun <S> level(x: Any?, make: (Level, UByte?, Any?) -> S): S? = x?.let {
        val lm = obj(it, setOf("level", "batch", "status"))
        make(enumOf<Level>(lm["level"]), lm["batch"]?.let { b -> u8(b) }, lm["status"])
    }
    return Application(
        id = str(m["id"]),
        personId = str(m["person_id"]),
        name = optStr(m["name"]),
        institution = Institution(str(im["code"]), optStr(im["name"]), reqBool(im["higher_education"]), bool(im["corps"])),
        province = str(m["province"]),
        branch = Branch(optStr(bm["name"]), enumOf<BranchKind>(bm["kind"])),
        role = enumOf<Role>(m["role"]),
        dualLeader = reqBool(m["dual_leader"]),
        studio = level(m["studio"]) { l, b, st -> Studio(l, b, st?.let { enumOf<StudioStatus>(it) }) },
        branchHonor = level(m["branch_honor"]) { l, b, st -> BranchHonor(l, b, st?.let { enumOf<HonorStatus>(it) }) },
        plan = m["plan"]?.let { planFromJson(it) },
        universityReview = m["university_review"]?.let {
            val rm = obj(it, setOf("decision", "date"))
            UniversityReview(enumOf<ReviewDecision>(rm["decision"]), optStr(rm["date"]))
        },
        submittedAt = optStr(m["submitted_at"]),
        meritScore = m["merit_score"]?.let { double(it) },
    )
}

fun registryFromJson(v: Any?): Registry {
    val m = obj(v, setOf("national_studios", "national_model_branches"))
    return Registry(
        nationalStudios = m["national_studios"]?.let { l ->
            (l as? List<*> ?: throw Unrepresentable("not a list")).map {
                val sm = obj(it, setOf("person_id", "batch", "status", "province"))
                RegistryStudio(str(sm["person_id"]), u8(sm["batch"]), enumOf<StudioStatus>(sm["status"]), optStr(sm["province"]))
            }
        },
        nationalModelBranches = m["national_model_branches"]?.let { l ->
            (l as? List<*> ?: throw Unrepresentable("not a list")).map {
                val bm = obj(it, setOf("institution_code", "branch_name", "batch", "status"))
                RegistryBranch(str(bm["institution_code"]), str(bm["branch_name"]), u8(bm["batch"]), enumOf<HonorStatus>(bm["status"]))
            }
        },
    )
}

fun appCheckJson(c: ApplicationCheck): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(c.ruleset),
    "id" to c.id,
    "candidate" to c.candidate,
    "outcome" to c.outcome?.let { wire(it) },
    "outcome_rule" to c.outcomeRule,
    "quota_exempt" to c.quotaExempt,
    "priority" to c.priority,
    "merit" to n(c.merit),
    "plan_score" to n(c.planScore),
    "findings" to c.findings.map { findingJson(it) },
)

fun planCheckJson(c: PlanCheck): Map<String, Any?> = mapOf(
    "ruleset" to stampJson(c.ruleset),
    "complete" to c.complete,
    "findings" to c.findings.map { findingJson(it) },
    "tasks" to mapOf(
        "party_building" to mapOf("valid_activities" to n(c.tasks.partyBuilding.validActivities)),
        "education_service" to mapOf("valid_activities" to n(c.tasks.educationService.validActivities)),
        "tech_empowerment" to mapOf("valid_activities" to n(c.tasks.techEmpowerment.validActivities)),
        "practice_education" to mapOf("valid_activities" to n(c.tasks.practiceEducation.validActivities)),
    ),
    "score" to n(c.score),
)

/** `{"error": {"kind", "path"}}` for the library's exception, as the vectors expect. */
fun errorJson(e: QgxException): Map<String, Any?> {
    val (kind, path) = when (e) {
        is QgxException.Syntax -> "syntax" to e.path
        is QgxException.InvalidInput -> "invalid_input" to e.path
        is QgxException.InvalidRuleset -> "invalid_ruleset" to e.path
        is QgxException.InvalidArgument -> "invalid_argument" to e.path
        is QgxException.UnknownSchema -> "unknown_schema" to e.path
    }
    return mapOf("error" to mapOf("kind" to kind, "path" to path))
}

/** The first issue's path, detail and every issue, whatever the kind. */
val QgxException.where: String get() = (errorJson(this)["error"] as Map<*, *>)["path"] as String
val QgxException.what: String get() = when (this) {
    is QgxException.Syntax -> detail
    is QgxException.InvalidInput -> detail
    is QgxException.InvalidRuleset -> detail
    is QgxException.InvalidArgument -> detail
    is QgxException.UnknownSchema -> detail
}
val QgxException.allIssues: List<Issue> get() = when (this) {
    is QgxException.Syntax -> issues
    is QgxException.InvalidInput -> issues
    is QgxException.InvalidRuleset -> issues
    is QgxException.InvalidArgument -> issues
    is QgxException.UnknownSchema -> issues
}
