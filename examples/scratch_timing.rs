use node_llm_orm_native::syntax::*;
use std::time::Instant;
fn main() {
    for n in [10_000usize, 20_000, 40_000] {
        let text = "model A {\n  id Int\n".repeat(n);
        let t = Instant::now();
        let (_, d) = parse_file(FileId(0), "x", &text);
        println!("unclosed {n}: {:?} diags {}", t.elapsed(), d.len());
        let text = "foo {\n  id Int\n".repeat(n);
        let t = Instant::now();
        let (_, d) = parse_file(FileId(0), "x", &text);
        println!("arbitrary {n}: {:?} diags {}", t.elapsed(), d.len());
        let text = "model A {\n  id Int \"\\\n".repeat(n);
        let t = Instant::now();
        let (_, d) = parse_file(FileId(0), "x", &text);
        println!("strings {n}: {:?} diags {}", t.elapsed(), d.len());
        let text = "model A {\n /* x\n".repeat(n);
        let t = Instant::now();
        let (_, d) = parse_file(FileId(0), "x", &text);
        println!("comments {n}: {:?} diags {}", t.elapsed(), d.len());
    }
    let text = std::fs::read_to_string(std::fs::read_dir("/work/shared/corpus/real").unwrap().map(|e| e.unwrap().path()).find(|p| p.to_string_lossy().contains("civitai")).unwrap()).unwrap();
    let big = text.repeat(200);
    let t = Instant::now();
    let (_, d) = parse_file(FileId(0), "x", &big);
    println!("civitai x200 ({} MB): {:?} diags {}", big.len() / 1_000_000, t.elapsed(), d.len());
}
