// Metrics: request counters and latency histograms by route, rendered in the
// Prometheus text format with any extra gauges the caller adds. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace fk::http {

class Metrics {
 public:
  static constexpr double kLatencyBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  // Prometheus text exposition of the request metrics.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<int64_t> buckets = std::vector<int64_t>(std::size(kLatencyBuckets), 0);
    int64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;  // (method, route, status)
  std::map<std::pair<std::string, std::string>, Histogram> latency_;        // (method, route)
};

}  // namespace fk::http
