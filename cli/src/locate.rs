//! Where a JSON Pointer is in the text of a file: the line and column of the value it names.
//!
//! The core reports some problems after parsing (two applications with one id, a merit score
//! out of range, a bad ruleset inside a Selection input) with a JSON Pointer but no line and
//! column; the CLI still has the text, so it finds them there for the user. Only presentation:
//! the pointer and the message are the core's.

/// The 1-based line and column (in characters) of the value at `pointer` in the JSON `text`;
/// when the pointer goes deeper than the document (a missing field), the deepest value that
/// exists. `None` when the text is not JSON at the first step.
pub fn json_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    bytes.get(pos)?;
    if !pointer.is_empty() {
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            match child(bytes, pos, &token) {
                Some(next) => pos = next,
                None => break,
            }
        }
    }
    Some(line_column(text, pos))
}

/// The 1-based line and column (in characters) of the byte offset `pos`.
pub fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The 1-based line and column of the key of the last token of `pointer` in a TOML document
/// (`[score]` then `reach_cap = …`, or `reach_cap = …` on its own line): a best effort for
/// messages only.
pub fn toml_position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let key = pointer.rsplit('/').next().filter(|k| !k.is_empty())?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| trimmed.strip_prefix(&format!("score.{key}")));
        if bare.is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return Some(line_column(text, offset + indent));
        }
        offset += line.len();
    }
    None
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes
        .get(pos)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        pos += 1;
    }
    pos
}

/// The start of the value named `token` inside the object or array starting at `pos`.
fn child(bytes: &[u8], pos: usize, token: &str) -> Option<usize> {
    match bytes.get(pos)? {
        b'{' => {
            let mut pos = skip_ws(bytes, pos + 1);
            loop {
                if bytes.get(pos)? != &b'"' {
                    return None;
                }
                let (key, after) = string(bytes, pos)?;
                pos = skip_ws(bytes, after);
                if bytes.get(pos)? != &b':' {
                    return None;
                }
                pos = skip_ws(bytes, pos + 1);
                if key == token {
                    return Some(pos);
                }
                pos = skip_ws(bytes, skip_value(bytes, pos)?);
                if bytes.get(pos)? != &b',' {
                    return None;
                }
                pos = skip_ws(bytes, pos + 1);
            }
        }
        b'[' => {
            let index: usize = token.parse().ok()?;
            let mut pos = skip_ws(bytes, pos + 1);
            for _ in 0..index {
                pos = skip_ws(bytes, skip_value(bytes, pos)?);
                if bytes.get(pos)? != &b',' {
                    return None;
                }
                pos = skip_ws(bytes, pos + 1);
            }
            (bytes.get(pos)? != &b']').then_some(pos)
        }
        _ => None,
    }
}

/// The decoded string starting at the quote at `pos`, and the offset after its closing quote.
fn string(bytes: &[u8], pos: usize) -> Option<(String, usize)> {
    let mut out: Vec<u8> = Vec::new();
    let mut i = pos + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some((String::from_utf8(out).ok()?, i + 1)),
            b'\\' => {
                let escaped = *bytes.get(i + 1)?;
                i += 2;
                let c = match escaped {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let hi = hex4(bytes, i)?;
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi)
                            && bytes.get(i) == Some(&b'\\')
                            && bytes.get(i + 1) == Some(&b'u')
                        {
                            let lo = hex4(bytes, i + 2)?;
                            i += 6;
                            char::from_u32(
                                0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF),
                            )
                            .unwrap_or('\u{fffd}')
                        } else {
                            char::from_u32(hi).unwrap_or('\u{fffd}')
                        }
                    }
                    _ => return None,
                };
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
}

fn hex4(bytes: &[u8], pos: usize) -> Option<u32> {
    let digits = bytes.get(pos..pos + 4)?;
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// The offset just after the value starting at `pos`.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match *bytes.get(pos)? {
        b'"' => string(bytes, pos).map(|(_, end)| end),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match *bytes.get(i)? {
                    b'"' => {
                        i = string(bytes, i)?.1;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"applications\": [\n    {\"id\": \"A-1\", \"merit_score\": 50},\n    {\"id\": \"A\\u0032\", \"note\": \"a \\\"quoted\\\" ]}\", \"merit_score\": 150}\n  ],\n  \"a/b\": {\"省份\": [1, [2, 3], {\"x\": 4}]}\n}\n";

    #[test]
    fn finds_values_by_pointer() {
        assert_eq!(json_position(DOC, ""), Some((1, 1)));
        assert_eq!(json_position(DOC, "/applications"), Some((2, 19)));
        assert_eq!(
            json_position(DOC, "/applications/0/merit_score"),
            Some((3, 34))
        );
        assert_eq!(
            json_position(DOC, "/applications/1/merit_score"),
            Some((4, 65))
        );
        assert_eq!(json_position(DOC, "/a~1b/省份/2/x"), Some((6, 35)));
    }

    #[test]
    fn a_missing_member_points_at_its_parent() {
        assert_eq!(
            json_position(DOC, "/applications/1/person_id"),
            Some((4, 5))
        );
        assert_eq!(json_position(DOC, "/applications/7"), Some((2, 19)));
        assert_eq!(json_position("", "/x"), None);
    }

    #[test]
    fn toml_keys() {
        let text = "priority_mode = \"x\"\n[score]\n  reach_cap = -1\n";
        assert_eq!(toml_position(text, "/priority_mode"), Some((1, 1)));
        assert_eq!(toml_position(text, "/score/reach_cap"), Some((3, 3)));
        assert_eq!(toml_position(text, "/nope"), None);
    }
}
