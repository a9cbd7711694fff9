/// @file
/// The list of subcommands. Each command adds one line to register_all() (registry.cpp):
/// its register_<name>(CLI::App&) returns the callback that runs it when selected.
#pragma once

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

namespace eis::cli {

class Registry {
 public:
  void add(CLI::App* sub, std::function<int()> run) { entries_.push_back({sub, std::move(run)}); }
  /// Runs the subcommand the user selected; returns its exit code.
  int run_selected() const {
    for (const auto& e : entries_) {
      if (e.sub->parsed()) {
        return e.run();
      }
    }
    return 0;
  }

 private:
  struct Entry {
    CLI::App* sub;
    std::function<int()> run;
  };
  std::vector<Entry> entries_;
};

/// Registers every subcommand on `app`.
void register_all(CLI::App& app, Registry& registry);

}  // namespace eis::cli
