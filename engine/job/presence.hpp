#pragma once

namespace mailroom::job {

// Whether a field of an input file must be there.
enum class Presence { Required, Optional };

} // namespace mailroom::job
