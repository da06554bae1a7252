#pragma once

// How the C library's allocator treats memory the run frees, tuned for a batch that makes the
// same allocations again for every invoice.

namespace mailroom::allocator {

enum class Tuning { Applied, NotAvailable };

// cairo starts a zlib stream for every stream of a PDF, about eleven per invoice, and each one
// allocates some 270 KB and frees it again. By default glibc hands freed memory at the top of a
// heap back to the kernel as soon as 128 KB of it are free, and asks for it again for the next
// stream: some twenty system calls and sixty page faults per invoice. Without a letterhead (whose
// kept recording happens to sit at the top of the heap) that cost more than drawing the invoice.
//
// This keeps up to 32 MB of freed memory per heap for reuse (nothing is kept that was not in use
// a moment before, so peak memory does not change) and fixes glibc's threshold for giving large
// blocks their own mappings at 4 MB, instead of letting it move. Call it once, at the start of
// the process. Returns NotAvailable when the allocator is not glibc's own (under a sanitizer).
Tuning keep_freed_memory_for_reuse();

} // namespace mailroom::allocator
