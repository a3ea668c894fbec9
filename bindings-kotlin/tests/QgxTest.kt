// The Kotlin binding's tests on the JVM: every exported function, bad input, panics, and the
// conformance vectors of tests/vectors/ for the calls Kotlin exposes (through the JSON variants,
// and the typed API checked to agree). Run by bindings-kotlin/test.sh:
//   java -Djna.library.path=<dir of libqgx_kotlin.so> -cp qgx-kotlin-tests.jar:jna.jar:kotlin-stdlib.jar qgxtest.QgxTestKt <repo root>

package qgxtest

import cn.edu.qgx.*
import java.io.File
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

var passed = 0
var failed = 0
var typedChecked = 0

fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
    } catch (e: Throwable) {
        failed++
        println("FAIL $name\n     $e")
    }
}

fun check(ok: Boolean, what: () -> String) {
    if (!ok) throw AssertionError(what())
}

fun <T> eq(expected: T, actual: T, what: String = "") =
    check(expected == actual) { "$what expected <$expected>, got <$actual>" }

inline fun <reified E : Throwable> raises(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing was thrown")
}

var ROOT = File(".")

fun text(path: String) = File(ROOT, path).readText()

// ---------------------------------------------------------------------------------------------
// Functions

fun draft(): AnnualReport = sampleReport().copy(submittedAt = null)

