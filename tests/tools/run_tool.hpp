/// @file
/// Runs the built `eis` program (EIS_TOOL_PATH) through the shell for end-to-end tests and
/// returns its exit code, stdout and stderr.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>

namespace eis::test {

struct ToolRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Single-quotes `text` for the POSIX shell.
inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// Runs `eis ARGS` (ARGS already shell-quoted as needed).
inline ToolRun run_tool(const std::string& args) {
  static int counter = 0;
  const auto err_path =
      std::filesystem::temp_directory_path() /
      ("eis_tool_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".err");
  const std::string command =
      shell_quote(EIS_TOOL_PATH) + " " + args + " 2>" + shell_quote(err_path.string());
  ToolRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return run;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    run.out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  std::filesystem::remove(err_path);
  return run;
}

}  // namespace eis::test
