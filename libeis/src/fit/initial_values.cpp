// Automatic initial values for fit_circuit(): maps the arcs, intercept and spike that
// analysis/arcs.hpp reads from the data onto the blocks of the circuit (METHODS.md §3.3).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

#include <eis/analysis/arcs.hpp>
#include <eis/error.hpp>
#include <eis/fit/cnls.hpp>

namespace eis {

namespace {

constexpr double pi = std::numbers::pi;
using Node = Circuit::Node;
using NodeType = Circuit::NodeType;

struct DataScales {
  double f_min = 0.0;
  double f_max = 0.0;
  double z_at_f_min = 0.0;  // |Z| at the lowest frequency
  double z_at_f_max = 0.0;  // |Z| at the highest frequency
  double minus_imag_at_f_min = 0.0;
  double median_z = 0.0;
};

DataScales scales_of(SpectrumView s) {
  DataScales d;
  std::size_t lo = 0;
  std::size_t hi = 0;
  std::vector<double> moduli;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.frequency_hz[i] < s.frequency_hz[lo]) {
      lo = i;
    }
    if (s.frequency_hz[i] > s.frequency_hz[hi]) {
      hi = i;
    }
    moduli.push_back(std::abs(s.impedance_ohm[i]));
  }
  std::nth_element(moduli.begin(),
                   moduli.begin() + static_cast<std::ptrdiff_t>(moduli.size() / 2),
                   moduli.end());
  d.median_z = std::max(moduli[moduli.size() / 2], 1e-12);
  d.f_min = s.frequency_hz[lo];
  d.f_max = s.frequency_hz[hi];
  d.z_at_f_min = std::max(std::abs(s.impedance_ohm[lo]), 1e-12);
  d.z_at_f_max = std::max(std::abs(s.impedance_ohm[hi]), 1e-12);
  d.minus_imag_at_f_min = -s.impedance_ohm[lo].imag();
  return d;
}

bool contains_resistor(const Circuit& c, const Node& node) {
  if (node.type == NodeType::element) {
    return c.elements()[node.element].kind == ElementKind::resistor;
  }
  return std::any_of(node.children.begin(), node.children.end(), [&](const Node& child) {
    return contains_resistor(c, child);
  });
}

// A block that produces one arc: a parallel node containing a resistor, or a ZARC/HN element.
bool is_arc_block(const Circuit& c, const Node& node) {
  if (node.type == NodeType::element) {
    const ElementKind k = c.elements()[node.element].kind;
    return k == ElementKind::zarc || k == ElementKind::havriliak_negami;
  }
  return node.type == NodeType::parallel && contains_resistor(c, node);
}

class Assigner {
 public:
  Assigner(const Circuit& circuit, SpectrumView spectrum, std::vector<double>& values)
      : c_(circuit), d_(scales_of(spectrum)), p_(values) {}

  // Scale-aware defaults for any element (used outside recognised blocks).
  void defaults(const Node& node, double resistance, double tau) {
    if (node.type != NodeType::element) {
      for (const auto& child : node.children) {
        defaults(child, resistance, tau);
      }
      return;
    }
    const auto& e = c_.elements()[node.element];
    double* q = &p_[e.first_parameter];
    const double omega = 1.0 / tau;
    switch (e.kind) {
      case ElementKind::resistor:
        q[0] = resistance;
        break;
      case ElementKind::capacitor:
        q[0] = tau / resistance;
        break;
      case ElementKind::inductor:
        q[0] = 1e-3 * resistance / omega;
        break;
      case ElementKind::cpe:
        q[1] = 0.85;
        q[0] = std::pow(tau, 0.85) / resistance;
        break;
      case ElementKind::warburg:
        q[0] = resistance * std::sqrt(omega);
        break;
      case ElementKind::warburg_short:
      case ElementKind::warburg_open:
      case ElementKind::gerischer:
        q[0] = resistance;
        q[1] = tau;
        break;
      case ElementKind::zarc:
        q[0] = resistance;
        q[1] = tau;
        q[2] = 0.85;
        break;
      case ElementKind::havriliak_negami:
        q[0] = resistance;
        q[1] = tau;
        q[2] = 0.85;
        q[3] = 0.9;
        break;
    }
  }

