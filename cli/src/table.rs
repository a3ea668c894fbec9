//! Plain-text tables for people, aligned by display width (CJK characters are two columns).

/// The display width of `c`: 2 for East Asian wide and fullwidth characters, 0 for combining
/// marks and zero-width characters, 1 otherwise.
fn char_width(c: char) -> usize {
    let u = u32::from(c);
    match u {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// The display width of `s`.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// A table: a header and rows of cells; numbers (cells that parse as numbers) align right.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row. Control characters in a cell are shown escaped: an id or a name with a
    /// newline or an escape sequence cannot forge a row or colour the terminal.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| printable_cell(c.into()))
                .collect(),
        );
    }

    /// The header and the rows' cells (for tests).
    #[cfg(test)]
    pub fn cells(&self) -> (&[String], &[Vec<String>]) {
        (&self.header, &self.rows)
    }

    /// The table as text, one line per row, ending in a newline.
    pub fn render(&self) -> String {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in self.rows.iter().chain([&self.header]) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, row: &[String], numeric_right: bool| {
            let mut text = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let pad = w.saturating_sub(width(cell));
                let right = numeric_right && is_number(cell);
                if i > 0 {
                    text.push_str("  ");
                }
                if right {
                    text.push_str(&" ".repeat(pad));
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header, false);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule, false);
        for row in &self.rows {
            line(&mut out, row, true);
        }
        out
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok()
}

/// Text from the input shown outside a table cell (a header line): control characters escaped.
pub fn printable(text: &str) -> String {
    printable_cell(text.to_owned())
}

fn printable_cell(cell: String) -> String {
    if !cell.chars().any(char::is_control) {
        return cell;
    }
    cell.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_debug().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_two_columns_wide() {
        assert_eq!(width("北京市"), 6);
        assert_eq!(width("ab"), 2);
        assert_eq!(width("（全国）"), 8);
    }

    #[test]
    fn columns_align_by_display_width() {
        let mut t = Table::new(["省份", "quota"]);
        t.row(["北京市", "8"]);
        t.row(["Xinjiang", "12"]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "省份      quota");
        assert_eq!(lines[2], "北京市        8");
        assert_eq!(lines[3], "Xinjiang     12");
    }
}
