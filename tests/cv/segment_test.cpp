#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <eis/cv/segment.hpp>
#include <eis/error.hpp>

#include "cv/synthetic.hpp"
#include "support/support.hpp"

namespace {

using eis::cv::SweepDirection;
using eis::test::near_relative;
using eis::test::cv::make_cv;
using eis::test::cv::Triangle;

const auto capacitive = [](double, int dir, int, double) { return dir * 1e-6; };

TEST(Segment, SplitsANoiseFreeTriangleAtItsVertices) {
  const Triangle tri{.e_start_v = 1.0, .first_vertex_v = 5.5, .second_vertex_v = 1.0, .sweeps = 4};
  const auto v = make_cv(tri, capacitive);
  const auto seg = eis::cv::segment_voltammogram(v);
  ASSERT_EQ(seg.segments.size(), 4u);
  // 4.5 V at 1 mV per sample: vertices at samples 4500, 9000, 13500.
  const std::vector<std::size_t> ends{4500, 9000, 13500, 18000};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(seg.segments[k].end, ends[k]);
    EXPECT_EQ(seg.segments[k].direction,
              k % 2 == 0 ? SweepDirection::anodic : SweepDirection::cathodic);
    EXPECT_EQ(seg.segments[k].cycle, static_cast<int>(k / 2 + 1));
    EXPECT_TRUE(near_relative(seg.segments[k].scan_rate_v_per_s, 0.005, 1e-9));
  }
  EXPECT_EQ(seg.segments[1].begin, 4500u);  // the vertex is shared
  EXPECT_TRUE(near_relative(seg.segments[0].max_potential_v, 5.5, 1e-12));
  EXPECT_EQ(seg.cycles, (std::vector<int>{1, 2}));
  EXPECT_FALSE(seg.cycles_from_file);
  EXPECT_TRUE(near_relative(seg.scan_rate_v_per_s, 0.005, 1e-9));
  EXPECT_TRUE(seg.warnings.empty());
}

TEST(Segment, IsRobustToPotentialNoise) {
  const Triangle tri{.sweeps = 4};
  auto v = make_cv(tri, capacitive);
  std::mt19937_64 rng{7};
  std::normal_distribution<double> noise{0.0, 0.3e-3};  // 0.3 mV on 1 mV steps
  for (auto& e : v.potential_v) {
    e += noise(rng);
  }
  const auto seg = eis::cv::segment_voltammogram(v);
  ASSERT_EQ(seg.segments.size(), 4u);
  const std::vector<long> ends{4500, 9000, 13500};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_LE(std::abs(static_cast<long>(seg.segments[k].end) - ends[k]), 3);
  }
  // Noise of σ = 0.3 mV on steps of 1 mV leaves the median step unbiased.
  EXPECT_TRUE(near_relative(seg.scan_rate_v_per_s, 0.005, 0.02));
}

TEST(Segment, PlateauAtAVertexCreatesNoExtraSweep) {
  const Triangle tri{.sweeps = 2};
  auto v = make_cv(tri, capacitive);
  // Insert a 100-point hold at the upper vertex (sample 4500) and shift the later times.
  const double dt = tri.dt_s;
  std::vector<double> t(v.time_s.begin(), v.time_s.begin() + 4501);
  std::vector<double> e(v.potential_v.begin(), v.potential_v.begin() + 4501);
  std::vector<double> i(v.current_a.begin(), v.current_a.begin() + 4501);
  for (int q = 1; q <= 100; ++q) {
    t.push_back(t.back() + dt);
    e.push_back(5.5);
    i.push_back(0.0);
  }
  for (std::size_t k = 4501; k < v.size(); ++k) {
    t.push_back(t.back() + dt);
    e.push_back(v.potential_v[k]);
    i.push_back(v.current_a[k]);
  }
  v.time_s = t;
  v.potential_v = e;
  v.current_a = i;
  const auto seg = eis::cv::segment_voltammogram(v);
  ASSERT_EQ(seg.segments.size(), 2u);
  EXPECT_EQ(seg.segments[0].end, 4500u);  // the first point of the plateau
  EXPECT_TRUE(near_relative(seg.segments[1].scan_rate_v_per_s, 0.005, 1e-9));  // median
}

TEST(Segment, RecordStartingAtOpenCircuitPairsSweepsIntoCycles) {
  // Like the yadg Na2B12H12 CV: from 2.5 V down to 1.5 V, up to 5.5 V, down to 1.5 V.
  const Triangle tri{.e_start_v = 2.5, .first_vertex_v = 1.5, .second_vertex_v = 5.5, .sweeps = 3};
  const auto seg = eis::cv::segment_voltammogram(make_cv(tri, capacitive));
  ASSERT_EQ(seg.segments.size(), 3u);
  EXPECT_EQ(seg.segments[0].direction, SweepDirection::cathodic);
  EXPECT_EQ(seg.segments[1].direction, SweepDirection::anodic);
  EXPECT_EQ(seg.segments[2].direction, SweepDirection::cathodic);
  EXPECT_EQ(seg.segments[1].cycle, 1);
  EXPECT_EQ(seg.segments[2].cycle, 2);
}

