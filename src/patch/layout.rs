//! `prisma format`'s layout rules that a patch must follow to keep a formatted file formatted:
//! field rows aligned in columns per section (a blank line starts a new section; comment lines and
//! block attributes do not), the last non-empty cell unpadded, a trailing comment one space after it,
//! and attributes in Prisma's canonical order.

/// One field line's cells, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLine {
    pub name: String,
    /// Type with its `?`/`[]` suffix.
    pub field_type: String,
    /// Field attributes as written (`@default(now())`).
    pub attributes: Vec<String>,
    /// The trailing comment including its marker (`// …`).
    pub comment: Option<String>,
}

/// Column widths of a section (in chars, as Prisma counts them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Widths {
    name: usize,
    field_type: usize,
}

impl Widths {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a FieldLine>) -> Widths {
        rows.into_iter().fold(Widths::default(), |w, r| Widths {
            name: w.name.max(r.name.chars().count()),
            field_type: w.field_type.max(r.field_type.chars().count()),
        })
    }
}

impl FieldLine {
    /// The line as `prisma format` writes it in a section of these widths, without indentation.
    pub fn render(&self, widths: Widths) -> String {
        let attributes = self.attributes.join(" ");
        let cells = [
            (self.name.as_str(), widths.name),
            (self.field_type.as_str(), widths.field_type),
            (attributes.as_str(), 0),
        ];
        let last = cells.iter().rposition(|(c, _)| !c.is_empty()).unwrap_or(0);
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().enumerate().take(last + 1) {
            out.push_str(cell);
            if i < last {
                let pad = width.saturating_sub(cell.chars().count()) + 1;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if let Some(comment) = &self.comment {
            out.push(' ');
            out.push_str(comment);
        }
        out
    }
}

impl FieldLine {
    /// Removes the attributes whose name (`default`, `db.Text`) `matches` says, returning them.
    pub fn remove_attributes(&mut self, matches: impl Fn(&str) -> bool) -> Vec<String> {
        let (removed, kept) = self
            .attributes
            .drain(..)
            .partition(|a| matches(attribute_name(a)));
        self.attributes = kept;
        removed
    }
}

/// Rank of a field attribute in `prisma format`'s order: `@id @unique @default @updatedAt @map
/// @relation @ignore`, then native types (`@db.*`), then anything else.
fn field_attribute_rank(text: &str) -> usize {
    let name = attribute_name(text);
    const ORDER: [&str; 7] = [
        "id",
        "unique",
        "default",
        "updatedAt",
        "map",
        "relation",
        "ignore",
    ];
    ORDER
        .iter()
        .position(|n| *n == name)
        .unwrap_or(if name.starts_with("db.") { 7 } else { 8 })
}

/// Rank of a block attribute: `@@id @@unique @@index @@fulltext @@map @@ignore @@schema`, then others.
pub fn block_attribute_rank(text: &str) -> usize {
    let name = attribute_name(text);
    const ORDER: [&str; 7] = [
        "id", "unique", "index", "fulltext", "map", "ignore", "schema",
    ];
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

fn attribute_name(text: &str) -> &str {
    let bare = text.trim_start_matches('@');
    bare.split(|c: char| c == '(' || c.is_whitespace())
        .next()
        .unwrap_or(bare)
}

/// Inserts `attribute` into `attributes` where Prisma's order puts it, moving nothing else.
pub fn insert_field_attribute(attributes: &mut Vec<String>, attribute: String) {
    let rank = field_attribute_rank(&attribute);
    let at = attributes
        .iter()
        .position(|a| field_attribute_rank(a) > rank)
        .unwrap_or(attributes.len());
    attributes.insert(at, attribute);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, ty: &str, attrs: &[&str], comment: Option<&str>) -> FieldLine {
        FieldLine {
            name: name.into(),
            field_type: ty.into(),
            attributes: attrs.iter().map(|s| s.to_string()).collect(),
            comment: comment.map(str::to_string),
        }
    }

    #[test]
    fn rows_align_and_the_last_cell_is_not_padded() {
        let rows = [
            line("id", "String", &["@id", "@default(uuid())"], None),
            line(
                "instructions",
                "String?",
                &[],
                Some("// System instructions"),
            ),
            line("agentSession", "LlmAgentSession?", &[], None),
        ];
        let w = Widths::of(&rows);
        assert_eq!(
            rows[0].render(w),
            "id           String           @id @default(uuid())"
        );
        assert_eq!(
            rows[1].render(w),
            "instructions String? // System instructions"
        );
        assert_eq!(rows[2].render(w), "agentSession LlmAgentSession?");
    }

    #[test]
    fn attributes_go_where_prisma_orders_them() {
        let mut attrs = vec![
            "@id".to_string(),
            "@map(\"x\")".to_string(),
            "@db.Uuid".to_string(),
        ];
        insert_field_attribute(&mut attrs, "@default(uuid())".into());
        assert_eq!(
            attrs,
            ["@id", "@default(uuid())", "@map(\"x\")", "@db.Uuid"]
        );
        insert_field_attribute(&mut attrs, "@db.Text".into());
        assert_eq!(attrs.last().unwrap(), "@db.Text");
        assert!(block_attribute_rank("@@index([a])") < block_attribute_rank("@@map(\"t\")"));
        assert!(block_attribute_rank("@@unique([a, b])") < block_attribute_rank("@@index([a])"));
    }
}
