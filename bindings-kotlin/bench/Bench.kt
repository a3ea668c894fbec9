// Per-call overhead and batch throughput of the Kotlin binding (JNA), to set beside
// `cargo run -p qgx-kotlin --profile kotlin-release --example kotlin_native_bench` (the same calls in Rust).
// Run by bindings-kotlin/bench.sh; not part of the tests.

package qgxbench

import cn.edu.qgx.*
import java.io.File

/** Median time per call in nanoseconds over `rounds` rounds of `n` calls, after a warm-up. */
fun measure(name: String, n: Int, perCall: Int = 1, rounds: Int = 7, body: () -> Any?): Double {
    var sink = 0
    repeat(n) { sink += body().hashCode() and 1 } // warm-up (JIT)
    val times = (1..rounds).map {
        val t0 = System.nanoTime()
        repeat(n) { sink += body().hashCode() and 1 }
        (System.nanoTime() - t0).toDouble() / n
    }.sorted()
    val ns = times[rounds / 2]
    if (perCall == 1) {
        println(String.format("%-34s %12.2f µs/call", name, ns / 1000))
    } else {
        println(String.format("%-34s %12.2f µs/call  %10.0f reports/s  (%.2f µs/report)", name, ns / 1000, perCall * 1e9 / ns, ns / perCall / 1000))
    }
    if (sink == Int.MIN_VALUE) println(sink)
    return ns
}

fun main(args: Array<String>) {
    val root = File(args.getOrNull(0) ?: ".")
    val batch = (args.getOrNull(1) ?: "1000").toInt()
    val json = File(root, "examples/report.json").readText()
    val report = sampleReport()
    val rs = Ruleset.edition2024()
    val reports = List(batch) { report }
    val batchJson = "[" + List(batch) { json }.joinToString(",") + "]"
    println("Kotlin/JVM through JNA (${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}), batch of $batch")
    measure("engineVersion()", 50_000) { engineVersion() }
    measure("nextDue(asOf)", 20_000) { nextDue("2025-07-15") }
    measure("cycleStatus(asOf)", 10_000) { cycleStatus("2025-07-15") }
    measure("checkReport(typed)", 5_000) { checkReport(report, "2025-07-15", rs) }
    measure("checkReportJson(text)", 5_000) { checkReportJson(json, "2025-07-15", rs) }
    measure("checkReports(typed batch)", 5, batch) { checkReports(reports, "2025-07-15", rs) }
    measure("checkReportsJson(text batch)", 5, batch) { checkReportsJson(batchJson, "2025-07-15", rs) }
}
