#include "plot/plot_dir.hpp"

#include <string>
#include <system_error>

#include <eis/error.hpp>

namespace eis::plot {

PlotDir::PlotDir(std::filesystem::path directory, std::ostream& messages)
    : directory_(std::move(directory)), messages_(&messages) {
  if (directory_.empty()) {
    throw IoError("the plot directory name is empty", "");
  }
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec || !std::filesystem::is_directory(directory_)) {
    throw IoError("cannot create the plot directory" + (ec ? ": " + ec.message() : std::string()),
                  directory_.string());
  }
}

std::filesystem::path PlotDir::write(std::string_view stem,
                                     std::span<const Figure> panels,
                                     int columns) {
  if (stem.empty() || stem.find_first_of("/\\") != std::string_view::npos) {
    throw InvalidArgument("plot file name '" + std::string(stem) +
                          "' must be non-empty and hold no path separator");
  }
  auto path = directory_ / (std::string(stem) + ".svg");
  write_svg(panels, columns, path);
  *messages_ << "eis: wrote " << path.string() << '\n';
  written_.push_back(path);
  return path;
}

std::filesystem::path PlotDir::write(std::string_view stem, const Figure& figure) {
  return write(stem, std::span(&figure, 1), 1);
}

}  // namespace eis::plot
