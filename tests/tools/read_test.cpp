// End-to-end tests of `eis read` (CLI.md): exit codes, file:line in messages, CSV/JSON layout.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/support.hpp"
#include <sys/wait.h>

namespace {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
  std::string out;     // stdout only
};

Run run(const std::string& args) {
  Run r;
  const auto err_file =
      std::filesystem::temp_directory_path() /
      ("eis_read_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "_stderr.txt");
  const std::string command = std::string(EIS_TOOL_PATH) + " " + args + " 2>" + err_file.string();
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return r;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    r.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::string e((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  std::filesystem::remove(err_file);
  r.output = r.out + e;
  return r;
}

std::string quote(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

class ReadCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("eis_read_cli_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& content) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(ReadCli, CsvOfAPyimpspecFile) {
  const auto r = run("read " + quote(eis::test::data_path("pyimpspec/data.dfr")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "file,spectrum,frequency_hz,z_real_ohm,z_imag_ohm,time_s");
  // 29 points + header.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 30);
  EXPECT_NE(r.out.find(",0,10000,109.00918219439028,-26.55567987651522,"), std::string::npos);
}

TEST_F(ReadCli, JsonWithSpectrumSelectionAndMetadata) {
  const auto r = run("read --format json --spectrum 2 " +
                     quote(eis::test::data_path("pyimpspec/case-multiple-spectra.mpt")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["reader"], "biologic-mpt");
  ASSERT_EQ(doc["spectra"].size(), 1u);
  EXPECT_EQ(doc["spectra"][0]["frequency_hz"].size(), 29u);
  EXPECT_EQ(doc["spectra"][0]["metadata"]["technique"], "PEIS");
  const auto bad = run("read --spectrum 3 " +
                       quote(eis::test::data_path("pyimpspec/case-multiple-spectra.mpt")));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

TEST_F(ReadCli, VoltammogramCsvAndSeveralFilesAsJsonArray) {
  const auto cv = run("read " + quote(eis::test::data_path("yadg/mb.issue_95.mpt")));
  ASSERT_EQ(cv.exit_code, 0) << cv.output;
  EXPECT_EQ(cv.out.substr(0, cv.out.find('\n')), "file,cycle,time_s,potential_v,current_a");
  const auto two = run("read --format json " + quote(eis::test::data_path("pyimpspec/data.i2b")) +
                       " " + quote(eis::test::data_path("pyimpspec/data.json")));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  const auto doc = nlohmann::json::parse(two.out);
  ASSERT_TRUE(doc.is_array());
  EXPECT_EQ(doc.size(), 2u);
  EXPECT_EQ(doc[1]["reader"], "json-table");
}

TEST_F(ReadCli, WarningsGoToStderr) {
  const auto r = run("read " + quote(eis::test::data_path("impedance_py/exampleData.csv")));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.find("inductive"), std::string::npos);
  EXPECT_NE(r.output.find("9 of 66 points are inductive"), std::string::npos) << r.output;
}

TEST_F(ReadCli, MalformedInputExitsWithCode2AndFileLine) {
  struct Case {
    const char* name;
    std::string content;
    std::string where;  // expected "name:line" in the message
  };
  const Case cases[] = {
      {"empty.csv", "", "empty.csv:1"},
      {"truncated.csv", "f,Z',Z''\n100,1,-1\n10,2\n", "truncated.csv:3"},
      {"garbage.bin", std::string("\x00\x01\x02\x03\xff\xfe\x10garbage", 14), "garbage.bin:1"},
      {"nan.csv", "f,Z',Z''\n100,1,-1\n10,nan,-2\n", "nan.csv:3:4"},
      {"inf.csv", "f,Z',Z''\n100,1,-1\n10,1,inf\n", "inf.csv:3:6"},
      {"missing.csv", "f,a,b\n100,1,-1\n10,1,-2\n", "missing.csv:1"},
      {"text.csv", "f,Z',Z''\n100,1,-1\n10,abc,-2\n", "text.csv:3:4"},
      {"zero.csv", "f,Z',Z''\n100,1,-1\n0,1,-2\n", "zero.csv:3:1"},
      {"negative.csv", "f,Z',Z''\n100,1,-1\n-10,1,-2\n", "negative.csv:3:1"},
      {"cut.mpt",
       "EC-Lab ASCII FILE\nNb header lines : 3\nfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\t\n1\t2",
       "cut.mpt:4"},
      {"cut.DTA",
       "EXPLAIN\nTAG\tEISPOT\nZCURVE\tTABLE\n\tPt\tFreq\tZreal\tZimag\n\t#\tHz\tohm\tohm\n"
       "\t0\t1000\t5\t-1\n\t1\t100\t5",
       "cut.DTA:7"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto p = write(c.name, c.content);
    const auto r = run("read " + quote(p));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(c.where), std::string::npos) << r.output;
    EXPECT_EQ(r.out, "");  // nothing on stdout
  }
  const auto missing = run("read " + quote(dir_ / "does-not-exist.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("does-not-exist.csv"), std::string::npos);
}

TEST_F(ReadCli, ForcedReaderAndDecimalOption) {
  const auto p = write("plain.txt", "1000;10,5;-1\n100;20;-2,5\n10;30;-4\n");
  const auto r = run("read --reader table --decimal , " + quote(p));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.out.find(",0,1000,10.5,-1\n"), std::string::npos) << r.out;
  const auto wrong = run("read --reader gamry-dta " + quote(p));
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.output.find("plain.txt:1"), std::string::npos) << wrong.output;
}

}  // namespace
