// The whole surface: every call of the core's list has its Kotlin function, the application and
// plan checks, select, compare, schema and catalog; and Kotlin's own hostile values (strings with
// lone surrogates, which UTF-16 allows and UTF-8 cannot carry).

package qgxtest

import cn.edu.qgx.*

fun camel(name: String) = name.split('_').mapIndexed { i, w -> if (i == 0) w else w.replaceFirstChar { it.uppercase() } }.joinToString("")

/** Each call of the core's list, and the Kotlin functions that make it (typed first, then JSON). */
val KOTLIN_API = mapOf(
    "check_application" to listOf("checkApplication", "checkApplicationJson"),
    "check_plan" to listOf("checkPlan", "checkPlanJson"),
    "check_report" to listOf("checkReport", "checkReportJson"),
    "check_reports" to listOf("checkReports", "checkReportsJson"),
    "select" to listOf("selectJson"),
    "compare" to listOf("compareJson"),
    "summarize_cycle" to listOf("summarizeCycle", "summarizeCycleJson"),
    "cycle_status" to listOf("cycleStatus", "cycleStatusJson"),
    "report_status" to listOf("reportStatus", "reportStatusJson"),
    "next_due" to listOf("nextDue", "nextDueJson"),
    "schema" to listOf("schema"),
    "catalog" to listOf("catalog", "catalogJson"),
)

@Suppress("UNCHECKED_CAST")
fun selectionExample(): Map<String, Any?> = Json.parse(text("examples/selection.json")) as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun exampleApplication(): Application = applicationFromJson((selectionExample()["applications"] as List<Any?>)[1])

