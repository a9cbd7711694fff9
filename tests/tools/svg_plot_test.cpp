// Tests of the shared SVG plotting module (tools/plot): tick generation, coordinate mapping,
// well-formedness of the output and the --plot DIR helper.
#include "plot/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>

#include "plot/plot_dir.hpp"
#include "support/support.hpp"

namespace {

using eis::plot::Figure;
using eis::plot::Scale;
using eis::plot::Series;

// Checks that every element is closed in order: <a>…</a> or <a/>; skips <?xml …?>.
::testing::AssertionResult balanced_tags(const std::string& svg) {
  std::vector<std::string> stack;
  std::size_t pos = 0;
  while ((pos = svg.find('<', pos)) != std::string::npos) {
    const auto end = svg.find('>', pos);
    if (end == std::string::npos) {
      return ::testing::AssertionFailure() << "unterminated tag at " << pos;
    }
    const std::string tag = svg.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.empty()) {
      return ::testing::AssertionFailure() << "empty tag";
    }
    if (tag.front() == '?') {
      continue;
    }
    if (tag.front() == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) {
        return ::testing::AssertionFailure()
               << "closing </" << name << "> does not match <"
               << (stack.empty() ? std::string("(none)") : stack.back()) << ">";
      }
      stack.pop_back();
      continue;
    }
    if (tag.back() == '/') {
      continue;
    }
    stack.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
  }
  if (!stack.empty()) {
    return ::testing::AssertionFailure() << "<" << stack.back() << "> never closed";
  }
  return ::testing::AssertionSuccess();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

