# Writes OUTPUT, a C++ file holding each file of ASSETS (a list of paths) as bytes, found by its
# file name through mailroom::console::asset(). Run at build time (CMakeLists.txt), so the console's
# pages, stylesheet and script are part of the binary and nothing is read or fetched when it runs.
set(arrays "")
set(entries "")
set(index 0)
foreach(path IN LISTS ASSETS)
  get_filename_component(name "${path}" NAME)
  file(READ "${path}" bytes HEX)
  string(LENGTH "${bytes}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${bytes}")
  string(APPEND arrays "const unsigned char k_asset_${index}[] = {${bytes}0x00};\n")
  string(APPEND entries
    "    {\"${name}\", std::string_view(reinterpret_cast<const char*>(k_asset_${index}), ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.new" "// Made by engine/console/embed_assets.cmake from engine/console/assets/; do not edit.
#include <engine/console/assets.hpp>

#include <map>
#include <string>

namespace mailroom::console {

namespace {

${arrays}
} // namespace

std::optional<std::string_view> asset(std::string_view name) {
  static const std::map<std::string, std::string_view, std::less<>> assets = {
${entries}  };
  const auto found = assets.find(name);
  if (found == assets.end()) {
    return std::nullopt;
  }
  return found->second;
}

} // namespace mailroom::console
")
# Only a changed file is replaced, so an unchanged asset set rebuilds nothing.
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
