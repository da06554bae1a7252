#pragma once

#include <optional>
#include <string_view>

// The console's templates, stylesheet, script and texts (engine/console/assets/), built into the
// binary by embed_assets.cmake: by file name, or none.

namespace mailroom::console {

std::optional<std::string_view> asset(std::string_view name);

} // namespace mailroom::console
