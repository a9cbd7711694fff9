/// @file
/// The `--plot DIR` behaviour shared by every command (CLI.md, general rules): create DIR, write
/// SVG files into it, and print each written path on stderr.
///
/// Usage in a command:
/// @code
///   if (!cmd.plot_dir.empty()) {
///     eis::plot::PlotDir plots(cmd.plot_dir);   // creates the directory (eis::IoError if not)
///     plots.write("nyquist", nyquist_figure);   // writes DIR/nyquist.svg, prints its path
///   }
/// @endcode
/// Thread-safety: a PlotDir is not thread-safe; use one per thread.
#pragma once

#include <filesystem>
#include <iostream>
#include <span>
#include <string_view>
#include <vector>

#include "plot/svg_plot.hpp"

namespace eis::plot {

/// A directory receiving plot files.
class PlotDir {
 public:
  /// Creates `directory` (and its parents) if needed.
  /// @param messages  where written paths are reported (stderr by default)
  /// @throws eis::IoError if it cannot be created or exists as a non-directory.
  explicit PlotDir(std::filesystem::path directory, std::ostream& messages = std::cerr);

  /// Writes `figure` as DIR/<stem>.svg and prints "eis: wrote <path>" on the messages stream.
  /// @return the path written
  /// @throws eis::IoError on write failure; eis::InvalidArgument if the stem is empty or holds a
  ///         path separator, or as render_svg().
  std::filesystem::path write(std::string_view stem, const Figure& figure);
  /// Multi-panel variant (see render_svg(std::span<const Figure>, int)).
  std::filesystem::path write(std::string_view stem,
                              std::span<const Figure> panels,
                              int columns = 1);

  [[nodiscard]] const std::filesystem::path& directory() const noexcept { return directory_; }
  /// Every path written so far, in order.
  [[nodiscard]] const std::vector<std::filesystem::path>& written() const noexcept {
    return written_;
  }

 private:
  std::filesystem::path directory_;
  std::ostream* messages_;
  std::vector<std::filesystem::path> written_;
};

}  // namespace eis::plot
