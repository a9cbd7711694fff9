/// @file
/// `eis read FILE... [--format csv|json] [--reader NAME] [--spectrum K] [--decimal-comma]`:
/// normalises instrument files (CLI.md). Reading and CSV layout live in libeis
/// (eis/io/read.hpp, eis/io/write.hpp); this command only formats.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/registry.hpp"

namespace eis::cli {

struct ReadCommand {
  std::vector<std::string> files;
  std::string format = "csv";           ///< csv | json
  std::string reader;                   ///< empty = detect from content
  std::optional<std::size_t> spectrum;  ///< 0-based spectrum of each file; empty = all
  std::string decimal;                  ///< "" = detect, "." or ","
};

void register_read(CLI::App& app, Registry& registry);

/// Runs the command; results to stdout, warnings to stderr.
/// @throws eis::Error for unreadable or malformed files (main turns it into exit code 2).
int run_read(const ReadCommand& cmd);

}  // namespace eis::cli
