// A small JSON reader, writer and comparer for the tests and the benchmark (no JSON library is
// on the classpath). Objects are LinkedHashMap<String, Any?>, arrays List<Any?>, numbers JNum
// (the literal text, so that `1` is written back as `1`), strings String, true/false Boolean.

package qgxtest

class JNum(val text: String) {
    val value: Double get() = text.toDouble()
    override fun toString() = text
    override fun equals(other: Any?) = other is JNum && other.value == value
    override fun hashCode() = value.hashCode()
}

class JsonError(message: String) : Exception(message)

object Json {
    fun parse(text: String): Any? {
        val p = Parser(text)
        p.ws()
        val v = p.value()
        p.ws()
        if (p.i != text.length) throw JsonError("trailing text at ${p.i}")
        return v
    }

    private class Parser(val s: String) {
        var i = 0

        fun ws() {
            while (i < s.length && s[i].isWhitespace()) i++
        }

        fun value(): Any? {
            if (i >= s.length) throw JsonError("unexpected end")
            return when (val c = s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> lit("true", true)
                'f' -> lit("false", false)
                'n' -> lit("null", null)
                else -> if (c == '-' || c.isDigit()) num() else throw JsonError("unexpected '$c' at $i")
            }
        }

        fun lit(word: String, v: Any?): Any? {
            if (!s.startsWith(word, i)) throw JsonError("bad literal at $i")
            i += word.length
            return v
        }

        fun num(): JNum {
            val start = i
            while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
            return JNum(s.substring(start, i))
        }

        fun str(): String {
            i++ // opening quote
            val b = StringBuilder()
            while (true) {
                if (i >= s.length) throw JsonError("unterminated string")
                val c = s[i++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> {
                        val e = s[i++]
                        when (e) {
                            '"' -> b.append('"'); '\\' -> b.append('\\'); '/' -> b.append('/')
                            'b' -> b.append('\b'); 'f' -> b.append('\u000c'); 'n' -> b.append('\n')
                            'r' -> b.append('\r'); 't' -> b.append('\t')
                            'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                            else -> throw JsonError("bad escape at $i")
                        }
                    }
                    else -> b.append(c)
                }
            }
        }

        fun arr(): List<Any?> {
            i++
            val out = ArrayList<Any?>()
            ws()
            if (s[i] == ']') { i++; return out }
            while (true) {
                ws(); out.add(value()); ws()
                when (s[i++]) {
                    ',' -> continue
                    ']' -> return out
                    else -> throw JsonError("expected , or ] at ${i - 1}")
                }
            }
        }

        fun obj(): Map<String, Any?> {
            i++
            val out = LinkedHashMap<String, Any?>()
            ws()
            if (s[i] == '}') { i++; return out }
            while (true) {
                ws(); val k = str(); ws()
                if (s[i++] != ':') throw JsonError("expected : at ${i - 1}")
                ws(); out[k] = value(); ws()
                when (s[i++]) {
                    ',' -> continue
                    '}' -> return out
                    else -> throw JsonError("expected , or } at ${i - 1}")
                }
            }
        }
    }

    fun write(v: Any?): String = StringBuilder().also { write(v, it) }.toString()

    private fun write(v: Any?, out: StringBuilder) {
        when (v) {
            null -> out.append("null")
            is Boolean -> out.append(v)
            is JNum -> out.append(v.text)
            is Number -> out.append(if (v is Double || v is Float) v.toString() else v.toString())
            is String -> writeString(v, out)
            is Map<*, *> -> {
                out.append('{')
                var first = true
                for ((k, x) in v) {
                    if (!first) out.append(',')
                    first = false
                    writeString(k as String, out); out.append(':'); write(x, out)
                }
                out.append('}')
            }
            is List<*> -> {
                out.append('[')
                v.forEachIndexed { n, x -> if (n > 0) out.append(','); write(x, out) }
                out.append(']')
            }
            else -> throw JsonError("cannot write ${v::class}")
        }
    }

    private fun writeString(s: String, out: StringBuilder) {
        out.append('"')
        for (c in s) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c < ' ' -> out.append(String.format("\\u%04x", c.code))
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    private fun number(v: Any?): Double? = when (v) {
        is JNum -> v.value
        is Number -> v.toDouble()
        else -> null
    }

    /** Equal as JSON values: numbers by value (within 1e-12), key order ignored. */
    fun same(a: Any?, b: Any?): Boolean {
        val x = number(a)
        val y = number(b)
        if (x != null || y != null) return x != null && y != null && (x == y || Math.abs(x - y) <= 1e-12)
        return when (a) {
            is Map<*, *> -> b is Map<*, *> && a.size == b.size && a.all { (k, v) -> b.containsKey(k) && same(v, b[k]) }
            is List<*> -> b is List<*> && a.size == b.size && a.indices.all { same(a[it], b[it]) }
            else -> a == b
        }
    }

    /** Where two values first differ (a JSON Pointer), for failure messages. */
    fun diff(a: Any?, b: Any?, at: String = ""): String? {
        if (same(a, b)) return null
        if (a is Map<*, *> && b is Map<*, *>) {
            for (k in a.keys + b.keys) {
                diff(a[k], b[k], "$at/$k")?.let { return it }
            }
        }
        if (a is List<*> && b is List<*> && a.size == b.size) {
            for (n in a.indices) diff(a[n], b[n], "$at/$n")?.let { return it }
        }
        return "$at: expected ${write(a)}, got ${write(b)}"
    }
}
