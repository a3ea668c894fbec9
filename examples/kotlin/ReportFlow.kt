// The mobile flow of a 双带头人 drafting the annual report offline, through the Kotlin binding:
// build a draft, show in Chinese what is missing, fix it, show the score and the next due date.
//
// Run (after bindings-kotlin/test.sh has built everything; see examples/kotlin/README.md):
//   java -Djna.library.path=target/kotlin-release \
//     -cp target/qgx-kotlin/qgx-kotlin-tests.jar:/usr/share/java/jna.jar:.tools/kotlin-compiler-2.4.20/package/lib/kotlin-stdlib.jar \
//     qgxexample.ReportFlowKt [as-of YYYY-MM-DD]

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

fun main(args: Array<String>) {
    val asOf = args.getOrNull(0) ?: "2025-07-15"
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
    if (!check.complete) kotlin.system.exitProcess(1)
}