fun surfaceTests() {
    test("calls(): every call of the core has its Kotlin functions (by reflection on the generated class)") {
        // A function taking an unsigned (inline class) parameter has a mangled JVM name: `reportStatus-Qn1smSk`.
        val exported = Class.forName("cn.edu.qgx.Qgx_kotlinKt").methods.map { it.name.substringBefore('-') }.toSet()
        eq(calls().toSet(), KOTLIN_API.keys, "the table of Kotlin functions")
        for (call in calls()) {
            val names = KOTLIN_API.getValue(call)
            check(names.all { it in exported }) { "$call: ${names - exported} not exported" }
            check(camel(call) in exported || camel(call) + "Json" in exported) { "$call: neither ${camel(call)} nor ${camel(call)}Json" }
            // A JSON variant for everything (schema is JSON text already).
            check(call == "schema" || camel(call) + "Json" in exported) { "$call: no ${camel(call)}Json" }
        }
    }

    test("checkApplication: typed and JSON agree on the example; a plan and a registry cross typed") {
        val app = exampleApplication()
        val typed = checkApplication(app)
        check(typed.candidate) { "${typed.findings}" }
        eq(null, typed.outcome)
        val json = Json.parse(checkApplicationJson(Json.write((selectionExample()["applications"] as List<*>)[1])))
        check(Json.same(json, appCheckJson(typed))) { Json.diff(json, appCheckJson(typed))!! }
        val noPlan = checkApplication(app.copy(plan = null))
        eq(Outcome.INCOMPLETE_PLAN, noPlan.outcome)
        eq("R-PLAN", noPlan.outcomeRule)
        check("plan_missing" in noPlan.findings.map { it.code }) { "${noPlan.findings}" }
        val listed = checkApplication(app, Registry(nationalStudios = listOf()))
        eq(typed.candidate, listed.candidate)
    }

    test("checkApplication: bad typed values raise InvalidInput at their path") {
        val app = exampleApplication()
        eq("/province", raises<QgxException.InvalidInput> { checkApplication(app.copy(province = "99")) }.path)
        eq("/submitted_at", raises<QgxException.InvalidInput> { checkApplication(app.copy(submittedAt = "soon")) }.path)
        eq("/merit_score", raises<QgxException.InvalidInput> { checkApplication(app.copy(meritScore = 100.5)) }.path)
        eq("/university_review/date", raises<QgxException.InvalidInput> { checkApplication(app.copy(universityReview = UniversityReview(ReviewDecision.APPROVED, "2025-13-01"))) }.path)
        eq(
            "/registry/national_studios/0/province",
            raises<QgxException.InvalidInput> { checkApplication(app, Registry(nationalStudios = listOf(RegistryStudio("P", 1u, StudioStatus.ESTABLISHED, "x")))) }.path,
        )
        eq("/registry", raises<QgxException.Syntax> { checkApplicationJson(Json.write((selectionExample()["applications"] as List<*>)[1]), "{") }.path.substring(0, 9))
    }

    test("checkPlan: what is missing, typed and JSON agree") {
        val c = checkPlan(Plan(PlanObjectives()))
        check(!c.complete) { "complete" }
        eq("objective_missing", c.findings[0].code)
        eq("/objectives/party_building", c.findings[0].path)
        val plan = exampleApplication().plan!!
        val full = checkPlan(plan)
        check(full.complete) { "${full.findings}" }
        eq(checkApplication(exampleApplication()).planScore, full.score)
        val json = Json.parse(checkPlanJson(Json.write(((selectionExample()["applications"] as List<*>)[1] as Map<*, *>)["plan"])))
        check(Json.same(json, planCheckJson(full))) { Json.diff(json, planCheckJson(full))!! }
        eq("/milestones/1", raises<QgxException.InvalidInput> { checkPlan(plan.copy(milestones = plan.milestones + ("1" to "\uD800"))) }.path)
    }

    test("checkReport: fixes and gains, typed and JSON agree") {
        val r = draft().copy(summary = "", tasks = draft().tasks.copy(partyBuilding = null))
        val c = checkReport(r, "2025-07-15")
        eq(listOf("/summary", "/tasks/party_building"), c.fixes.map { it.path })
        eq(listOf(listOf("summary_missing"), listOf("task_not_covered")), c.fixes.map { it.codes })
        check(c.fixes.all { it.message.zh.startsWith("须修正") }) { "${c.fixes}" }
        val g = c.gains.partyBuilding!!
        eq(GainKind.FIRST_ACTIVITY, g.kind)
        eq(Form.PARTY_LECTURE, g.form)
        check(g.gain > 0.0 && g.message.en.contains("${g.gain}")) { "$g" }
        eq(listOf(), checkReport(sampleReport()).fixes)
        val json = Json.parse(checkReportJson(Json.write(reportToJson(r)), "2025-07-15"))
        check(Json.same(json, checkJson(c))) { Json.diff(json, checkJson(c))!! }
    }

    test("selectJson: every application with its why; compareJson: one more place moves someone") {
        val sel = selectionExample()
        val out = Json.parse(selectJson(Json.write(sel))) as Map<*, *>
        val apps = out["applications"] as List<*>
        eq((sel["applications"] as List<*>).size, apps.size)
        check(apps.all { ((it as Map<*, *>)["why"] as Map<*, *>)["message"] != null }) { "a why without message" }
        val same = Json.parse(compareJson(Json.write(sel), Json.write(sel))) as Map<*, *>
        eq(listOf<Any?>(), same["applications"])
        eq("/variant", raises<QgxException.Syntax> { compareJson(Json.write(sel), "{") }.path.substring(0, 8))
        eq("/ruleset/priority_mode", raises<QgxException.InvalidRuleset> { selectJson("""{"applications": [], "provinces": [], "ruleset": {"priority_mode": "x"}}""") }.path)
    }

    test("schema, schemaNames, catalog, catalogJson") {
        check(schemaNames().containsAll(listOf("annual_report", "application", "plan", "selection_input"))) { "${schemaNames()}" }
        for (name in schemaNames()) check(Json.parse(schema(name)) is Map<*, *>) { name }
        check(schema("annual_report").contains("application_id")) { "annual_report" }
        eq("", raises<QgxException.UnknownSchema> { schema("report") }.path)
        val cat = catalog()
        check(cat.any { it.code == "task_not_covered" && it.severity == Severity.ERROR }) { "task_not_covered" }
        val json = Json.parse(catalogJson()) as List<*>
        eq(cat.size, json.size)
        eq(cat.map { it.code }, json.map { (it as Map<*, *>)["code"] })
    }

    test("Ruleset.fromJson: a whole document or overrides, as every binding reads a ruleset") {
        val over = Ruleset.fromJson("""{"report_grace_days": 10}""")
        eq(Ruleset.edition2024().withOverridesJson("""{"report_grace_days": 10}"""), over)
        eq(over, Ruleset.fromJson(over.toJson()))
        eq(Ruleset.edition2024().hash(), Ruleset.fromJson("{}").hash())
        eq("/x", raises<QgxException.InvalidRuleset> { Ruleset.fromJson("""{"x": 1}""") }.path)
    }
}