  // An arc block with diameter R and time constant τ, exponent n.
  void arc(const Node& node, double r, double tau, double n) {
    if (node.type == NodeType::element) {
      const auto& e = c_.elements()[node.element];
      double* q = &p_[e.first_parameter];
      q[0] = r;
      q[1] = tau;
      q[2] = n;
      if (e.kind == ElementKind::havriliak_negami) {
        q[3] = 0.95;
      }
      return;
    }
    bool resistor_done = false;
    for (const auto& child : node.children) {
      if (child.type == NodeType::element) {
        const auto& e = c_.elements()[child.element];
        double* q = &p_[e.first_parameter];
        if (e.kind == ElementKind::resistor) {
          q[0] = resistor_done ? 10.0 * r : r;
          resistor_done = true;
          continue;
        }
        if (e.kind == ElementKind::capacitor) {
          q[0] = tau / r;
          continue;
        }
        if (e.kind == ElementKind::cpe) {
          q[1] = n;
          q[0] = std::pow(tau, n) / r;  // τ = (RQ)^{1/n}, METHODS.md §2.4
          continue;
        }
        defaults(child, r, tau);
        continue;
      }
      // A series branch such as R2-Wo1 (Randles): half the diameter to the resistor, the rest
      // to the diffusion element, whose time constant sits a decade lower in frequency.
      defaults(child, 0.5 * r, 10.0 * tau);
      for (const auto& grandchild : child.children) {
        if (grandchild.type == NodeType::element &&
            c_.elements()[grandchild.element].kind == ElementKind::resistor) {
          p_[c_.elements()[grandchild.element].first_parameter] = resistor_done ? 0.5 * r : r;
          resistor_done = true;
        }
      }
    }
  }

  const DataScales& scales() const { return d_; }

 private:
  const Circuit& c_;
  DataScales d_;
  std::vector<double>& p_;
};

}  // namespace

