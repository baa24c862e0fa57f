//! The shopper modules' memory allocator: blocks in power-of-two size classes,
//! each class with its own free list, carved from pages the module grows.
//!
//! Rust's default allocator for wasm (dlmalloc) is about 7 KB of code, some
//! 3 KB of each module's download. The widget's allocations are small and
//! short-lived (strings, DOM wiring, the detector's tables for one text), so
//! a freed block waits in its class for the next allocation of that size,
//! and memory stays at the peak each class needed (at most twice what was
//! asked). The page is single-threaded: no locking. The moderation panel
//! (long merchant sessions with larger, varied data) keeps dlmalloc.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::{self, null_mut};

/// A wasm page.
const PAGE: usize = 65_536;
/// Size classes 16 B (2^4) to 1 GiB (2^30).
const CLASSES: usize = 27;

/// The allocator (see the module documentation).
pub struct Allocator(UnsafeCell<State>);

struct State {
    /// Head of each class's free list (a freed block holds the next one's
    /// address in its first word).
    free: [*mut u8; CLASSES],
    /// The unused rest of the grown memory: `next..end`.
    next: usize,
    end: usize,
}

// SAFETY: wasm32 without threads: one thread ever touches the allocator.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator that has not grown memory yet.
    pub const fn new() -> Self {
        Allocator(UnsafeCell::new(State {
            free: [null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

/// The size class of `layout`: its block is `16 << class` bytes, at least
/// its size and its alignment.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(16);
    size.next_power_of_two().trailing_zeros() as usize - 4
}

/// A fresh block of `size` bytes aligned to `align` (a power of two, at most
/// a page) from the grown memory, growing it when needed.
fn carve(state: &mut State, size: usize, align: usize) -> *mut u8 {
    let fits = |next: usize, end: usize| {
        let start = (next + align - 1) & !(align - 1);
        start
            .checked_add(size)
            .filter(|stop| *stop <= end)
            .map(|stop| (start, stop))
    };
    if let Some((start, stop)) = fits(state.next, state.end) {
        state.next = stop;
        return start as *mut u8;
    }
    let Some(pages) = size.checked_add(align + PAGE - 1).map(|bytes| bytes / PAGE) else {
        return null_mut();
    };
    let previous = core::arch::wasm32::memory_grow::<0>(pages);
    if previous == usize::MAX {
        return null_mut();
    }
    let base = previous * PAGE;
    if base != state.end {
        // Someone else grew memory meanwhile: start over in the new pages.
        state.next = base;
    }
    state.end = base + pages * PAGE;
    match fits(state.next, state.end) {
        Some((start, stop)) => {
            state.next = stop;
            start as *mut u8
        }
        None => null_mut(),
    }
}

// SAFETY: every block handed out is at least `layout.size()` bytes, aligned
// to `layout.align()` (blocks are aligned to their power-of-two size, or to a
// page), and is not handed out again until it is deallocated.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let c = class(layout);
        if c >= CLASSES || layout.align() > PAGE {
            return null_mut();
        }
        // SAFETY: single-threaded, and no other reference to the state lives
        // across this call.
        let state = unsafe { &mut *self.0.get() };
        let head = state.free[c];
        if !head.is_null() {
            // SAFETY: a free block holds the next free block's address.
            state.free[c] = unsafe { head.cast::<*mut u8>().read() };
            return head;
        }
        let size = 16usize << c;
        carve(state, size, size.min(PAGE))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let c = class(layout);
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        // SAFETY: `ptr` is a block of this class (at least 16 bytes, aligned
        // for a pointer) that its owner gave back.
        unsafe { ptr.cast::<*mut u8>().write(state.free[c]) };
        state.free[c] = ptr;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees a valid size for this alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new_layout) == class(layout) {
            return ptr;
        }
        // SAFETY: the contract of `GlobalAlloc::realloc`, passed on.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
