#include "http/metrics.h"

#include <fmt/format.h>

namespace fk::http {
namespace {
std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
}  // namespace

void Metrics::Observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (size_t i = 0; i < std::size(kLatencyBuckets); ++i)
    if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP fangkong_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE fangkong_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += fmt::format("fangkong_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", method,
                       Escape(route), status, n);
  }
  out += "# HELP fangkong_http_request_duration_seconds Request latency by method and route.\n";
  out += "# TYPE fangkong_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string labels = fmt::format("method=\"{}\",route=\"{}\"", key.first, Escape(key.second));
    for (size_t i = 0; i < std::size(kLatencyBuckets); ++i)
      out += fmt::format("fangkong_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kLatencyBuckets[i], h.buckets[i]);
    out += fmt::format("fangkong_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, h.count);
    out += fmt::format("fangkong_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("fangkong_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  return out;
}

}  // namespace fk::http