std::vector<double> estimate_initial_values(const Circuit& circuit, SpectrumView spectrum) {
  validate_spectrum(spectrum, 3);
  std::vector<double> values(circuit.parameter_count(), 1.0);
  if (circuit.parameter_count() == 0) {
    return values;
  }
  const ArcAnalysis analysis = estimate_arcs(spectrum);
  Assigner assign(circuit, spectrum, values);
  const DataScales& d = assign.scales();
  const double omega_min = 2.0 * pi * d.f_min;
  const double omega_max = 2.0 * pi * d.f_max;
  const double tau_mid = 1.0 / std::sqrt(omega_min * omega_max);

  // Classify the top-level series children.
  std::vector<const Node*> top;
  if (circuit.root().type == NodeType::series) {
    for (const auto& child : circuit.root().children) {
      top.push_back(&child);
    }
  } else {
    top.push_back(&circuit.root());
  }
  std::vector<const Node*> arc_blocks;
  std::vector<const Node*> series_resistors;
  std::vector<const Node*> inductors;
  std::vector<const Node*> spikes;
  std::vector<const Node*> others;
  for (const Node* node : top) {
    if (is_arc_block(circuit, *node)) {
      arc_blocks.push_back(node);
      continue;
    }
    if (node->type == NodeType::element) {
      switch (circuit.elements()[node->element].kind) {
        case ElementKind::resistor:
          series_resistors.push_back(node);
          continue;
        case ElementKind::inductor:
          inductors.push_back(node);
          continue;
        case ElementKind::capacitor:
        case ElementKind::cpe:
          spikes.push_back(node);
          continue;
        default:
          break;
      }
    }
    others.push_back(node);
  }

  // Time constants for the arc blocks: the data arcs, adjusted to the number of blocks.
  std::vector<double> taus;
  for (const auto& a : analysis.arcs) {
    taus.push_back(a.time_constant_s);
  }
  const bool offset = !series_resistors.empty();
  const double spike_exponent =
      spikes.empty() ? 0.0 : (analysis.spike.present ? analysis.spike.exponent : 0.9);
  // Exponent of the decomposition: the best of a few typical depressions.
  auto decompose = [&](const std::vector<double>& t, double n) {
    return decompose_arcs(spectrum, t, n, offset, spike_exponent);
  };
  // Too many data arcs: drop the one whose removal costs least, until the counts agree.
  while (taus.size() > arc_blocks.size()) {
    std::size_t best = 0;
    double best_rms = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < taus.size(); ++k) {
      std::vector<double> fewer = taus;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(k));
      const double rms = decompose(fewer, 0.85).relative_rms;
      if (rms < best_rms) {
        best_rms = rms;
        best = k;
      }
    }
    taus.erase(taus.begin() + static_cast<std::ptrdiff_t>(best));
  }
  // Too few: insert time constants in the middle of the widest gap (log τ) of the window.
  const double log_tau_lo = std::log(1.0 / omega_max);
  const double log_tau_hi = std::log(1.0 / omega_min);
  while (taus.size() < arc_blocks.size()) {
    std::vector<double> logs{log_tau_lo};
    for (const double t : taus) {
      logs.push_back(std::log(t));
    }
    logs.push_back(log_tau_hi);
    std::sort(logs.begin(), logs.end());
    std::size_t widest = 0;
    for (std::size_t k = 1; k + 1 < logs.size(); ++k) {
      if (logs[k + 1] - logs[k] > logs[widest + 1] - logs[widest]) {
        widest = k;
      }
    }
    taus.push_back(std::exp(0.5 * (logs[widest] + logs[widest + 1])));
  }
  std::sort(taus.begin(), taus.end());  // highest frequency (bulk) first

  double exponent = 0.85;
  ArcDecomposition decomposition;
  decomposition.relative_rms = std::numeric_limits<double>::infinity();
  for (const double n : {0.65, 0.75, 0.85, 0.95}) {
    ArcDecomposition trial = decompose(taus, n);
    if (trial.relative_rms < decomposition.relative_rms) {
      decomposition = trial;
      exponent = n;
    }
  }
  double largest_r = 0.0;
  for (const double r : decomposition.resistances_ohm) {
    largest_r = std::max(largest_r, r);
  }
  if (!(largest_r > 0.0)) {
    largest_r = d.median_z;
  }
  for (std::size_t k = 0; k < arc_blocks.size(); ++k) {
    double r = decomposition.resistances_ohm[k];
    if (!(r > 1e-3 * largest_r)) {
      r = 1e-2 * largest_r;  // an arc the data do not show: small but not negligible
    }
    assign.arc(*arc_blocks[k], r, taus[k], exponent);
  }
  // Series resistors share the offset (never exactly 0: it is fitted in ln R).
  const double r_offset =
      std::max(decomposition.offset_ohm > 0.0 ? decomposition.offset_ohm
                                              : analysis.high_frequency_intercept_ohm,
               1e-4 * d.z_at_f_max);
  for (const Node* node : series_resistors) {
    values[circuit.elements()[node->element].first_parameter] =
        r_offset / static_cast<double>(series_resistors.size());
  }
  for (const Node* node : inductors) {
    const double l_floor = 1e-4 * d.z_at_f_max / omega_max;
    values[circuit.elements()[node->element].first_parameter] =
        std::max(analysis.inductance_h, l_floor);
  }
  for (const Node* node : spikes) {
    const auto& e = circuit.elements()[node->element];
    double n = e.kind == ElementKind::cpe ? spike_exponent : 1.0;
    double q = 0.0;
    if (decomposition.spike_q > 0.0 && e.kind == ElementKind::cpe) {
      q = decomposition.spike_q;
    } else if (analysis.spike.present) {
      // Q = sin(nπ/2)/(−Z''ωⁿ) at the lowest frequency (METHODS.md §3.3).
      q = std::sin(n * pi / 2.0) /
          (std::max(d.minus_imag_at_f_min, 1e-3 * d.z_at_f_min) * std::pow(omega_min, n));
    } else {
      // No spike in the data: an element whose impedance is a tenth of |Z| at f_min.
      q = 1.0 / (0.1 * d.z_at_f_min * std::pow(omega_min, n));
    }
    q /= static_cast<double>(spikes.size());
    values[e.first_parameter] = q;
    if (e.kind == ElementKind::cpe) {
      values[e.first_parameter + 1] = n;
    }
  }
  for (const Node* node : others) {
    if (node->type == NodeType::element) {
      const auto& e = circuit.elements()[node->element];
      if (e.kind == ElementKind::warburg) {
        // σ_W from the low-frequency −Z'': −Z'' = σ_W/√ω.
        values[e.first_parameter] =
            std::max(d.minus_imag_at_f_min, 1e-3 * d.z_at_f_min) * std::sqrt(omega_min);
        continue;
      }
      if (e.kind == ElementKind::warburg_open || e.kind == ElementKind::warburg_short) {
        values[e.first_parameter] = 0.5 * d.z_at_f_min;
        values[e.first_parameter + 1] = 1.0 / omega_min;
        continue;
      }
    }
    assign.defaults(*node, 0.3 * d.median_z, tau_mid);
  }
  // Clamp into the default bounds (exponents stay strictly inside (0, 1)).
  for (std::size_t k = 0; k < values.size(); ++k) {
    const auto& spec = circuit.parameters()[k];
    double v = values[k];
    if (!std::isfinite(v)) {
      v = spec.scale == ParameterScale::log ? d.median_z : 0.5 * (spec.lower + spec.upper);
    }
    if (spec.scale == ParameterScale::linear) {
      const double width = spec.upper - spec.lower;
      v = std::clamp(v, spec.lower + 0.02 * width, spec.upper - 0.02 * width);
    } else {
      v = std::max(v, std::max(spec.lower, 1e-300));
      if (std::isfinite(spec.upper)) {
        v = std::min(v, spec.upper);
      }
    }
    values[k] = v;
  }
  return values;
}

}  // namespace eis
