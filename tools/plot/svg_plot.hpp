/// @file
/// Small self-contained SVG plot writer shared by every `eis` command that draws (`--plot DIR`,
/// CLI.md). One concept: describe a Figure (axes, series, reference lines, bands, annotations),
/// then render_svg() / write_svg(). No dependency; the output is plain SVG 1.1 that opens in any
/// browser.
///
/// Example (log10 σ against 1000/T with a °C axis on top):
/// @code
///   using namespace eis::plot;
///   Figure fig;
///   fig.title = "Arrhenius plot";
///   fig.x_axis = {.label = "1000/T (1/K)"};
///   fig.y_axis = {.label = "σ (S/cm)", .scale = Scale::log10};
///   fig.top_axis = SecondaryAxis{.label = "T (°C)",
///       .from_primary = [](double x) { return 1000.0 / x - 273.15; },
///       .to_primary = [](double c) { return 1000.0 / (c + 273.15); }};
///   fig.series.push_back({.name = "cycle 1", .x = inv_t, .y = sigma, .style = Style::markers});
///   fig.vertical_bands.push_back({.x_min = 1.88, .x_max = 1.90, .label = "T_c 95 % CI"});
///   write_svg(fig, "out/arrhenius.svg");
/// @endcode
///
/// Conventions: data coordinates are plain doubles in the axis units. Points with a non-finite
/// coordinate (or ≤ 0 on a log10 axis) are skipped and break a line. Axis ranges default to the
/// data extent (plus a small margin); set Axis::min/max to fix them. Colours are CSS colour
/// strings ("#1f77b4", "black"); an empty colour means "next colour of the automatic cycle", or,
/// when Series::color_value is set, the colour of that value in the figure's sequential colour
/// map (with a colour bar, e.g. for series coloured by temperature).
///
/// Thread-safety: all functions are reentrant; a Figure is a plain value.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eis::plot {

/// Axis scale. log10 axes get decade ticks (10^n labels) with minor ticks at 2…9 × 10^n.
enum class Scale { linear, log10 };

/// One axis. min/max in data units; unset means automatic from the data.
struct Axis {
  std::string label = {};          ///< with unit, e.g. "Z' (Ω)" or "f (Hz)"
  Scale scale = Scale::linear;     ///< linear is the common case
  std::optional<double> min = {};  ///< lower limit (data units); automatic when unset
  std::optional<double> max = {};  ///< upper limit (data units); automatic when unset
  bool reversed = false;           ///< draw max on the left/bottom (e.g. decreasing T)
};

/// Secondary x axis drawn along the top, defined by a monotone mapping of the primary x values
/// (e.g. 1000/T in 1/K at the bottom, °C on top). Ticks are chosen nicely in secondary units
/// (linear), then placed with to_primary().
struct SecondaryAxis {
  std::string label = {};                           ///< e.g. "T (°C)"
  std::function<double(double)> from_primary = {};  ///< primary x → secondary value
  std::function<double(double)> to_primary = {};    ///< inverse: secondary value → primary x
};

/// How a series is drawn.
enum class Style { line, markers, line_markers };
/// Marker shapes.
enum class Marker { circle, square, triangle, diamond, cross };

/// One data series.
struct Series {
  std::string name = {};       ///< legend entry; empty = not listed in the legend
  std::vector<double> x = {};  ///< data x (same size as y)
  std::vector<double> y = {};  ///< data y
  Style style = Style::line_markers;
  std::string color = {};                  ///< CSS colour; empty = automatic (cycle or colour map)
  std::optional<double> color_value = {};  ///< value looked up in Figure::color_map
  Marker marker = Marker::circle;
  bool filled = true;                  ///< open markers when false (e.g. cooling runs)
  bool dashed = false;                 ///< dashed line (e.g. fits or extrapolations)
  double line_width = 1.5;             ///< px
  double marker_size = 3.5;            ///< px (radius-like)
  std::vector<double> y_error = {};    ///< symmetric error bars (same size as y); empty = none
  std::vector<double> band_low = {};   ///< shaded band lower edge (same size as x); empty = none
  std::vector<double> band_high = {};  ///< shaded band upper edge (same size as x)
};

/// A vertical (x = value) or horizontal (y = value) reference line across the plot area.
struct ReferenceLine {
  enum class Orientation { vertical, horizontal };
  Orientation orientation = Orientation::vertical;
  double value = 0.0;      ///< data units of the axis it is perpendicular to
  std::string label = {};  ///< drawn next to the line; empty = none
  std::string color = "#555555";
  bool dashed = true;
};

