//! Asking the CPU for the syntax tree ahead of resolution. A big schema's tree is several times
//! larger than the caches, so resolving a block mostly waits for its nodes to arrive from memory, one
//! level of the tree after the other (items, then each field's attributes, then their arguments).
//! Prefetching the blocks a few places ahead, one level deeper each step closer, overlaps those
//! waits with the work on the current block.

use crate::syntax::tree::{Attribute, Block, BlockItem};

const LINE: usize = 64;

/// The level of `blocks[i + distance]` to prefetch while `blocks[i]` is resolved.
pub fn ahead(blocks: &[&Block], i: usize) {
    if let Some(block) = blocks.get(i + 3) {
        lines(&block.items);
    }
    if let Some(block) = blocks.get(i + 2) {
        for item in &block.items {
            if let BlockItem::Field(field) = item {
                lines(&field.attributes);
            }
        }
    }
    if let Some(block) = blocks.get(i + 1) {
        for item in &block.items {
            match item {
                BlockItem::Field(field) => field.attributes.iter().for_each(arguments),
                BlockItem::Attribute(a) => arguments(&a.attribute),
                _ => {}
            }
        }
    }
}

fn arguments(attr: &Attribute) {
    if let Some(list) = &attr.arguments {
        lines(&list.arguments);
    }
}

/// Every cache line of `items`.
fn lines<T>(items: &[T]) {
    let start = items.as_ptr().cast::<u8>();
    for offset in (0..std::mem::size_of_val(items)).step_by(LINE) {
        line(start.wrapping_add(offset));
    }
}

#[inline(always)]
fn line(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults and reads nothing into the program.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
