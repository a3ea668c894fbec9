// The mobile flow of a 双带头人 drafting the annual report offline, through the Kotlin binding:
// build a draft, show in Chinese what is missing, fix it, show the score and the next due date;
// then, years later, "my three years": every year's status and score, the cycle score, the
// totals and whether the work is a typical-case candidate (R-SUMMARY).
//
// Run (after bindings-kotlin/test.sh has built everything; see examples/kotlin/README.md):
//   java -Djna.library.path=target/kotlin-release \
//     -cp target/qgx-kotlin/qgx-kotlin-tests.jar:/usr/share/java/jna.jar:.tools/kotlin-compiler-2.4.20/package/lib/kotlin-stdlib.jar \
//     qgxexample.ReportFlowKt [as-of YYYY-MM-DD] [review date YYYY-MM-DD]

package qgxexample

import cn.edu.qgx.*

fun stateZh(s: ReportState?): String = when (s) {
    ReportState.NOT_DUE -> "未到填报期"
    ReportState.OPEN -> "填报中"
    ReportState.SUBMITTED_ON_TIME -> "已按时报送"
    ReportState.SUBMITTED_EARLY -> "提前报送"
    ReportState.SUBMITTED_LATE -> "逾期报送"
    ReportState.OVERDUE -> "已逾期未报"
    null -> "未知"
}

fun percent(x: Double) = String.format("%.1f%%", x * 100)

fun activity(date: String, form: Form, partner: PartnerKind, partnerName: String, teachers: UInt, students: UInt, description: String, evidence: List<String>) =
    Activity(
        date = date,
        form = form,
        partner = Partner(kind = partner, name = partnerName),
        participants = Participants(teachers, students),
        description = description,
        evidence = evidence,
    )

fun show(title: String, check: ReportCheck) {
    println("\n【$title】完整度 ${percent(check.completeness)}，状态：${stateZh(check.status)}")
    if (check.complete) {
        println("  材料齐全，可以报送。")
    } else {
        println("  还需补充（${check.findings.count { it.severity == Severity.ERROR }} 项）：")
    }
    for (f in check.findings) {
        val mark = if (f.severity == Severity.ERROR) "✗" else "!"
        println("  $mark ${f.message.zh}  [${f.rule} ${f.path}]")
    }
}

/** The report moved to cycle year `year` (its activities a year later per year), submitted at `submittedAt`. */
fun forYear(r: AnnualReport, year: Int, submittedAt: String?): AnnualReport {
    fun shift(t: TaskReport?) = t?.copy(activities = t.activities.map { a ->
        a.copy(date = "${a.date.substring(0, 4).toInt() + year - 1}${a.date.substring(4)}")
    })
    return r.copy(
        cycleYear = year.toLong(),
        submittedAt = submittedAt,
        tasks = TaskReports(shift(r.tasks.partyBuilding), shift(r.tasks.educationService), shift(r.tasks.techEmpowerment), shift(r.tasks.practiceEducation)),
    )
}

fun score(x: Double?) = x?.let { String.format("%.2f", it) } ?: "—"

/** "My three years": the participant's own reports of the cycle, summed up as of `asOf`. */
fun myThreeYears(reports: List<AnnualReport>, asOf: String) {
    val me = summarizeCycle(reports, asOf).participants.single()
    println("\n【我的三年】截至 $asOf")
    for (y in me.years) {
        val done = when (y.complete) {
            true -> "材料完整"
            false -> "材料不全（完整度 ${percent(y.completeness!!)}）"
            null -> "尚无报告"
        }
        println("  第 ${y.year} 年度：${stateZh(y.status)} · $done · 得分 ${score(y.score)}")
    }
    println("  已到期 ${me.due} 年，按时且完整 ${me.onTimeComplete} 年，逾期未报 ${me.overdue} 年")
    println("  周期得分：${score(me.cycleScore)}（到期年度得分的平均，未报年度计 0 分）")
    val t = me.totals
    val tasks = listOf("党建联建" to t.partyBuilding, "教育服务" to t.educationService, "科技赋能" to t.techEmpowerment, "实践育人" to t.practiceEducation)
    println("  累计：" + tasks.joinToString("；") { (name, x) -> "$name 有效活动 ${x.validActivities} 项、参与 ${x.reach} 人次、成果 ${x.outputs} 项" })
    println(
        if (me.caseCandidate) "  ★ 可列入典型工作案例候选。"
        else "  暂不满足典型工作案例候选条件（每个到期年度均按时完整报送，且周期得分达到阈值）。",
    )
    for (f in me.findings) println("  · ${f.message.zh}  [${f.rule}]")
}