// Kotlin's hostile values: a String is UTF-16 and may hold a lone surrogate. Before this binding
// read strings itself, one raised java.nio.charset.MalformedInputException.

const val HIGH = "\uD800"
const val LOW = "\uDC00"

fun hostileKotlinTests() {
    test("a lone surrogate in a typed field is InvalidInput at its path") {
        val r = sampleReport()
        for (bad in listOf("总结$HIGH", "$LOW", "x$LOW$HIGH", "$HIGH$HIGH\uDE00")) {
            val e = raises<QgxException.InvalidInput> { checkReport(r.copy(summary = bad)) }
            eq("/summary", e.path, bad.map { it.code.toString(16) }.toString())
            check(e.detail.contains("lone surrogate")) { e.detail }
        }
        eq("/application_id", raises<QgxException.InvalidInput> { checkReport(r.copy(applicationId = HIGH)) }.path)
        val pb = r.tasks.partyBuilding!!
        val a = pb.activities[0]
        fun withActivity(x: Activity) = r.copy(tasks = r.tasks.copy(partyBuilding = pb.copy(activities = listOf(x))))
        eq("/tasks/party_building/activities/0/description", raises<QgxException.InvalidInput> { checkReport(withActivity(a.copy(description = "讲$LOW"))) }.path)
        eq("/tasks/party_building/activities/0/evidence/1", raises<QgxException.InvalidInput> { checkReport(withActivity(a.copy(evidence = listOf("ok", HIGH)))) }.path)
        eq("/tasks/party_building/activities/0/partner/name", raises<QgxException.InvalidInput> { checkReport(withActivity(a.copy(partner = a.partner.copy(name = HIGH)))) }.path)
        eq("/tasks/party_building/activities/0/date", raises<QgxException.InvalidInput> { checkReport(withActivity(a.copy(date = "2025-03-1$HIGH"))) }.path)
        eq("/2/summary", raises<QgxException.InvalidInput> { checkReports(listOf(r, r, r.copy(summary = HIGH))) }.path)
        eq("/reports/0/summary", raises<QgxException.InvalidInput> { summarizeCycle(listOf(r.copy(summary = HIGH)), "2026-09-30") }.path)
        val app = exampleApplication()
        eq("/id", raises<QgxException.InvalidInput> { checkApplication(app.copy(id = "A-$HIGH")) }.path)
        eq("/province", raises<QgxException.InvalidInput> { checkApplication(app.copy(province = "1$LOW")) }.path)
        eq("/plan/objectives/tech_empowerment", raises<QgxException.InvalidInput> {
            checkApplication(app.copy(plan = app.plan!!.copy(objectives = app.plan!!.objectives.copy(techEmpowerment = LOW))))
        }.path)
        eq("/registry/national_model_branches/0/branch_name", raises<QgxException.InvalidInput> {
            checkApplication(app, Registry(nationalModelBranches = listOf(RegistryBranch("4111010001", HIGH, 1u, HonorStatus.MODEL))))
        }.path)
    }

    test("a lone surrogate in a plain argument is InvalidArgument at its name") {
        eq("/as_of", raises<QgxException.InvalidArgument> { checkReport(sampleReport(), "2025-07-1$HIGH") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { checkReportJson(text("examples/report.json"), LOW) }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { cycleStatus(HIGH) }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { nextDueJson(HIGH) }.path)
        eq("/submitted_at", raises<QgxException.InvalidArgument> { reportStatus(1u, HIGH, "2025-09-01") }.path)
        eq("/submitted_at", raises<QgxException.InvalidArgument> { reportStatusJson(1u, LOW, "2025-09-01") }.path)
        eq("/as_of", raises<QgxException.InvalidArgument> { summarizeCycleJson("""{"reports": []}""", HIGH) }.path)
        eq("/name", raises<QgxException.InvalidArgument> { schema(HIGH) }.path)
        eq("/cycle_start", raises<QgxException.InvalidRuleset> { Ruleset.edition2024().withOverrides(RulesetOverrides(cycleStart = HIGH)) }.path)
    }

    test("a lone surrogate in JSON text is the core's error for its escape, at the field") {
        val good = text("examples/report.json")
        val bad = good.replace("\"summary\": \"", "\"summary\": \"$HIGH")
        check(bad != good) { "no summary in the example" }
        val e = raises<QgxException> { checkReportJson(bad) }
        eq("/summary", e.where)
        // Exactly as the JSON escape of the same code unit.
        val escaped = good.replace("\"summary\": \"", "\"summary\": \"\\ud800")
        val viaEscape = raises<QgxException> { checkReportJson(escaped) }
        eq(viaEscape::class, e::class)
        eq(viaEscape.where, e.where)
        // After a backslash it completes no escape: still an error, not `\\ud800` read as text.
        raises<QgxException.Syntax> { checkReportJson(good.replace("\"summary\": \"", "\"summary\": \"\\$HIGH")) }
        // Outside any string.
        raises<QgxException.Syntax> { checkReportJson("$HIGH$good") }
        eq("/1/summary", raises<QgxException> { checkReportsJson("[$good,$bad]") }.where)
        raises<QgxException> { checkPlanJson("{\"objectives\": {\"party_building\": \"$LOW\"}}") }
        raises<QgxException> { selectJson("{\"applications\": [], \"provinces\": [], \"office_decisions\": {\"$HIGH\": \"approved\"}}") }
        raises<QgxException> { compareJson("{\"applications\": [], \"provinces\": []}", "{\"applications\": [$HIGH], \"provinces\": []}") }
        raises<QgxException> { checkApplicationJson("{\"id\": \"$HIGH\"}") }
        raises<QgxException> { summarizeCycleJson("{\"reports\": [], \"x$LOW\": 1}", "2025-09-30") }
        raises<QgxException> { Ruleset.fromJson("{\"cycle_start\": \"$HIGH\"}") }
        raises<QgxException> { Ruleset.edition2024().withOverridesJson("{\"$HIGH\": 1}") }
    }

    test("valid UTF-16 crosses unchanged: surrogate pairs, NUL, U+FFFF, an empty string") {
        val r = sampleReport()
        for (s in listOf("党建😀联建\uD83D\uDE00", "a\u0000b", "\uFFFF", "")) {
            val c = checkReport(r.copy(applicationId = s))
            eq(s, c.applicationId)
            val viaJson = Json.parse(checkReportJson(Json.write(reportToJson(r.copy(applicationId = s))))) as Map<*, *>
            eq(s, viaJson["application_id"])
        }
        val pb = r.tasks.partyBuilding!!
        val emoji = pb.activities[0].copy(description = "😀".repeat(40))
        check(checkReport(r.copy(tasks = r.tasks.copy(partyBuilding = pb.copy(activities = listOf(emoji))))).complete) { "emoji description" }
    }
}
