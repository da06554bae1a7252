#pragma once

// The paper of every PDF mailroom writes, in PDF points (1/72 inch).

namespace mailroom::pdf {

constexpr double k_a4_width = 595.276;
constexpr double k_a4_height = 841.89;

} // namespace mailroom::pdf
