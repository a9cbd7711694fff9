// Helpers shared by the fit tests: a tiny locale-free reader for the plain three-column text
// fixtures (f, Z', Z'') and synthetic spectra of the three families of issue 5.
#pragma once

#include <charconv>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <eis/circuit/circuit.hpp>
#include <eis/circuit/evaluate.hpp>
#include <eis/spectrum.hpp>

#include "support/support.hpp"

namespace eis::test {

// Lines with three numbers separated by commas, tabs or spaces; anything else is skipped.
inline Spectrum read_three_columns(const std::string& relative) {
  std::ifstream in(data_path(relative));
  Spectrum s;
  std::string line;
  while (std::getline(in, line)) {
    for (char& c : line) {
      if (c == ',' || c == '\t' || c == '\r') {
        c = ' ';
      }
    }
    double v[3];
    int found = 0;
    const char* p = line.data();
    const char* end = line.data() + line.size();
    while (p < end && found < 3) {
      while (p < end && *p == ' ') {
        ++p;
      }
      if (p == end) {
        break;
      }
      const auto r = std::from_chars(p, end, v[found]);
      if (r.ec != std::errc()) {
        found = -1;
        break;
      }
      ++found;
      p = r.ptr;
    }
    if (found == 3) {
      s.frequency_hz.push_back(v[0]);
      s.impedance_ohm.push_back({v[1], v[2]});
    }
  }
  return s;
}

}  // namespace eis::test
