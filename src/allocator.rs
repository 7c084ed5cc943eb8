//! The global allocator: mimalloc, asked through the entry points its fast paths serve.
//!
//! The `mimalloc` crate passes every request to `mi_malloc_aligned`, even those `mi_malloc`'s own
//! alignment covers. In mimalloc v3 that path serves a size from its page's free list, and when the
//! page runs out it falls to a generic path that, for a size whose block is not a power of two
//! (48, 96, 192 bytes …: most of the syntax tree's nodes), over-allocates `size + align - 1` from the
//! next size class. Nothing on that path refills the size's own page, so once a page is used up
//! every later request of that size takes the slow path until frees come back (a parse frees
//! nothing until it ends). Callgrind on a one-thread parse of the 1,000-model schema put 3% of the
//! instructions in that over-allocation alone.
//!
//! So a request whose alignment `mi_malloc` already guarantees goes to `mi_malloc` (and `mi_zalloc`,
//! `mi_realloc`), the rule Rust's own `System` allocator uses for `malloc`; only larger alignments
//! go to the aligned entry points.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// `MI_MAX_ALIGN_SIZE` in mimalloc's `types.h`: every block of at least this size starts at a
/// multiple of it (its size classes are whole multiples of it, and each page's first block is
/// aligned to it; `alloc.c` asserts this for every block it hands out), and a smaller block is a
/// multiple of 8 bytes at an 8-byte boundary.
const MALLOC_ALIGN: usize = 16;

pub struct MiMalloc;

/// Whether `mi_malloc(size)` returns memory aligned to `align`: the alignment is at most the one
/// mimalloc guarantees and, as with C's `malloc`, not above the size (an 8-byte block of a
/// 16-aligned request would be only 8-aligned).
fn malloc_aligns(size: usize, align: usize) -> bool {
    align <= MALLOC_ALIGN && align <= size
}

// SAFETY: every method forwards to mimalloc, which is thread-safe. `malloc_aligns` routes a layout
// to the unaligned entry points only when they return at least the layout's alignment (see
// `MALLOC_ALIGN`); all others go to the `_aligned` ones with the layout's alignment. `realloc` keeps
// the same layout alignment, so the route a block was allocated by and the one it is reallocated by
// agree on the alignment asked for; `mi_free` frees blocks from any of these entry points.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if malloc_aligns(layout.size(), layout.align()) {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if malloc_aligns(layout.size(), layout.align()) {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr as *mut c_void)
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if malloc_aligns(new_size, layout.align()) {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size up to a few hundred bytes (and some KiB) at every alignment up to 4 KiB comes back
    /// aligned, from allocation, zeroed allocation, and reallocation up and down, bytes kept.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = MiMalloc;
        let aligned = |p: *mut u8, align: usize| !p.is_null() && p as usize % align == 0;
        for align in (0..=12).map(|shift| 1usize << shift) {
            for size in (1..=300).chain([511, 512, 1000, 4096, 5000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                let grown = size * 3 + 7;
                // SAFETY: non-zero sizes; each block is used within its size and freed once,
                // with the layout it has at that point.
                unsafe {
                    let z = a.alloc_zeroed(layout);
                    assert!(aligned(z, align), "zeroed {size}/{align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    a.dealloc(z, layout);

                    let p = a.alloc(layout);
                    assert!(aligned(p, align), "{size}/{align}");
                    std::ptr::write_bytes(p, 0xAB, size);
                    let p = a.realloc(p, layout, grown);
                    assert!(aligned(p, align), "{size}->{grown}/{align}");
                    assert!(std::slice::from_raw_parts(p, size)
                        .iter()
                        .all(|&b| b == 0xAB));
                    let half = size / 2 + 1;
                    let p = a.realloc(p, Layout::from_size_align(grown, align).unwrap(), half);
                    assert!(aligned(p, align), "{grown}->{half}/{align}");
                    assert!(std::slice::from_raw_parts(p, half)
                        .iter()
                        .all(|&b| b == 0xAB));
                    a.dealloc(p, Layout::from_size_align(half, align).unwrap());
                }
            }
        }
    }
}
