#pragma once

#include <engine/pipeline/context.hpp>
#include <engine/util/result.hpp>

#include <cstddef>

// `run`, before it sends anything: the PDFs that earlier runs wrote into the archive but had not
// yet synced to disk when they stopped (pipeline/archive_sync.hpp).

namespace mailroom::commands {

// Checks the archived PDF of each delivery of this run's job (and shard) that the ledger notes as
// not yet synced against the SHA-256 its `sending` mark recorded: one found intact is synced and
// its note forgotten; one missing or torn is rendered again and put back only if identical
// (steps::k_restore_route). How many could not be put back, each said as an error on standard
// error and still noted, to be checked again by the next run; an error if the ledger cannot be
// read or the archive cannot be synced.
Result<size_t> verify_archive(pipeline::RunContext& context, unsigned threads);

} // namespace mailroom::commands