fun functionTests() {
    test("engineVersion is the engine of every result") {
        val v = engineVersion()
        check(v.isNotEmpty()) { "empty version" }
        eq(v, checkReport(sampleReport()).ruleset.engine)
    }

    test("Ruleset.edition2024: edition, hash, JSON, equality") {
        val rs = Ruleset.edition2024()
        eq("2024", rs.edition())
        check(rs.hash().startsWith("sha256:") && rs.hash().length == 71) { rs.hash() }
        check(rs.toJson().contains("\"cycle_years\":3")) { rs.toJson() }
        eq(Ruleset.edition2024(), rs, "two 2024 editions")
        eq(rs.hash(), checkReport(sampleReport(), ruleset = rs).ruleset.hash)
    }

    test("typed overrides equal JSON overrides") {
        val base = Ruleset.edition2024()
        val typed = base.withOverrides(RulesetOverrides(reportGraceDays = 10u, score = ScoreOverrides(reach = 2.5)))
        val json = base.withOverridesJson("""{"report_grace_days": 10, "score": {"reach": 2.5}}""")
        eq(json.hash(), typed.hash())
        eq(json, typed)
        check(typed.hash() != base.hash()) { "same hash" }
        eq("2025-09-10", reportStatus(1u, null, "2025-09-05", typed).due)
        val same = base.withOverrides(RulesetOverrides(cycleYears = 3u))
        eq(base.hash(), same.hash(), "an override to the same value")
        val lax = base.withOverrides(RulesetOverrides(requireEvidence = false, minDescriptionChars = 5u, cycleStart = "2024-09-01"))
        val r = sampleReport()
        val a = r.tasks.partyBuilding!!.activities[0].copy(evidence = listOf(), description = "一二三四五")
        val c = checkReport(r.copy(tasks = r.tasks.copy(partyBuilding = r.tasks.partyBuilding!!.copy(activities = listOf(a)))), ruleset = lax)
        check(c.complete) { "${c.findings}" }
    }

    test("the revision-2 parameters: typed overrides equal JSON overrides, bad values name the key") {
        val base = Ruleset.edition2024()
        // The 2024 edition's defaults (RULES.md §5).
        val doc = base.toJson()
        for (member in listOf("\"duplicate_keep\":\"latest\"", "\"case_min_score\":80", "\"case_shortlist_size\":5", "\"case_shortlist_national_size\":30")) {
            check(doc.contains(member)) { "$member not in $doc" }
        }
        eq(base.hash(), base.withOverrides(RulesetOverrides(duplicateKeep = DuplicateKeep.LATEST, caseMinScore = 80.0)).hash(), "the defaults again")
        val typed = base.withOverrides(
            RulesetOverrides(duplicateKeep = DuplicateKeep.EARLIEST, caseMinScore = 72.5, caseShortlistSize = 3u, caseShortlistNationalSize = 10u),
        )
        val json = base.withOverridesJson(
            """{"duplicate_keep": "earliest", "case_min_score": 72.5, "case_shortlist_size": 3, "case_shortlist_national_size": 10}""",
        )
        eq(json.hash(), typed.hash())
        eq(json, typed)
        check(typed.hash() != base.hash()) { "same hash" }
        check(typed.toJson().contains("\"duplicate_keep\":\"earliest\"")) { typed.toJson() }
        eq("/case_min_score", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(caseMinScore = 100.5)) }.path)
        eq("/case_min_score", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(caseMinScore = -1.0)) }.path)
        eq("/duplicate_keep", raises<QgxException.InvalidRuleset> { base.withOverridesJson("""{"duplicate_keep": "first"}""") }.path)
    }

    test("OutputKind.OTHER: a report output of kind other with its note, typed and JSON agree") {
        eq("other", wire(OutputKind.OTHER))
        val r = sampleReport()
        val pb = r.tasks.partyBuilding!!
        fun with(o: Output) = r.copy(tasks = r.tasks.copy(partyBuilding = pb.copy(outputs = pb.outputs + o)))
        val withOther = with(Output(OutputKind.OTHER, title = "理论学习读本", note = "支部自编理论学习读本"))
        val typed = checkReport(withOther)
        // Outputs are encouraged, never required (RULES.md §4.13): the report stays complete.
        check(typed.complete) { "${typed.findings}" }
        eq(1.0, typed.completeness)
        eq(listOf(), typed.findings)
        val json = Json.parse(checkReportJson(Json.write(reportToJson(withOther))))
        check(Json.same(json, checkJson(typed))) { Json.diff(json, checkJson(typed))!! }
        eq(withOther, reportFromJson(reportToJson(withOther)))
        // Without its note: the warning output_without_note, and still complete.
        val noNote = checkReport(with(Output(OutputKind.OTHER, title = "理论学习读本")))
        check(noNote.complete) { "${noNote.findings}" }
        eq(listOf("output_without_note"), noNote.findings.map { it.code })
        eq(listOf(Severity.WARNING), noNote.findings.map { it.severity })
        check(noNote.findings[0].path.startsWith("/tasks/party_building/outputs/")) { noNote.findings[0].path }
    }

    test("bad overrides raise InvalidRuleset naming the key") {
        val base = Ruleset.edition2024()
        eq("/cycle_years", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(cycleYears = 0u)) }.path)
        eq("/cycle_start", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(cycleStart = "2024-9-1")) }.path)
        eq("/score/reach_cap", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(score = ScoreOverrides(reachCap = 0u))) }.path)
        eq("/score", raises<QgxException.InvalidRuleset> { base.withOverrides(RulesetOverrides(score = ScoreOverrides(coverage = 20.0))) }.path)
        eq("/cycle_yeras", raises<QgxException.InvalidRuleset> { base.withOverridesJson("""{"cycle_yeras": 3}""") }.path)
        eq("/priority_mode", raises<QgxException.InvalidRuleset> { base.withOverridesJson("""{"priority_mode": "fast"}""") }.path)
        val s = raises<QgxException.Syntax> { base.withOverridesJson("{\"cycle_years\": ") }
        eq(1uL, s.line)
        check(s.column != null) { "no column" }
    }

    test("checkReport: the sample is complete") {
        val c = checkReport(sampleReport())
        check(c.complete) { "${c.findings}" }
        eq(1.0, c.completeness)
        eq(ReportState.SUBMITTED_ON_TIME, c.status)
        eq(listOf(), c.findings)
        eq(1u, c.tasks.educationService.validActivities)
        check(c.score.total > 0.0 && c.score.total <= 100.0) { "${c.score}" }
        val t = c.score.tasks.partyBuilding
        // Totals are rounded sums of the unrounded components: within 0.02 of the shown ones.
        check(Math.abs(t.total - (t.coverage + t.breadth + t.reach + t.outputs)) <= 0.02 + 1e-9) { "$t" }
    }

    test("checkReport: a draft's state comes from asOf") {
        eq(null, checkReport(draft()).status)
        eq(ReportState.NOT_DUE, checkReport(draft(), "2025-07-02").status)
        eq(ReportState.OPEN, checkReport(draft(), "2025-07-03").status)
        eq(ReportState.OVERDUE, checkReport(draft(), "2025-09-02").status)
    }

    test("checkReport: what is missing, in Chinese and English, with paths") {
        val r = draft().copy(summary = " ", tasks = draft().tasks.copy(techEmpowerment = null))
        val c = checkReport(r, "2025-07-15")
        check(!c.complete) { "complete" }
        check(c.completeness < 1.0) { "${c.completeness}" }
        eq(listOf("/summary", "/tasks/tech_empowerment"), c.findings.map { it.path })
        eq(listOf("summary_missing", "task_not_covered"), c.findings.map { it.code })
        eq(listOf("R-ANNUAL", "R-TASK-3"), c.findings.map { it.rule })
        eq(listOf(Severity.ERROR, Severity.ERROR), c.findings.map { it.severity })
        check(c.findings.all { it.message.zh.isNotBlank() && it.message.en.isNotBlank() }) { "empty message" }
        check(c.findings[1].message.zh.contains("推动科技赋能")) { c.findings[1].message.zh }
        eq(0u, c.tasks.techEmpowerment.validActivities)
        eq(0.0, c.score.tasks.techEmpowerment.total)
    }

    test("checkReport: bad asOf, activity date and submittedAt raise with their path") {
        eq("/as_of", raises<QgxException.InvalidArgument> { checkReport(sampleReport(), "2025-9-1") }.path)
        val r = sampleReport()
        val a = r.tasks.practiceEducation!!.activities[0].copy(date = "2025-02-30")
        val bad = r.copy(tasks = r.tasks.copy(practiceEducation = TaskReport(listOf(r.tasks.practiceEducation!!.activities[0], a))))
        val e = raises<QgxException.InvalidInput> { checkReport(bad) }
        eq("/tasks/practice_education/activities/1/date", e.path)
        check(e.detail.contains("YYYY-MM-DD")) { e.detail }
        check(e.message.contains("/tasks/practice_education/activities/1/date")) { "${e.message}" }
        eq(1, e.issues.size)
        eq("/submitted_at", raises<QgxException.InvalidInput> { checkReport(r.copy(submittedAt = "yesterday")) }.path)
        // Every kind is a QgxException (one catch for all).
        check(raises<QgxException> { checkReport(r.copy(submittedAt = "x")) } is QgxException.InvalidInput) { "kind" }
    }

    test("checkReports: one result per report, in order; errors name the index") {
        val reports = listOf(sampleReport(), draft().copy(applicationId = "A-2", summary = ""), sampleReport().copy(cycleYear = 7))
        val cs = checkReports(reports, "2025-07-15")
        eq(listOf("A-0001", "A-2", "A-0001"), cs.map { it.applicationId })
        eq(listOf(true, false, false), cs.map { it.complete })
        eq(listOf("bad_cycle_year"), cs[2].findings.map { it.code })
        eq(cs[1], checkReport(reports[1], "2025-07-15"))
        eq(listOf(), checkReports(listOf()))
        val bad = reports + sampleReport().copy(submittedAt = "2025-13-01")
        eq("/3/submitted_at", raises<QgxException.InvalidInput> { checkReports(bad) }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { checkReports(reports, "soon") }.path)
    }

    test("checkReportJson: the exact JSON of the typed result") {
        val json = Json.write(reportToJson(sampleReport()))
        val out = Json.parse(checkReportJson(json))
        val typed = checkJson(checkReport(sampleReport()))
        check(Json.same(out, typed)) { Json.diff(out, typed)!! }
        val draftOut = Json.parse(checkReportJson(Json.write(reportToJson(draft())), "2025-09-02")) as Map<*, *>
        eq("overdue", draftOut["status"])
    }

    test("checkReportJson: malformed JSON raises Syntax or InvalidInput with path, line, column") {
        val s = raises<QgxException.Syntax> { checkReportJson("{\n  \"application_id\": ") }
        eq("/application_id", s.path)
        eq(2uL, s.line)
        val good = text("examples/report.json")
        val e = raises<QgxException.InvalidInput> { checkReportJson(good.replace("\"summary\"", "\"summry\"")) }
        eq("/summry", e.path)
        check(e.line != null && e.column != null) { "no position" }
        eq("/cycle_year", raises<QgxException.InvalidInput> { checkReportJson(good.replace("\"cycle_year\": 1", "\"cycle_year\": \"1\"")) }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { checkReportJson(good, "2025-02-29") }.path)
        raises<QgxException.InvalidInput> { checkReportJson("[]") }
    }

    test("checkReportsJson: a batch equals one call per report") {
        val one = text("examples/report.json")
        val two = text("examples/report-incomplete.json")
        val batch = Json.parse(checkReportsJson("[$one,$two,$one]", "2025-08-01")) as List<*>
        eq(3, batch.size)
        check(Json.same(Json.parse(checkReportJson(two, "2025-08-01")), batch[1])) { "batch[1]" }
        eq("/1/tasks", raises<QgxException.InvalidInput> { checkReportsJson("[$one, {\"application_id\": \"x\", \"cycle_year\": 1, \"summary\": \"\"}]") }.path)
        eq("[]", checkReportsJson("[]"))
    }

    test("the example reports: typed and JSON agree") {
        for (f in listOf("examples/report.json", "examples/report-incomplete.json")) {
            val src = text(f)
            val typed = checkJson(checkReport(reportFromJson(Json.parse(src)), "2025-08-01"))
            val json = Json.parse(checkReportJson(src, "2025-08-01"))
            check(Json.same(json, typed)) { "$f: ${Json.diff(json, typed)}" }
        }
    }

    test("cycleStatus, nextDue, reportStatus") {
        val s = cycleStatus("2025-07-15")
        eq("2025-07-15", s.asOf)
        eq(3, s.years.size)
        eq(CyclePosition.InYear(1u, 318u, 47u), s.position)
        eq(CyclePosition.BeforeCycle, cycleStatus("2024-01-01").position)
        eq(CyclePosition.AfterCycle, cycleStatus("2027-09-01").position)
        eq(NextDue(1u, "2025-07-03", "2025-08-31", 47L), nextDue("2025-07-15"))
        eq(s.nextDue, nextDue("2025-07-15"))
        eq(null, nextDue("2027-09-01"))
        val st = reportStatus(1u, "2025-08-31T16:00:00Z", "2025-09-30")
        eq(ReportState.SUBMITTED_LATE, st.status)
        eq("2025-09-01", st.submittedOn)
        eq(-30L, st.daysToDue)
        eq(ReportState.OPEN, reportStatus(1u, null, "2025-07-03").status)
        val grace = Ruleset.edition2024().withOverridesJson("""{"report_grace_days": 10}""")
        eq("2025-09-10", nextDue("2025-09-01", grace)!!.due)
        eq("2025-09-10", cycleStatus("2025-09-01", grace).years[0].due)
    }

    test("cycle calls: bad arguments raise InvalidArgument with path") {
        eq("/as_of", raises<QgxException.InvalidArgument> { cycleStatus("2025-02-29") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { nextDue("tomorrow") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { reportStatus(1u, null, "") }.path)
        eq("/year", raises<QgxException.InvalidArgument> { reportStatus(4u, null, "2025-01-01") }.path)
        eq("/year", raises<QgxException.InvalidArgument> { reportStatus(0u, null, "2025-01-01") }.path)
        eq("/submitted_at", raises<QgxException.InvalidArgument> { reportStatus(1u, "31 August", "2025-09-01") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { cycleStatusJson("2025/01/01") }.path)
        eq("/year", raises<QgxException.InvalidArgument> { reportStatusJson(9u, null, "2025-01-01") }.path)
        eq("null", nextDueJson("2030-01-01"))
    }

    test("a Rust panic is a Kotlin exception, and the library keeps working") {
        val e = raises<InternalException> { panicProbe("boom from the test") }
        check(e.message!!.contains("boom from the test")) { "${e.message}" }
        raises<InternalException> { panicProbe("again") }
        check(checkReport(sampleReport()).complete) { "after the panic" }
    }

    test("calls from many threads at once") {
        val pool = Executors.newFixedThreadPool(4)
        val expected = checkReport(draft(), "2025-07-15")
        val futures = (1..64).map { pool.submit<ReportCheck> { checkReport(draft(), "2025-07-15") } }
        val results = futures.map { it.get(60, TimeUnit.SECONDS) }
        pool.shutdown()
        check(results.all { it == expected }) { "a result differs" }
    }

    // R-SUMMARY: the sample report moved to cycle year k (its dates a year later per year).
    fun inYear(k: Int, submittedAt: String?): AnnualReport {
        val r = sampleReport()
        fun shift(t: TaskReport?) = t?.copy(activities = t.activities.map { a -> a.copy(date = "${a.date.substring(0, 4).toInt() + k - 1}${a.date.substring(4)}") })
        return r.copy(
            cycleYear = k.toLong(),
            submittedAt = submittedAt,
            tasks = TaskReports(shift(r.tasks.partyBuilding), shift(r.tasks.educationService), shift(r.tasks.techEmpowerment), shift(r.tasks.practiceEducation)),
        )
    }

    test("summarizeCycle: my three years (on time, late, a draft), typed and JSON agree") {
        val mine = listOf(inYear(1, "2025-08-20T10:00:00+08:00"), inYear(2, "2026-09-02T09:00:00+08:00"), inYear(3, null))
        val s = summarizeCycle(mine, "2026-09-30")
        eq("2026-09-30", s.asOf)
        eq(1, s.participants.size)
        val me = s.participants.single()
        eq("A-0001", me.applicationId)
        eq(null, me.province)
        eq(listOf(ReportState.SUBMITTED_ON_TIME, ReportState.SUBMITTED_LATE, ReportState.NOT_DUE), me.years.map { it.status })
        eq(listOf<Boolean?>(true, true, true), me.years.map { it.complete })
        eq(1.0, me.years[0].completeness)
        eq(me.years[0].score, me.years[1].score)
        eq(Triple(2u, 1u, 0u), Triple(me.due, me.onTimeComplete, me.overdue))
        eq(me.years[0].score, me.cycleScore)
        check(!me.caseCandidate) { "a late year ends candidacy" }
        eq(2u * checkReport(sampleReport()).tasks.educationService.validActivities, me.totals.educationService.validActivities, "the draft counts in no total")
        eq(listOf(), me.findings)
        eq(listOf(), s.caseShortlist)
        eq(listOf<String?>(null), s.provinces.map { it.province })
        eq(listOf<String?>(null), s.provinces.map { it.name })
        val input = mapOf("reports" to mine.map { reportToJson(it) })
        val json = Json.parse(summarizeCycleJson(Json.write(input), "2026-09-30"))
        check(Json.same(json, summaryJson(s))) { Json.diff(json, summaryJson(s))!! }
    }

    test("summarizeCycle: a resubmission supersedes; an overdue year counts 0; the candidate threshold") {
        val first = inYear(1, "2025-08-01T10:00:00+08:00").copy(summary = "初稿：" + sampleReport().summary)
        val again = inYear(1, "2025-08-20T10:00:00+08:00")
        val s = summarizeCycle(listOf(again, first), "2026-09-30")
        val me = s.participants.single()
        eq(listOf("report_superseded"), me.findings.map { it.code })
        eq(listOf("R-SUMMARY"), me.findings.map { it.rule })
        eq(listOf(Severity.INFO), me.findings.map { it.severity })
        eq(listOf(""), me.findings.map { it.path })
        eq(ReportState.OVERDUE, me.years[1].status)
        eq(null, me.years[1].score)
        eq(Triple(2u, 1u, 1u), Triple(me.due, me.onTimeComplete, me.overdue))
        check(Math.abs(me.cycleScore!! - me.years[0].score!! / 2) <= 0.005 + 1e-9) { "${me.cycleScore}" }
        // Only year 1 due, on time and complete: a candidate exactly when the score reaches case_min_score.
        val y1 = summarizeCycle(listOf(again), "2025-09-30").participants.single()
        eq(Triple(1u, 1u, 0u), Triple(y1.due, y1.onTimeComplete, y1.overdue))
        val at = Ruleset.edition2024().withOverrides(RulesetOverrides(caseMinScore = y1.cycleScore!!))
        check(summarizeCycle(listOf(again), "2025-09-30", at).participants.single().caseCandidate) { "at the threshold" }
        eq(listOf("A-0001"), summarizeCycle(listOf(again), "2025-09-30", at).caseShortlist.map { it.applicationId })
        val above = Ruleset.edition2024().withOverrides(RulesetOverrides(caseMinScore = y1.cycleScore!! + 0.01))
        check(!summarizeCycle(listOf(again), "2025-09-30", above).participants.single().caseCandidate) { "above" }
        eq(null, summarizeCycle(listOf(again), "2025-08-30").participants.single().cycleScore, "nothing due yet")
        eq(listOf(), summarizeCycle(listOf(), "2025-08-30").participants)
    }

    test("summarizeCycle: bad input raises with its path") {
        eq("/as_of", raises<QgxException.InvalidArgument> { summarizeCycle(listOf(sampleReport()), "2026/09/30") }.path)
        eq("/reports/1/submitted_at", raises<QgxException.InvalidInput> { summarizeCycle(listOf(sampleReport(), sampleReport().copy(submittedAt = "soon")), "2026-09-30") }.path)
        eq("/reports/0/tasks/party_building/activities/0/date", raises<QgxException.InvalidInput> {
            val r = sampleReport()
            val pb = r.tasks.partyBuilding!!
            summarizeCycle(listOf(r.copy(tasks = r.tasks.copy(partyBuilding = pb.copy(activities = listOf(pb.activities[0].copy(date = "2025-02-30")))))), "2026-09-30")
        }.path)
        // Two reports of one year at one instant, or two drafts: malformed input (RULES.md §4.15).
        eq("/reports/1/submitted_at", raises<QgxException.InvalidInput> { summarizeCycle(listOf(sampleReport(), sampleReport()), "2026-09-30") }.path)
        eq("/reports/1", raises<QgxException.InvalidInput> { summarizeCycle(listOf(draft(), draft()), "2026-09-30") }.path)
    }

    test("summarizeCycleJson: participants give provinces, names and shortlists; errors name their path") {
        val input = mapOf(
            "reports" to listOf(reportToJson(inYear(1, "2025-08-20T10:00:00+08:00"))),
            "participants" to listOf(mapOf("application_id" to "A-0001", "province" to "11", "person_id" to "P-0001")),
            "ruleset" to mapOf("case_min_score" to JNum("0")),
        )
        val out = Json.parse(summarizeCycleJson(Json.write(input), "2025-09-30")) as Map<*, *>
        val prov = (out["provinces"] as List<*>).single() as Map<*, *>
        eq("11", prov["province"])
        eq("北京市", prov["name"])
        eq(1, (prov["case_shortlist"] as List<*>).size)
        eq("11", ((out["case_shortlist"] as List<*>).single() as Map<*, *>)["province"])
        eq("P-0001", ((out["participants"] as List<*>).single() as Map<*, *>)["person_id"])
        eq("/ruleset/case_min_score", raises<QgxException.InvalidRuleset> { summarizeCycleJson("""{"reports": [], "ruleset": {"case_min_score": 101}}""", "2025-09-30") }.path)
        eq("/ruleset/case_min_score", raises<QgxException.InvalidRuleset> { summarizeCycleJson("""{"reports": [], "ruleset": {"case_min_score": "high"}}""", "2025-09-30") }.path)
        eq("/participants/0/province", raises<QgxException.InvalidInput> { summarizeCycleJson("""{"reports": [], "participants": [{"application_id": "A", "province": "99"}]}""", "2025-09-30") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { summarizeCycleJson("""{"reports": []}""", "30 Sept") }.path)
        raises<QgxException.Syntax> { summarizeCycleJson("""{"reports": [""", "2025-09-30") }
    }

    test("Ruleset objects can be closed; records are values") {
        Ruleset.edition2024().use { rs -> eq("2024", rs.edition()) }
        eq(sampleReport(), sampleReport())
        eq(sampleReport(), reportFromJson(reportToJson(sampleReport())))
    }
}

// ---------------------------------------------------------------------------------------------
// Vectors and the hostile corpus

fun ok(body: () -> Any?): Any? = try {
    body()
} catch (e: QgxException) {
    errorJson(e)
}

/** A document argument's JSON text: the raw text a hostile case gives in `text`, else the input member written out. */
@Suppress("UNCHECKED_CAST")
fun doc(v: Map<String, Any?>, key: String): String? =
    ((v["text"] as Map<String, Any?>?)?.get(key) as String?) ?: (v["input"] as Map<String, Any?>?)?.let { if (it.containsKey(key)) Json.write(it[key]) else null }

/** Runs a vector or hostile case through the JSON variants: the output, or the exception. */
@Suppress("UNCHECKED_CAST")
fun runJson(v: Map<String, Any?>): Pair<Any?, QgxException?> {
    val call = v["call"] as String
    val input = (v["input"] as Map<String, Any?>?) ?: mapOf()
    val asOf = input["as_of"] as String?
    return try {
        val rs = v["ruleset"]?.let { Ruleset.fromJson(Json.write(it)) }
        fun d(k: String) = doc(v, k) ?: ""
        val out = when (call) {
            "check_application" -> checkApplicationJson(d("application"), doc(v, "registry"), rs)
            "check_plan" -> checkPlanJson(d("plan"), rs)
            "check_report" -> checkReportJson(d("report"), asOf, rs)
            "check_reports" -> checkReportsJson(d("reports"), asOf, rs)
            "select" -> selectJson(d("selection"), rs)
            "compare" -> compareJson(d("base"), d("variant"), rs)
            "summarize_cycle" -> summarizeCycleJson(d("summary"), asOf!!, rs)
            "cycle_status" -> cycleStatusJson(asOf!!, rs)
            "report_status" -> reportStatusJson((input["year"] as JNum).text.toUInt(), input["submitted_at"] as String?, asOf!!, rs)
            "next_due" -> nextDueJson(asOf!!, rs)
            else -> throw AssertionError("no Kotlin runner for call $call")
        }
        Json.parse(out) to null
    } catch (e: QgxException) {
        errorJson(e) to e
    }
}

/** Calls with a typed Kotlin API: the vector's input read into the records, the result written back as wire JSON. */
val TYPED = setOf("check_application", "check_plan", "check_report", "check_reports", "summarize_cycle", "cycle_status", "report_status", "next_due")

@Suppress("UNCHECKED_CAST")
fun runTyped(v: Map<String, Any?>, rs: Ruleset?): Any? {
    val input = v["input"] as Map<String, Any?>
    val asOf = input["as_of"] as String?
    fun year() = (input["year"] as JNum).text.toUInt()
    return when (v["call"]) {
        "check_application" -> {
            val a = applicationFromJson(input["application"])
            val r = input["registry"]?.let { registryFromJson(it) }
            ok { appCheckJson(checkApplication(a, r, rs)) }
        }
        "check_plan" -> { val p = planFromJson(input["plan"]); ok { planCheckJson(checkPlan(p, rs)) } }
        "check_report" -> { val r = reportFromJson(input["report"]); ok { checkJson(checkReport(r, asOf, rs)) } }
        "check_reports" -> {
            val rl = (input["reports"] as? List<Any?> ?: throw Unrepresentable("not a list")).map { reportFromJson(it) }
            ok { checkReports(rl, asOf, rs).map { checkJson(it) } }
        }
        "summarize_cycle" -> { val rl = summaryReportsFromJson(input["summary"]); ok { summaryJson(summarizeCycle(rl, asOf!!, rs)) } }
        "cycle_status" -> ok { cycleJson(cycleStatus(asOf!!, rs)) }
        "report_status" -> ok { statusJson(reportStatus(year(), input["submitted_at"] as String?, asOf!!, rs)) }
        "next_due" -> ok { nextDueJson(nextDue(asOf!!, rs)) }
        else -> throw AssertionError("no typed runner for ${v["call"]}")
    }
}

var typedByCall = sortedMapOf<String, Int>()

@Suppress("UNCHECKED_CAST")
fun runVector(v: Map<String, Any?>) {
    val expected = v["expected"]
    val viaJson = runJson(v).first
    check(Json.same(expected, viaJson)) { "JSON: " + Json.diff(expected, viaJson) }

    // Through the typed API: the same output whenever the input fits the typed records.
    val call = v["call"] as String
    if (call !in TYPED) return
    val rs = try {
        v["ruleset"]?.let { Ruleset.fromJson(Json.write(it)) }
    } catch (e: QgxException) {
        return // a bad ruleset: the JSON run above has shown its error
    }
    val typed: Any? = try {
        runTyped(v, rs)
    } catch (e: Unrepresentable) {
        return // e.g. an unknown field or a string where a number goes: only the JSON API sees it
    }
    typedChecked++
    typedByCall[call] = (typedByCall[call] ?: 0) + 1
    check(Json.same(expected, typed)) { "typed: " + Json.diff(expected, typed) }
}

@Suppress("UNCHECKED_CAST")
fun vectorTests(): Int {
    val dir = File(ROOT, "tests/vectors")
    var count = 0
    val seen = sortedSetOf<String>()
    for (f in dir.listFiles { x -> x.name.endsWith(".json") }!!.sortedBy { it.name }) {
        for (v in Json.parse(f.readText()) as List<Map<String, Any?>>) {
            count++
            seen += v["call"] as String
            test("vector ${f.name}: ${v["name"]}") { runVector(v) }
        }
    }
    test("the vectors hold every call of calls() but schema and catalog") {
        eq(calls().toSortedSet() - setOf("schema", "catalog"), seen)
    }
    return count
}

@Suppress("UNCHECKED_CAST")
fun hostileTests(): Int {
    val cases = Json.parse(text("tests/hostile/cases.json")) as List<Map<String, Any?>>
    for (c in cases) {
        test("hostile: ${c["name"]}") {
            val (actual, error) = runJson(c)
            check(error != null) { "accepted: ${Json.write(actual)}" }
            val expected = c["expected"] as Map<String, Any?>
            check(Json.same(expected["error"], (actual as Map<String, Any?>)["error"])) { Json.diff(expected["error"], actual["error"])!! }
            (expected["message_max_chars"] as JNum?)?.let { max ->
                for (m in error!!.allIssues.map { it.message } + error.what) {
                    check(m.codePointCount(0, m.length) <= max.value.toInt() && m.none { it.isISOControl() }) { "message not bounded or not printable (${m.length} chars)" }
                }
            }
        }
    }
    return cases.size
}

fun main(args: Array<String>) {
    if (args.isNotEmpty()) ROOT = File(args[0])
    functionTests()
    surfaceTests()
    hostileKotlinTests()
    val vectors = vectorTests()
    val hostile = hostileTests()
    println("vectors: $vectors run through the JSON variants; the typed API checked on $typedChecked of them $typedByCall")
    println("hostile corpus: $hostile cases")
    println("kotlin tests: $passed passed, $failed failed")
    kotlin.system.exitProcess(if (failed == 0) 0 else 1)
}