TEST(Segment, UsesTheFileCycleColumnAndSplitsSweepsAtItsBoundaries) {
  const Triangle tri{.sweeps = 4};
  auto v = make_cv(tri, capacitive);
  // The instrument increments the cycle in the middle of the second sweep (sample 6000).
  v.cycle.assign(v.size(), 1);
  std::fill(v.cycle.begin() + 6000, v.cycle.end(), 2);
  const auto seg = eis::cv::segment_voltammogram(v);
  EXPECT_TRUE(seg.cycles_from_file);
  ASSERT_EQ(seg.segments.size(), 5u);
  EXPECT_EQ(seg.segments[1].end, 6000u);
  EXPECT_EQ(seg.segments[2].begin, 6000u);
  EXPECT_EQ(seg.segments[1].cycle, 1);
  EXPECT_EQ(seg.segments[2].cycle, 2);
  EXPECT_EQ(seg.segments[2].direction, SweepDirection::cathodic);
  EXPECT_EQ(seg.cycles, (std::vector<int>{1, 2}));
}

TEST(Segment, IgnoresAConstantCycleColumnForManySweeps) {
  auto v = make_cv(Triangle{.sweeps = 4}, capacitive);
  v.cycle.assign(v.size(), 0);
  const auto seg = eis::cv::segment_voltammogram(v);
  EXPECT_FALSE(seg.cycles_from_file);
  EXPECT_EQ(seg.cycles, (std::vector<int>{1, 2}));
  EXPECT_FALSE(seg.warnings.empty());
}

TEST(Segment, LinearSweepIsOneCycle) {
  const auto seg = eis::cv::segment_voltammogram(make_cv(Triangle{.sweeps = 1}, capacitive));
  ASSERT_EQ(seg.segments.size(), 1u);
  EXPECT_EQ(seg.segments[0].direction, SweepDirection::anodic);
  EXPECT_EQ(seg.cycles, (std::vector<int>{1}));
}

TEST(Segment, PotentiostaticRecordIsOneHold) {
  eis::cv::Voltammogram v;
  std::mt19937_64 rng{3};
  std::normal_distribution<double> noise{0.0, 1e-4};
  for (int k = 0; k < 500; ++k) {
    v.time_s.push_back(k * 60.0);
    v.potential_v.push_back(0.3 + noise(rng));
    v.current_a.push_back(1e-6 * std::exp(-k / 100.0));
  }
  const auto seg = eis::cv::segment_voltammogram(v);
  ASSERT_EQ(seg.segments.size(), 1u);
  EXPECT_EQ(seg.segments[0].direction, SweepDirection::hold);
  EXPECT_EQ(seg.sweep_count(), 0u);
  EXPECT_EQ(seg.scan_rate_v_per_s, 0.0);
  EXPECT_FALSE(seg.warnings.empty());
}

TEST(Segment, WarnsWhenTheScanRateDiffersFromTheNominalOne) {
  auto v = make_cv(Triangle{.sweeps = 2}, capacitive);
  v.metadata.scan_rate_v_per_s = 0.010;  // the data run at 5 mV/s
  const auto seg = eis::cv::segment_voltammogram(v);
  ASSERT_EQ(seg.warnings.size(), 1u);
  EXPECT_NE(seg.warnings[0].find("nominal"), std::string::npos);
  v.metadata.scan_rate_v_per_s = 0.0052;  // within 10 %
  EXPECT_TRUE(eis::cv::segment_voltammogram(v).warnings.empty());
}

TEST(Segment, RejectsInvalidInput) {
  eis::cv::Voltammogram v;
  v.time_s = {0, 1, 2};
  v.potential_v = {0, 1};
  v.current_a = {0, 0, 0};
  EXPECT_THROW((void)eis::cv::segment_voltammogram(v), eis::InvalidArgument);
  v.potential_v = {0, 1, NAN};
  EXPECT_THROW((void)eis::cv::segment_voltammogram(v), eis::InvalidArgument);
  v.potential_v = {0, 1, 2};
  v.time_s = {0, 2, 1};
  EXPECT_THROW((void)eis::cv::segment_voltammogram(v), eis::InvalidArgument);
  v.time_s = {0, 1, 2};
  v.cycle = {1, 1};
  EXPECT_THROW((void)eis::cv::segment_voltammogram(v), eis::InvalidArgument);
  EXPECT_EQ(eis::cv::parse_sweep_direction("cathodic"), SweepDirection::cathodic);
  EXPECT_EQ(eis::cv::to_string(SweepDirection::hold), "hold");
  EXPECT_THROW((void)eis::cv::parse_sweep_direction("up"), eis::InvalidArgument);
}

}  // namespace
