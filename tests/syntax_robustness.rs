//! Garbage in, diagnostics out: random bytes, token soup, a 50 MB schema, 10,000-deep nesting and
//! NUL bytes must all parse without a panic, keep the tree lossless and give usable locations.

use node_llm_orm_native::syntax::{
    parse_bytes, parse_file, parse_str, FileId, SchemaFile, MAX_NESTING,
};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Parses, then checks the invariants every input must keep.
fn parse_checked(text: &str) -> (SchemaFile, Vec<node_llm_orm_native::syntax::Diagnostic>) {
    let (file, diags) = parse_file(FileId(0), "x.prisma", text);
    assert_eq!(file.print(), text, "print(parse(x)) must return x");
    let parsed = parse_str(text);
    for (d, loc) in parsed.diagnostics.iter().zip(parsed.locations()) {
        assert!(
            d.span.end as usize <= text.len() && d.span.start <= d.span.end,
            "span out of range: {d:?}"
        );
        assert!(loc.line >= 1 && loc.column >= 1, "bad location {loc:?}");
        assert!(!loc.frame.contains('\u{1b}'), "frames carry no colours");
    }
    (file, diags)
}

#[test]
fn random_bytes_give_diagnostics_not_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let len = 1 + rng.below(600);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let (file, diags) = parse_bytes(FileId(0), "x.prisma", &bytes);
        assert_eq!(file.print(), String::from_utf8_lossy(&bytes));
        parse_checked(&file.text);
        let has_content = file.text.chars().any(|c| !c.is_whitespace());
        assert!(
            !has_content || !diags.is_empty(),
            "random bytes parsed clean: {:?}",
            file.text
        );
    }
}

#[test]
fn token_soup_keeps_the_tree_lossless() {
    const TOKENS: [&str; 32] = [
        "model",
        "enum",
        "type",
        "view",
        "datasource",
        "generator",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "{",
        "}",
        "@",
        "@@",
        "(",
        ")",
        "[",
        "]",
        ",",
        ":",
        "=",
        "\"",
        "\\",
        "//",
        "///",
        "/*",
        "*/",
        "A",
        "id Int",
        "?",
        "\u{a0}",
    ];
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let n = rng.below(60);
        let text: String = (0..n).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        parse_checked(&text);
    }
}

#[test]
fn ten_thousand_deep_calls_are_reported_not_overflowed() {
    let depth = 10_000;
    let nest = format!("{}1{}", "f(".repeat(depth), ")".repeat(depth));
    let text = format!("model A {{\n  id Int @id @default({nest})\n  b Int\n}}\n");
    let (file, diags) = parse_checked(&text);
    let deep: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "NESTING_TOO_DEEP")
        .collect();
    assert_eq!(deep.len(), 1, "{diags:?}");
    assert_eq!(file.line_col(deep[0].span.start as usize).0, 2);
    let model = file.blocks().next().expect("the model still parses");
    assert_eq!(model.fields().map(|f| f.name()).collect::<Vec<_>>(), ["b"]);

    let arrays = format!(
        "datasource db {{\n  x = {}{}\n}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let (_, diags) = parse_checked(&arrays);
    assert!(
        diags.iter().any(|d| d.code == "NESTING_TOO_DEEP"),
        "{diags:?}"
    );
}

#[test]
fn nesting_up_to_the_bound_is_accepted() {
    let depth = MAX_NESTING as usize - 1;
    let nest = format!("{}1{}", "f(".repeat(depth), ")".repeat(depth));
    let text = format!("model A {{\n  id Int @id @default({nest})\n}}\n");
    let (_, diags) = parse_checked(&text);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn nul_bytes_make_their_line_invalid() {
    let text = "model A {\n  id Int @id\0\n  s String @default(\"a\0b\")\n}\n\0\n";
    let (file, diags) = parse_checked(text);
    let lines: Vec<u32> = diags
        .iter()
        .map(|d| file.line_col(d.span.start as usize).0)
        .collect();
    assert_eq!(lines, [2, 3, 5], "{diags:?}");
}

#[test]
fn unclosed_blocks_in_a_row_stay_cheap_and_each_line_is_reported() {
    for unit in [
        "model A {\n  id Int\n",
        "foo {\n  id Int\n",
        "model A {\n  a Int /* x\n",
    ] {
        let text = unit.repeat(20_000);
        let (_, diags) = parse_checked(&text);
        assert_eq!(diags.len(), 40_000, "{unit:?}");
    }
}

#[test]
fn a_fifty_megabyte_schema_parses_clean() {
    let mut text = String::from("datasource db {\n  provider = \"postgresql\"\n}\n\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "/// Model {i}\nmodel M{i} {{\n  id    String   @id @default(uuid()) @db.Uuid\n  name  String?  @db.VarChar(255)\n  tags  String[]\n  at    DateTime @default(now()) @map(\"created_at\")\n  other M{j}?    @relation(\"r{i}\", fields: [otherId], references: [id], onDelete: Cascade)\n  otherId String?\n  back  M{i}[] @relation(\"r{i}\")\n\n  @@index([name(sort: Desc), at], type: BTree)\n  @@map(\"m_{i}\")\n}}\n\n",
            j = i,
        ));
        i += 1;
    }
    let parsed = parse_str(&text);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        &parsed.diagnostics[..parsed.diagnostics.len().min(3)]
    );
    assert_eq!(parsed.files[0].blocks().count(), i + 1);
    assert_eq!(parsed.files[0].print(), text);
}

#[test]
fn invalid_utf8_becomes_replacement_characters_and_an_invalid_line() {
    let (file, diags) = parse_bytes(
        FileId(0),
        "x.prisma",
        b"model A {\n  id Int @id\xff\xfe\n  b Int\n}\n",
    );
    assert_eq!(
        file.text,
        "model A {\n  id Int @id\u{fffd}\u{fffd}\n  b Int\n}\n"
    );
    assert_eq!(
        diags
            .iter()
            .map(|d| (d.code, file.line_col(d.span.start as usize).0))
            .collect::<Vec<_>>(),
        [("INVALID_FIELD_LINE", 2)]
    );
    assert_eq!(
        file.blocks()
            .next()
            .unwrap()
            .fields()
            .map(|f| f.name())
            .collect::<Vec<_>>(),
        ["b"]
    );
}