/// A shaded vertical band x_min ≤ x ≤ x_max across the full height (e.g. a transition CI).
struct VerticalBand {
  double x_min = 0.0;
  double x_max = 0.0;
  std::string label = {};  ///< drawn at the top of the band; empty = none
  std::string color = "#ff7f0e";
  double opacity = 0.2;  ///< 0…1
};

/// Free text at data coordinates.
struct Annotation {
  double x = 0.0;
  double y = 0.0;
  std::string text = {};
  enum class Anchor { start, middle, end };
  Anchor anchor = Anchor::start;
  std::string color = "#000000";
  double font_size = 11.0;  ///< px
};

/// Sequential colour map (viridis-like) for series with a color_value; drawn as a colour bar
/// on the right with its own label and ticks.
struct ColorMap {
  std::string label = {};          ///< e.g. "T (K)"
  std::optional<double> min = {};  ///< automatic from the series' color_value when unset
  std::optional<double> max = {};
  bool show_bar = true;  ///< draw the colour bar
};

/// Where the legend goes (inside the plot area).
enum class LegendPosition { top_right, top_left, bottom_right, bottom_left, none };

/// A whole plot.
struct Figure {
  std::string title = {};
  Axis x_axis = {};
  Axis y_axis = {};
  std::optional<SecondaryAxis> top_axis = {};
  std::vector<Series> series = {};
  std::vector<ReferenceLine> reference_lines = {};
  std::vector<VerticalBand> vertical_bands = {};
  std::vector<Annotation> annotations = {};
  std::optional<ColorMap> color_map = {};
  LegendPosition legend = LegendPosition::top_right;
  bool equal_aspect = false;  ///< same data units per pixel on x and y (Nyquist plots; linear)
  bool grid = true;           ///< light grid at the major ticks
  double width = 720.0;       ///< px
  double height = 480.0;      ///< px
};

/// Renders a figure as a complete SVG document (UTF-8).
/// @throws eis::InvalidArgument if a series' x, y (or error/band) sizes disagree, or a fixed
///         axis range is empty or (log10) not positive.
[[nodiscard]] std::string render_svg(const Figure& figure);

/// Renders several figures as panels of one SVG document, `columns` per row (each panel keeps
/// its own width/height), e.g. a Bode plot (|Z| above the phase) or data above residuals.
/// @throws eis::InvalidArgument as render_svg, or if `columns` < 1 or there are no panels.
[[nodiscard]] std::string render_svg(std::span<const Figure> panels, int columns = 1);

/// Writes render_svg(figure) to `path` (parent directory must exist).
/// @throws eis::IoError if the file cannot be written; eis::InvalidArgument as render_svg.
void write_svg(const Figure& figure, const std::filesystem::path& path);
/// Writes a multi-panel document (see render_svg(span, columns)).
void write_svg(std::span<const Figure> panels, int columns, const std::filesystem::path& path);

// ---- building blocks, exposed for tests and for callers that need them -------------------

/// "Nice" linear tick values (steps 1, 2, 2.5 or 5 × 10^k) covering [lo, hi], about `target`
/// of them; all returned ticks lie within [lo, hi] (up to rounding). Empty if lo ≥ hi.
[[nodiscard]] std::vector<double> linear_ticks(double lo, double hi, int target = 6);

/// Tick values of a log10 axis over [lo, hi] (both > 0).
struct LogTicks {
  std::vector<double> major;  ///< decades 10^n inside [lo, hi]; every k-th decade for wide ranges
  std::vector<double> minor;  ///< m·10^n, m = 2…9, inside [lo, hi] (empty beyond ~8 decades)
};
/// When [lo, hi] contains fewer than two decades, `major` falls back to linear_ticks(lo, hi).
[[nodiscard]] LogTicks log_ticks(double lo, double hi);

/// Pixel coordinate of `value` on an axis whose data range [lo, hi] is drawn from pixel p_lo
/// (at lo) to pixel p_hi (at hi): linear p_lo + (v − lo)/(hi − lo)·(p_hi − p_lo); log10 the same
/// formula applied to log10 v, log10 lo, log10 hi.
[[nodiscard]] double map_coordinate(
    double value, double lo, double hi, Scale scale, double p_lo, double p_hi);

/// Colour of the automatic cycle (10 colours, repeating), "#rrggbb".
[[nodiscard]] std::string cycle_color(std::size_t index);
/// Sequential colour map (viridis-like, dark blue → yellow) at t ∈ [0, 1] (clamped), "#rrggbb".
[[nodiscard]] std::string sequential_color(double t);

/// Escapes &, <, >, " and ' for SVG text and attribute values.
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace eis::plot
