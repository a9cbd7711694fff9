// Bad input never crashes and never escapes as anything but eis::Error: every reader, forced
// or detected, on truncated, corrupted and foreign fixtures (run under ASan/UBSan in CI).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <eis/error.hpp>
#include <eis/io/read.hpp>

#include "support/support.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Small text fixtures of every text format (the large ones add time, not coverage).
const char* const fixtures[] = {
    "pyimpspec/data.mpt",
    "pyimpspec/data.dta",
    "pyimpspec/data.z",
    "pyimpspec/data.dfr",
    "pyimpspec/data.P00",
    "pyimpspec/data.i2b",
    "pyimpspec/data.json",
    "pyimpspec/data-semicolon.csv",
    "pyimpspec/data-comma-decimal-separator.csv",
    "impedance_py/exampleDataAutolab.txt",
    "impedance_py/exampleDataCHInstruments.txt",
    "impedance_py/exampleDataPowersuite.txt",
    "impedance_py/exampleDataZPlot_noComments.z",
    "impedance_py/exampleDataGamryABORT.DTA",
    "eisfitpython/Example2a.txt",
    "hybrid_drt/PEIS_LPSCl_IonBlocking_-25C_RelaxIS.txt",
    "yadg/mb.issue_95.de.mpt",
    "yadg/zir.mpt",
};

// Reads and accepts either a result or an eis::Error; anything else fails the test.
void read_safely(const std::string& bytes, const std::string& name, const std::string& reader) {
  eis::io::ReadOptions options;
  options.reader = reader;
  try {
    const auto r = eis::io::read_bytes(bytes, name, options);
    for (const auto& s : r.spectra) {
      ASSERT_EQ(s.frequency_hz.size(), s.impedance_ohm.size());
      for (const double f : s.frequency_hz) {
        ASSERT_GT(f, 0.0);
      }
    }
  } catch (const eis::Error&) {
    // expected for malformed input
  } catch (const std::exception& e) {
    FAIL() << name << " with reader '" << reader << "': non-eis exception: " << e.what();
  }
}

TEST(Robustness, EveryReaderOnEveryFixtureTruncatedAtManyPoints) {
  for (const char* f : fixtures) {
    const std::string bytes = slurp(eis::test::data_path(f));
    ASSERT_FALSE(bytes.empty()) << f;
    for (int cut = 0; cut <= 16; ++cut) {
      const std::string part = bytes.substr(0, bytes.size() * static_cast<std::size_t>(cut) / 16);
      read_safely(part, f, "");
      if (cut % 4 == 0) {
        for (const auto& reader : eis::io::reader_names()) {
          read_safely(part, f, reader);
        }
      }
    }
  }
}

TEST(Robustness, RandomByteCorruptionNeverCrashes) {
  std::mt19937_64 rng{42};
  for (const char* f : fixtures) {
    const std::string bytes = slurp(eis::test::data_path(f));
    for (int trial = 0; trial < 30; ++trial) {
      std::string b = bytes;
      std::uniform_int_distribution<std::size_t> pos(0, b.size() - 1);
      std::uniform_int_distribution<int> byte(0, 255);
      for (int k = 0; k < 4; ++k) {
        b[pos(rng)] = static_cast<char>(byte(rng));
      }
      read_safely(b, f, "");
    }
  }
}

TEST(Robustness, GarbageAndEmptyInputsAreParseErrorsWithLine) {
  std::mt19937_64 rng{7};
  std::uniform_int_distribution<int> byte(0, 255);
  for (int trial = 0; trial < 50; ++trial) {
    std::string b(static_cast<std::size_t>(1 + trial * 37), '\0');
    for (auto& c : b) {
      c = static_cast<char>(byte(rng));
    }
    read_safely(b, "garbage.bin", "");
  }
  for (const std::string empty : {"", "\n\n", "   \r\n", "\xEF\xBB\xBF"}) {
    try {
      (void)eis::io::read_bytes(empty, "empty.txt");
      ADD_FAILURE() << "no error for empty input";
    } catch (const eis::ParseError& e) {
      EXPECT_EQ(e.file(), "empty.txt");
      EXPECT_GE(e.line(), 1u);
    }
  }
}

}  // namespace