TEST(SvgPlot, LinearTicksUseNiceSteps) {
  EXPECT_EQ(eis::plot::linear_ticks(0.0, 10.0, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  // raw step 0.84/4 = 0.21 → next nice step 0.25.
  const auto t = eis::plot::linear_ticks(0.13, 0.97, 4);
  ASSERT_EQ(t.size(), 3U);
  EXPECT_TRUE(eis::test::all_near_relative(t, std::vector<double>{0.25, 0.5, 0.75}, 1e-12));
  // Zero is exactly zero, not 1e-17.
  const auto z = eis::plot::linear_ticks(-0.3, 0.3, 6);
  EXPECT_NE(std::find(z.begin(), z.end(), 0.0), z.end());
  EXPECT_TRUE(eis::plot::linear_ticks(1.0, 1.0).empty());
}

TEST(SvgPlot, LogTicksGiveDecadesAndMinors) {
  const auto t = eis::plot::log_ticks(0.5, 2000.0);
  EXPECT_TRUE(eis::test::all_near_relative(t.major, std::vector<double>{1, 10, 100, 1000}, 1e-12));
  // 0.5…0.9 (5), 2…9, 20…90, 200…900 (8 each), 2000 (1).
  EXPECT_EQ(t.minor.size(), 30U);
  EXPECT_NEAR(t.minor.front(), 0.5, 1e-15);
  EXPECT_NEAR(t.minor.back(), 2000.0, 1e-9);
  // 29 decades: every 4th decade labelled, no minors.
  const auto wide = eis::plot::log_ticks(1e-14, 1e14);
  ASSERT_EQ(wide.major.size(), 8U);
  EXPECT_TRUE(eis::test::near_relative(wide.major[1], 1e-10, 1e-12));
  EXPECT_TRUE(wide.minor.empty());
  // Less than two decades: linear ticks in value space.
  const auto narrow = eis::plot::log_ticks(2.0, 9.0);
  EXPECT_GE(narrow.major.size(), 3U);
  EXPECT_TRUE(narrow.minor.empty());
}

TEST(SvgPlot, CoordinatesMapPerFormula) {
  using eis::plot::map_coordinate;
  // Linear: p = p_lo + (v − lo)/(hi − lo)·(p_hi − p_lo).
  EXPECT_DOUBLE_EQ(map_coordinate(5.0, 0.0, 10.0, Scale::linear, 100.0, 300.0), 200.0);
  EXPECT_DOUBLE_EQ(map_coordinate(2.5, 0.0, 10.0, Scale::linear, 400.0, 0.0), 300.0);
  // log10: the same on log10 values; 100 is halfway between 1 and 1e4.
  EXPECT_DOUBLE_EQ(map_coordinate(100.0, 1.0, 1e4, Scale::log10, 0.0, 400.0), 200.0);
  EXPECT_NEAR(map_coordinate(std::sqrt(10.0), 1.0, 10.0, Scale::log10, 0.0, 100.0), 50.0, 1e-12);
  EXPECT_TRUE(std::isnan(map_coordinate(-1.0, 1.0, 10.0, Scale::log10, 0.0, 100.0)));
}

TEST(SvgPlot, ColoursAreStable) {
  EXPECT_EQ(eis::plot::cycle_color(0), "#1f77b4");
  EXPECT_EQ(eis::plot::cycle_color(10), eis::plot::cycle_color(0));
  EXPECT_EQ(eis::plot::sequential_color(0.0), "#440154");
  EXPECT_EQ(eis::plot::sequential_color(1.0), "#fde725");
  EXPECT_EQ(eis::plot::sequential_color(7.0), "#fde725");  // clamped
}

Figure arrhenius_like_figure() {
  Figure f;
  f.title = "σ & T <test>";
  f.x_axis = {.label = "1000/T (1/K)"};
  f.y_axis = {.label = "σ (S/cm)", .scale = Scale::log10};
  f.top_axis =
      eis::plot::SecondaryAxis{.label = "T (°C)",
                               .from_primary = [](double x) { return 1000.0 / x - 273.15; },
                               .to_primary = [](double c) { return 1000.0 / (c + 273.15); }};
  f.color_map = eis::plot::ColorMap{.label = "cycle"};
  for (int c = 1; c <= 3; ++c) {
    Series s{.name = "cycle " + std::to_string(c), .style = eis::plot::Style::markers};
    for (double t = 300; t <= 560; t += 20) {
      s.x.push_back(1000.0 / t);
      s.y.push_back(1e3 * std::exp(-0.5 / (8.617333262e-5 * t)) / c);
    }
    s.y_error.assign(s.x.size(), 0.0);
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      s.y_error[i] = 0.05 * s.y[i];
    }
    s.color_value = c;
    f.series.push_back(s);
  }
  f.vertical_bands.push_back({.x_min = 1.88, .x_max = 1.90, .label = "T_c CI"});
  f.reference_lines.push_back({.value = 1.89, .label = "T_c"});
  f.annotations.push_back({.x = 2.5, .y = 1e-4, .text = "Ea = 0.5 eV"});
  return f;
}

TEST(SvgPlot, RendersWellFormedDocumentWithLabels) {
  const std::string svg = eis::plot::render_svg(arrhenius_like_figure());
  EXPECT_TRUE(balanced_tags(svg));
  EXPECT_EQ(svg.rfind("<?xml", 0), 0U);
  EXPECT_NE(svg.find("1000/T (1/K)"), std::string::npos);
  EXPECT_NE(svg.find("σ (S/cm)"), std::string::npos);
  EXPECT_NE(svg.find("T (°C)"), std::string::npos);
  EXPECT_NE(svg.find("σ &amp; T &lt;test&gt;"), std::string::npos);  // escaped title
  EXPECT_NE(svg.find("cycle 3"), std::string::npos);
  EXPECT_NE(svg.find("Ea = 0.5 eV"), std::string::npos);
  EXPECT_NE(svg.find("10<tspan"), std::string::npos);  // decade labels on the log axis
  // 3 series × 14 points → 42 markers (circles) plus 3 legend markers.
  EXPECT_EQ(count(svg, "<circle"), 45U);
  // Secondary °C ticks: the range 1000/T ∈ ~[1.75, 3.4] is ~21…297 °C → labels such as 100, 200.
  EXPECT_NE(svg.find(">100</text>"), std::string::npos);
  EXPECT_NE(svg.find(">200</text>"), std::string::npos);
}

TEST(SvgPlot, MultiPanelAndEqualAspect) {
  Figure nyquist;
  nyquist.equal_aspect = true;
  nyquist.x_axis = {.label = "Z' (Ω)"};
  nyquist.y_axis = {.label = "−Z'' (Ω)"};
  Series s{.name = "data"};
  for (int i = 0; i <= 20; ++i) {
    const double phi = std::numbers::pi * i / 20.0;
    s.x.push_back(50.0 + 50.0 * std::cos(phi));
    s.y.push_back(50.0 * std::sin(phi));
  }
  nyquist.series.push_back(s);
  Figure residuals = nyquist;
  residuals.equal_aspect = false;
  const std::vector<Figure> panels{nyquist, residuals};
  const std::string svg = eis::plot::render_svg(panels, 1);
  EXPECT_TRUE(balanced_tags(svg));
  EXPECT_NE(svg.find("eisplot-clip-0"), std::string::npos);
  EXPECT_NE(svg.find("eisplot-clip-1"), std::string::npos);
  EXPECT_NE(svg.find("height=\"960.00\""), std::string::npos);
}

TEST(SvgPlot, RejectsInconsistentSeriesAndEmptyRanges) {
  Figure f;
  f.series.push_back({.x = {1, 2, 3}, .y = {1, 2}});
  EXPECT_THROW((void)eis::plot::render_svg(f), eis::InvalidArgument);
  Figure g;
  g.series.push_back({.x = {1, 2}, .y = {1, 2}});
  g.y_axis = {.label = "y", .scale = Scale::log10, .min = -1.0, .max = 10.0};
  EXPECT_THROW((void)eis::plot::render_svg(g), eis::InvalidArgument);
  // Non-positive values on a log axis are skipped, not fatal.
  Figure h;
  h.y_axis.scale = Scale::log10;
  h.series.push_back({.x = {1, 2, 3}, .y = {-1, 10, 100}});
  EXPECT_TRUE(balanced_tags(eis::plot::render_svg(h)));
}

TEST(SvgPlot, PlotDirCreatesDirectoryAndReportsPaths) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("eis_plot_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed())) /
      "nested";
  std::filesystem::remove_all(dir.parent_path());
  std::ostringstream messages;
  eis::plot::PlotDir plots(dir, messages);
  const auto path = plots.write("arrhenius", arrhenius_like_figure());
  EXPECT_EQ(path, dir / "arrhenius.svg");
  ASSERT_TRUE(std::filesystem::exists(path));
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(balanced_tags(text));
  EXPECT_NE(messages.str().find(path.string()), std::string::npos);
  EXPECT_EQ(plots.written().size(), 1U);
  EXPECT_THROW((void)plots.write("a/b", arrhenius_like_figure()), eis::InvalidArgument);
  // A regular file where the directory should be.
  const auto file = dir.parent_path() / "file";
  std::ofstream(file) << "x";
  EXPECT_THROW(eis::plot::PlotDir(file / "sub", messages), eis::IoError);
  std::filesystem::remove_all(dir.parent_path());
}

}  // namespace