fun main(args: Array<String>) {
    val asOf = args.getOrNull(0) ?: "2025-07-15"
    val reviewDate = args.getOrNull(1) ?: "2027-09-30"
    println("强国行专项行动 · 年度开展情况（离线填报）  今天：$asOf  引擎 ${engineVersion()}")

    val due = nextDue(asOf)
    if (due != null) {
        println("第 ${due.year} 年度报告：填报窗口 ${due.windowOpens} 开启，截止 ${due.due}（还剩 ${due.daysLeft} 天）")
    }

    // 1. A first draft: one activity, written in a hurry; the other tasks not yet filled in.
    val hurried = activity("2025-03-12", Form.PARTY_LECTURE, PartnerKind.LOCAL_PARTY_GOVERNMENT, "某县委组织部", 5u, 20u, "讲了一次党课。", listOf())
    val draft = AnnualReport(
        applicationId = "A-0001",
        cycleYear = 1,
        summary = "",
        tasks = TaskReports(partyBuilding = TaskReport(activities = listOf(hurried))),
    )
    show("草稿", checkReport(draft, asOf))

    // 2. Fixed: a summary, the activity described with its evidence, and one activity per task.
    val text = "组织师生赴合作单位开展专题活动，反响良好，形成长效机制。"
    val fixed = draft.copy(
        summary = "本年度围绕四项任务扎实开展强国行专项行动，党建联建、教育服务、科技赋能、实践育人均有进展。",
        tasks = TaskReports(
            partyBuilding = TaskReport(
                activities = listOf(hurried.copy(description = "赴县委组织部讲授专题党课，与当地党支部开展结对共建，$text", evidence = listOf("https://example.edu.cn/news/1"))),
                outputs = listOf(Output(kind = OutputKind.QUALITY_PARTY_LESSON, title = "专题党课《强国有我》")),
            ),
            educationService = TaskReport(
                activities = listOf(activity("2025-04-20", Form.LECTURE, PartnerKind.EDUCATION_AUTHORITY, "县教育局", 4u, 12u, "为县域中小学教师举办专题讲座，$text", listOf("https://example.edu.cn/news/2"))),
            ),
            techEmpowerment = TaskReport(
                activities = listOf(activity("2025-05-18", Form.POLICY_ADVICE, PartnerKind.PARTY_GOVERNMENT_ORGAN, "县发改委", 3u, 6u, "围绕县域产业发展提出咨政建议，$text", listOf("https://example.edu.cn/news/3"))),
            ),
            practiceEducation = TaskReport(
                activities = listOf(activity("2025-06-10", Form.FIELD_RESEARCH, PartnerKind.PARTY_GOVERNMENT_ORGAN, "某乡镇政府", 2u, 30u, "带领学生开展乡村振兴调查研究，$text", listOf("https://example.edu.cn/news/4"))),
                outputs = listOf(Output(kind = OutputKind.RESEARCH_REPORT, title = "乡村振兴调研报告")),
            ),
        ),
    )
    val check = checkReport(fixed, asOf)
    show("修改后", check)

    // 3. The score (an analysis aid) and what comes next.
    val s = check.score
    println("\n评分：${s.total} / 100")
    val rows = listOf(
        "开展党建联建" to s.tasks.partyBuilding,
        "提供教育服务" to s.tasks.educationService,
        "推动科技赋能" to s.tasks.techEmpowerment,
        "深化实践育人" to s.tasks.practiceEducation,
    )
    for ((name, t) in rows) {
        println("  $name：${t.total}（覆盖 ${t.coverage} · 形式 ${t.breadth} · 参与 ${t.reach} · 成果 ${t.outputs}）")
    }
    if (due != null) {
        println("\n下一次报送截止：${due.due}（第 ${due.year} 年度，还剩 ${due.daysLeft} 天）")
    } else {
        println("\n本周期的年度报告均已过截止日期。")
    }

    // 4. Years later, on the same phone: the reports of the cycle as the app stored them. Year 2
    //    was sent twice (the resubmission counts), year 3 was sent after its due date.
    val history = listOf(
        forYear(fixed, 1, "2025-08-20T10:00:00+08:00"),
        forYear(fixed, 2, "2026-08-10T09:00:00+08:00").copy(summary = "初稿：" + fixed.summary),
        forYear(fixed, 2, "2026-08-25T16:30:00+08:00"),
        forYear(fixed, 3, "2027-09-03T11:00:00+08:00"),
    )
    myThreeYears(history, reviewDate)
    if (!check.complete) kotlin.system.exitProcess(1)
}
