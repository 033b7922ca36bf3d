//! Giving memory back to the system once a big piece of work is done.
//!
//! The app's allocator is mimalloc (chosen in `main.rs`, and by the
//! benchmarks that measure the app). It keeps the pages a thread frees
//! for later allocations and returns them to the system only when it is
//! next asked for memory, after a short delay. Work that needs much memory
//! for a moment (reading a million events in windows on every core, the
//! time index) ends with the app idle: the pages it freed stayed resident,
//! about 60 MiB after a million events, until the user next did something.
//! [`give_back`] returns them at once; the load and the deriving of what
//! the app shows call it when they are done.

/// Asks the allocator to return the memory it holds free to the system now:
/// pages freed by this thread, and the free stretches of its arenas, which
/// every thread shares (the pages of threads that ended are among them).
/// It costs a walk over this thread's pages; call it after work that freed
/// much memory, not per frame. Where the program runs with another
/// allocator (the library's own tests), mimalloc holds nothing and this
/// does nothing.
pub(crate) fn give_back() {
    // SAFETY: `mi_collect` has no preconditions: any thread may call it at
    // any time; it only frees what mimalloc holds free.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
