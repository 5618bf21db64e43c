// mixed_load: the city's traffic against running Fangkong servers, over HTTP.
//
//   mixed_load --url URL[,URL...] [--seconds 60] [--phones 500] [--dashboards 20] [--rounds 50]
//              [--think-ms 1000] [--gate-share 0.4] [--batch-share 0.1] [--batch-size 20]
//              [--replay-share 0.1] [--dashboard-ms 5000] [--phones-per-session 25]
//              [--pid PID[,PID...]] [--warmup-share 0.2] [--max-rss-growth PCT]
//              [--json FILE] [--keys-out FILE] [--tz-minutes 480] [--threads 1] [--quiet] [--spread]
//
// What it does (the servers must hold the demo city: `serve --demo-if-empty`):
//   setup   signs in as admin, checkpoint, community and commander (password
//           Fangkong@2020; one session per `phones-per-session` phones, shared by
//           their connections as the phones of one duty post would share it);
//           finds the checkpoint user's checkpoints and the community user's gates,
//           issues household passes for the gates' households (admin), and starts
//           `rounds` home-observation periods today for free persons of the community
//           user's subtree (topped up from the whole city by the admin when it has too few);
//   load    `phones` keep-alive connections (a share `gate-share` at community gates,
//           the rest at checkpoints), each one request every ~think-ms (uniform
//           0.5–1.5×): a single record, or with `batch-share` a :batch of
//           `batch-size` new records, or with `replay-share` a replay of records it
//           had acknowledged before (a single resend must answer 200, a batch resend
//           "duplicate" for every record: a replay that creates anything is an error);
//           `dashboards` connections polling GET /api/v1/command/dashboard every
//           dashboard-ms with If-None-Match (200 or 304) and the day's passage list;
//           `rounds` observation cadres, each posting its period's round for today
//           once at a random moment of the run and resending it later (200).
//   report  requests and rate per kind, records acknowledged, p50/p90/p99/max per
//           route, errors by route and status (any answer other than 2xx/304 or an
//           expected duplicate, any connection failure), and with --pid the servers'
//           VmRSS sampled every second: the level after warm-up (the median over the tenth
//           of the run after warmup-share), at the end (the median over the last tenth), the
//           growth between those two, the peak and the value at every tenth; with one server
//           also its /metrics memory gauges every 5 s (malloc in use and free, SQLite's memory,
//           statements cached), the same way, to tell a leak from caches and the allocator.
//   --spread  checkpoint phones at every checkpoint and station of the city (admin sessions) instead
//           of the one station the demo's checkpoint user sees: no single hot rollup row.
//   --keys-out FILE  writes "passage|gate|round KEY" for every acknowledged record,
//           so a checker can count each key in the database (tests/reliability/load_check.sh).
//
// Exit status: 0 clean; 1 errors; 2 usage or setup failure; 3 RSS grew more than
// --max-rss-growth percent between the level after warm-up and the level at the end.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::awaitable;
using asio::use_awaitable;
using Json = nlohmann::json;
using Steady = std::chrono::steady_clock;

// ---- options ------------------------------------------------------------------

struct Options {
  std::vector<std::string> urls;
  double seconds = 60;
  int phones = 500, dashboards = 20, rounds = 50;
  int think_ms = 1000, dashboard_ms = 5000, batch_size = 20, phones_per_session = 25, threads = 1;
  double gate_share = 0.4, batch_share = 0.1, replay_share = 0.1, warmup_share = 0.2;
  double max_rss_growth = -1;
  std::vector<int> pids;
  std::string json_out, keys_out;
  int tz_minutes = 480;
  bool quiet = false;
  bool spread = false;  // checkpoint phones over every checkpoint and station of the city (admin sessions)
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("missing value after " + a);
      return argv[++i];
    };
    if (a == "--url") {
      for (auto& u : Split(next(), ',')) o.urls.push_back(u);
    } else if (a == "--seconds") o.seconds = std::stod(next());
    else if (a == "--phones") o.phones = std::stoi(next());
    else if (a == "--dashboards") o.dashboards = std::stoi(next());
    else if (a == "--rounds") o.rounds = std::stoi(next());
    else if (a == "--think-ms") o.think_ms = std::stoi(next());
    else if (a == "--dashboard-ms") o.dashboard_ms = std::stoi(next());
    else if (a == "--batch-size") o.batch_size = std::stoi(next());
    else if (a == "--phones-per-session") o.phones_per_session = std::max(1, std::stoi(next()));
    else if (a == "--threads") o.threads = std::max(1, std::stoi(next()));
    else if (a == "--gate-share") o.gate_share = std::stod(next());
    else if (a == "--batch-share") o.batch_share = std::stod(next());
    else if (a == "--replay-share") o.replay_share = std::stod(next());
    else if (a == "--warmup-share") o.warmup_share = std::stod(next());
    else if (a == "--max-rss-growth") o.max_rss_growth = std::stod(next());
    else if (a == "--pid") {
      for (auto& p : Split(next(), ',')) o.pids.push_back(std::stoi(p));
    } else if (a == "--json") o.json_out = next();
    else if (a == "--keys-out") o.keys_out = next();
    else if (a == "--tz-minutes") o.tz_minutes = std::stoi(next());
    else if (a == "--quiet") o.quiet = true;
    else if (a == "--spread") o.spread = true;
    else throw std::runtime_error("unknown option " + a);
  }
  if (o.urls.empty()) throw std::runtime_error("--url is required");
  return o;
}

struct Target {
  std::string host, port;
};
Target ParseUrl(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  if (auto slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(0, slash);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, "80"};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

// ---- statistics ---------------------------------------------------------------

struct Stats {
  std::mutex mu;
  std::map<std::string, std::vector<double>> latency_ms;       // route -> samples
  std::map<std::string, int64_t> requests;                     // kind -> requests
  std::map<std::string, int64_t> records;                      // kind -> records acknowledged (new)
  std::map<std::string, int64_t> replayed;                     // kind -> records answered as duplicates
  std::map<std::string, std::map<std::string, int64_t>> errors;  // route -> status -> count
  std::vector<std::string> error_samples;
  std::vector<std::pair<std::string, std::string>> keys;       // kind, key
  bool measuring = false;

  void Request(const std::string& kind, const std::string& route, double ms) {
    std::lock_guard lock(mu);
    if (!measuring) return;
    requests[kind]++;
    latency_ms[route].push_back(ms);
  }
  void Error(const std::string& route, const std::string& status, const std::string& detail) {
    std::lock_guard lock(mu);
    errors[route][status]++;
    if (error_samples.size() < 20) error_samples.push_back(route + " " + status + ": " + detail.substr(0, 300));
  }
  void Acked(const std::string& kind, const std::string& key) {
    std::lock_guard lock(mu);
    records[kind]++;
    keys.emplace_back(kind, key);
  }
  void Replayed(const std::string& kind, int64_t n) {
    std::lock_guard lock(mu);
    replayed[kind] += n;
  }
  int64_t ErrorCount() {
    std::lock_guard lock(mu);
    int64_t n = 0;
    for (auto& [r, m] : errors)
      for (auto& [s, c] : m) n += c;
    return n;
  }
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// ---- memory sampling ----------------------------------------------------------

int64_t RssKib(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

// The memory gauges of one server's /metrics (fangkong_process_resident_memory_bytes ...
// fangkong_sqlite_memory_bytes), by name without the "fangkong_" prefix; empty when unreachable.
std::map<std::string, double> MemoryGauges(const Target& t) {
  std::map<std::string, double> out;
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(asio::ip::tcp::resolver(io).resolve(t.host, t.port));
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/metrics", 11};
    req.set(bhttp::field::host, t.host);
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res);
    std::istringstream in(res.body());
    for (std::string line; std::getline(in, line);)
      for (const char* name : {"process_resident_memory_bytes", "malloc_in_use_bytes", "malloc_free_bytes",
                               "sqlite_memory_bytes", "db_statements_cached"})
        if (line.rfind(std::string("fangkong_") + name + " ", 0) == 0)
          out[name] = std::stod(line.substr(line.find(' ') + 1));
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

struct MemorySampler {
  std::vector<int> pids;
  std::vector<std::vector<std::pair<double, int64_t>>> samples;  // per pid: (seconds since start, KiB)
  // With one server: its /metrics memory gauges every 5 s, to tell a leak from caches.
  std::optional<Target> metrics_from;
  std::vector<std::pair<double, std::map<std::string, double>>> gauges;
  std::atomic<bool> stop{false};
  std::thread thread;

  void Start(Steady::time_point t0) {
    samples.resize(pids.size());
    thread = std::thread([this, t0] {
      for (int tick = 0; !stop; ++tick) {
        double t = std::chrono::duration<double>(Steady::now() - t0).count();
        for (size_t i = 0; i < pids.size(); ++i)
          if (int64_t kib = RssKib(pids[i]); kib >= 0) samples[i].emplace_back(t, kib);
        if (metrics_from && tick % 5 == 0)
          if (auto g = MemoryGauges(*metrics_from); !g.empty()) gauges.emplace_back(t, std::move(g));
        for (int k = 0; k < 10 && !stop; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  void Stop() {
    stop = true;
    if (thread.joinable()) thread.join();
  }
};

// ---- HTTP client --------------------------------------------------------------

struct Reply {
  int status = 0;  // 0: connection failure
  std::string body, etag, error;
};

// One keep-alive connection; reconnects after a failure. Requests are sequential.
class Conn {
 public:
  Conn(asio::io_context& io, Target t) : io_(io), target_(std::move(t)), stream_(io) {}

  // Parameters by value: a coroutine keeps its own copies (g++ 12 mishandles some temporaries bound to references).
  awaitable<Reply> Send(bhttp::verb verb, std::string path, std::string token, std::string body,
                        std::string if_none_match) {
    Reply out;
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!open_) {
          asio::ip::tcp::resolver resolver(io_);
          auto results = co_await resolver.async_resolve(target_.host, target_.port, use_awaitable);
          stream_.expires_after(std::chrono::seconds(30));
          co_await stream_.async_connect(results, use_awaitable);
          stream_.socket().set_option(asio::ip::tcp::no_delay(true));
          open_ = true;
          fresh_ = true;
        }
        bhttp::request<bhttp::string_body> req{verb, path, 11};
        req.set(bhttp::field::host, target_.host);
        req.set(bhttp::field::user_agent, "fangkong-mixed-load");
        req.keep_alive(true);
        if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
        if (!if_none_match.empty()) req.set(bhttp::field::if_none_match, if_none_match);
        if (verb != bhttp::verb::get) {
          req.set(bhttp::field::content_type, "application/json");
          req.body() = body;
        }
        req.prepare_payload();
        stream_.expires_after(std::chrono::seconds(30));
        co_await bhttp::async_write(stream_, req, use_awaitable);
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        co_await bhttp::async_read(stream_, buffer_, parser, use_awaitable);
        auto res = parser.release();
        out.status = static_cast<int>(res.result_int());
        out.body = std::move(res.body());
        if (auto it = res.find(bhttp::field::etag); it != res.end()) out.etag = std::string(it->value());
        if (!res.keep_alive()) Close();
        fresh_ = false;
        co_return out;
      } catch (const std::exception& e) {
        bool was_reused = open_ && !fresh_;
        Close();
        out.status = 0;
        out.error = e.what();
        // A keep-alive connection the server (or the balancer) closed while idle: one retry on a new
        // connection, as browsers and phones do. Only for a connection that had served a request.
        if (!was_reused) co_return out;
      }
    }
    co_return out;
  }

 private:
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    stream_.close();
    buffer_.clear();
    open_ = false;
  }
  asio::io_context& io_;
  Target target_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool open_ = false, fresh_ = false;
};

// ---- the city -----------------------------------------------------------------

struct GatePass {
  int64_t point_id;
  std::string qr_text;
  std::vector<int64_t> persons;
};

struct City {
  std::vector<int64_t> checkpoints;
  std::vector<GatePass> gate_passes;
  std::vector<int64_t> periods;
  std::vector<std::string> period_tokens;  // who records each period's rounds
  std::vector<std::string> checkpoint_tokens, community_tokens, commander_tokens;
  std::string today;  // YYYY-MM-DD in the city's time zone
};

std::string LocalDay(int tz_minutes) {
  std::time_t t = std::time(nullptr) + tz_minutes * 60;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string NowRfc3339(int minus_ms) {
  auto now = std::chrono::system_clock::now() - std::chrono::milliseconds(minus_ms);
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Plate(std::mt19937_64& rng) {
  static const char* kChars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string tail;
  for (int i = 0; i < 5; ++i) tail += kChars[rng() % 34];
  return "豫K" + tail;
}

Json PassageRecord(std::mt19937_64& rng, int64_t point) {
  bool fever = rng() % 50 == 0;
  bool hubei = rng() % 10 == 0;
  return {{"client_key", fk::NewUuidV7()},
          {"point_id", point},
          {"vehicle_kind", "car"},
          {"plate", Plate(rng)},
          {"direction", rng() % 2 ? "in" : "out"},
          {"occupants", Json::array({{{"temperature", fever ? 38.2 : 36.5}}, {{"temperature", 36.8}}})},
          {"origin", hubei ? Json{{"code", "420100"}, {"name", "湖北省武汉市"}} : Json{{"code", "410100"}, {"name", "河南省郑州市"}}},
          {"destination", "mixed-load"},
          {"purpose", "transit"},
          {"device_time", NowRfc3339(1000)}};
}

Json GateRecord(std::mt19937_64& rng, const GatePass& p) {
  return {{"client_key", fk::NewUuidV7()},
          {"point_id", p.point_id},
          {"direction", rng() % 2 ? "in" : "out"},
          {"temperature", rng() % 50 == 0 ? 37.6 : 36.5},
          {"person_id", p.persons[rng() % p.persons.size()]},
          {"token", p.qr_text},
          {"device_time", NowRfc3339(1000)}};
}

// ---- the actors ---------------------------------------------------------------

struct Shared {
  Options opt;
  City city;
  Stats stats;
  Steady::time_point measure_from, deadline;
  std::atomic<int> running{0};
};

double Ms(Steady::time_point a) { return std::chrono::duration<double, std::milli>(Steady::now() - a).count(); }

// Sleeps ms, but never past the end of the run.
awaitable<void> Sleep(int ms, Steady::time_point deadline) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_at(std::min(Steady::now() + std::chrono::milliseconds(std::max(0, ms)), deadline));
  co_await t.async_wait(use_awaitable);
}

// A request whose answer must be `want` (or `also`); returns the reply, records errors.
// (No initializer_list parameters in these coroutines: g++ 12 cannot keep their arrays in the frame.)
awaitable<Reply> Call(Shared& s, Conn& c, std::string kind, std::string route, bhttp::verb verb, std::string path,
                      std::string token, std::string body, int want, int also = -1, std::string inm = std::string()) {
  auto t0 = Steady::now();
  Reply r = co_await c.Send(verb, path, token, body, inm);
  s.stats.Request(kind, route, Ms(t0));
  if (r.status == 0) {
    s.stats.Error(route, "connection", r.error);
  } else if (r.status != want && r.status != also) {
    s.stats.Error(route, std::to_string(r.status), r.body);
  }
  co_return r;
}

// A phone at a checkpoint or a community gate.
awaitable<void> Phone(Shared& s, Conn& conn, int index, bool gate) {
  std::mt19937_64 rng(0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(index + 1));
  std::uniform_real_distribution<double> u(0, 1);
  const auto& opt = s.opt;
  const std::string kind = gate ? "gate" : "passage";
  const std::string base = gate ? "/api/v1/residents/gate-events" : "/api/v1/screening/passages";
  const auto& tokens = gate ? s.city.community_tokens : s.city.checkpoint_tokens;
  const std::string token = tokens[static_cast<size_t>(index / opt.phones_per_session) % tokens.size()];
  int64_t point = gate ? 0 : s.city.checkpoints[static_cast<size_t>(index) % s.city.checkpoints.size()];
  const GatePass* pass = gate ? &s.city.gate_passes[static_cast<size_t>(index) % s.city.gate_passes.size()] : nullptr;
  std::vector<Json> acked;  // this phone's acknowledged records, for replays
  auto make = [&] { return gate ? GateRecord(rng, *pass) : PassageRecord(rng, point); };

  co_await Sleep(static_cast<int>(u(rng) * opt.think_ms), s.deadline);  // stagger the start
  while (Steady::now() < s.deadline) {
    double pick = u(rng);
    if (pick < opt.replay_share && !acked.empty()) {
      // A replay: the phone lost the answer (or went offline) and resends what the server had acknowledged.
      if (u(rng) < 0.5) {
        const Json& rec = acked[rng() % acked.size()];
        Reply r = co_await Call(s, conn, kind + "_replay", "POST " + base + " (replay)", bhttp::verb::post, base, token,
                                rec.dump(), 200);
        if (r.status == 200) s.stats.Replayed(kind, 1);
      } else {
        Json records = Json::array();
        size_t n = std::min<size_t>(static_cast<size_t>(opt.batch_size), acked.size());
        for (size_t i = 0; i < n; ++i) records.push_back(acked[rng() % acked.size()]);
        Json batch = Json::object();
        batch["records"] = std::move(records);
        Reply r = co_await Call(s, conn, kind + "_replay", "POST " + base + ":batch (replay)", bhttp::verb::post,
                                base + ":batch", token, batch.dump(), 200);
        if (r.status == 200) {
          int64_t dup = 0;
          // Parsed into a variable: a range-for over a member of a temporary reads freed memory (ASan).
          const Json answer = Json::parse(r.body);
          for (const auto& x : answer["results"]) {
            if (x.value("status", std::string()) == "duplicate") ++dup;
            else s.stats.Error("POST " + base + ":batch (replay)", "replay_" + x.value("status", std::string("?")), x.dump());
          }
          s.stats.Replayed(kind, dup);
        }
      }
    } else if (pick < opt.replay_share + opt.batch_share) {
      Json records = Json::array();
      for (int i = 0; i < opt.batch_size; ++i) records.push_back(make());
      Json batch = Json::object();
      batch["records"] = records;
      Reply r = co_await Call(s, conn, kind + "_batch", "POST " + base + ":batch", bhttp::verb::post, base + ":batch", token,
                              batch.dump(), 200);
      if (r.status == 200) {
        auto results = Json::parse(r.body)["results"];
        for (size_t i = 0; i < results.size(); ++i) {
          std::string st = results[i].value("status", std::string());
          std::string key = results[i].value("client_key", std::string());
          if (st == "created") {
            s.stats.Acked(kind, key);
            for (const auto& rec : records)
              if (rec["client_key"] == key) acked.push_back(rec);
          } else {
            s.stats.Error("POST " + base + ":batch", "record_" + st, results[i].dump());
          }
        }
      }
    } else {
      Json rec = make();
      Reply r = co_await Call(s, conn, kind, "POST " + base, bhttp::verb::post, base, token, rec.dump(), 201);
      if (r.status == 201) {
        s.stats.Acked(kind, rec["client_key"].get<std::string>());
        acked.push_back(std::move(rec));
      }
    }
    if (acked.size() > 200) acked.erase(acked.begin(), acked.begin() + 100);
    co_await Sleep(static_cast<int>(opt.think_ms * (0.5 + u(rng))), s.deadline);
  }
}

// The command centre's dashboard page: polls every dashboard_ms with If-None-Match, and the day's passages.
awaitable<void> Dashboard(Shared& s, Conn& conn, int index) {
  std::mt19937_64 rng(static_cast<uint64_t>(index) * 7919 + 17);
  const std::string token = s.city.commander_tokens[static_cast<size_t>(index) % s.city.commander_tokens.size()];
  std::string etag;
  co_await Sleep(static_cast<int>(rng() % static_cast<uint64_t>(std::max(1, s.opt.dashboard_ms))), s.deadline);
  while (Steady::now() < s.deadline) {
    Reply r = co_await Call(s, conn, "dashboard", "GET /api/v1/command/dashboard", bhttp::verb::get,
                            "/api/v1/command/dashboard", token, "", 200, 304, etag);
    if (r.status == 200) etag = r.etag;
    co_await Call(s, conn, "dashboard", "GET /api/v1/screening/passages?from=today", bhttp::verb::get,
                  "/api/v1/screening/passages?page_size=20&from=" + s.city.today, token, "", 200);
    co_await Sleep(s.opt.dashboard_ms, s.deadline);
  }
}

// An observation cadre: today's round for one period at a random moment, then a resend of it.
awaitable<void> Cadre(Shared& s, Conn& conn, int index) {
  std::mt19937_64 rng(static_cast<uint64_t>(index) * 104729 + 3);
  const std::string token = s.city.period_tokens[static_cast<size_t>(index)];
  double run_ms = std::chrono::duration<double, std::milli>(s.deadline - Steady::now()).count();
  co_await Sleep(static_cast<int>(run_ms * 0.6 * static_cast<double>(rng() % 1000) / 1000.0), s.deadline);
  std::string key = fk::NewUuidV7();
  Json body = {{"client_key", key},
               {"period_id", s.city.periods[static_cast<size_t>(index)]},
               {"temperature", 36.6},
               {"symptoms", {"none"}},
               {"note", "mixed-load"}};
  const std::string path = "/api/v1/residents/observation/rounds";
  Reply r = co_await Call(s, conn, "round", "POST " + path, bhttp::verb::post, path, token, body.dump(), 201);
  if (r.status != 201) co_return;
  s.stats.Acked("round", key);
  co_await Sleep(static_cast<int>(run_ms * 0.3 * static_cast<double>(rng() % 1000) / 1000.0), s.deadline);
  if (Steady::now() >= s.deadline) co_return;
  Reply again = co_await Call(s, conn, "round_replay", "POST " + path + " (replay)", bhttp::verb::post, path, token,
                              body.dump(), 200);
  if (again.status == 200) s.stats.Replayed("round", 1);
}

// ---- setup --------------------------------------------------------------------

struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

awaitable<Json> MustJson(Conn& c, bhttp::verb verb, std::string path, std::string token, Json body, int want) {
  std::string text;
  if (!body.is_null()) text = body.dump();
  Reply r = co_await c.Send(verb, path, token, text, std::string());
  if (r.status != want)
    throw SetupError(std::string(bhttp::to_string(verb)) + " " + path + ": HTTP " + std::to_string(r.status) + " " +
                     r.body.substr(0, 400) + r.error);
  co_return Json::parse(r.body);
}

awaitable<std::string> Login(Conn& c, std::string user) {
  Json body = Json::object();
  body["username"] = user;
  body["password"] = "Fangkong@2020";
  Json j = co_await MustJson(c, bhttp::verb::post, "/api/v1/auth/login", "", body, 200);
  co_return j["token"].get<std::string>();
}

awaitable<void> Setup(Shared& s, Conn& c) {
  auto& city = s.city;
  const auto& opt = s.opt;
  city.today = LocalDay(opt.tz_minutes);
  std::string admin = co_await Login(c, "admin");
  int phone_sessions = std::max(1, (opt.phones + opt.phones_per_session - 1) / opt.phones_per_session);
  for (int i = 0; i < phone_sessions; ++i) {
    city.checkpoint_tokens.push_back(co_await Login(c, "checkpoint"));
    city.community_tokens.push_back(co_await Login(c, "community"));
  }
  for (int i = 0; i < std::max(1, std::min(opt.dashboards, 4)); ++i) city.commander_tokens.push_back(co_await Login(c, "commander"));

  if (opt.spread) {
    // Every checkpoint and station of the city: the admin's sessions stand in for the towns' duty posts.
    city.checkpoint_tokens.clear();
    for (int i = 0; i < phone_sessions; ++i) city.checkpoint_tokens.push_back(co_await Login(c, "admin"));
  }
  Json points = co_await MustJson(c, bhttp::verb::get, "/api/v1/org/points?page_size=500", city.checkpoint_tokens[0], nullptr, 200);
  for (const auto& p : points["items"])
    if (p.value("kind", std::string()) != "community_gate") city.checkpoints.push_back(p["id"].get<int64_t>());
  if (city.checkpoints.empty()) throw SetupError("the checkpoint user sees no checkpoint or station");

  Json gates = co_await MustJson(c, bhttp::verb::get, "/api/v1/org/points?page_size=500", city.community_tokens[0], nullptr, 200);
  for (const auto& g : gates["items"]) {
    if (g.value("kind", std::string()) != "community_gate") continue;
    int64_t point = g["id"].get<int64_t>(), unit = g["unit_id"].get<int64_t>();
    Json hs = co_await MustJson(c, bhttp::verb::get,
                                "/api/v1/residents/passes:households?page_size=100&unit_id=" + std::to_string(unit), admin,
                                nullptr, 200);
    std::vector<int64_t> ids;
    std::map<int64_t, std::vector<int64_t>> members;
    for (const auto& h : hs["items"]) {
      if (h["members"].empty()) continue;
      int64_t id = h["id"].get<int64_t>();
      ids.push_back(id);
      for (const auto& m : h["members"]) members[id].push_back(m["id"].get<int64_t>());
      if (ids.size() >= 20) break;
    }
    if (ids.empty()) continue;
    Json issue = Json::object();
    issue["household_ids"] = ids;
    Json issued = co_await MustJson(c, bhttp::verb::post, "/api/v1/residents/passes:issue", admin, issue, 201);
    for (const auto& p : issued["items"]) {
      int64_t h = p["household_id"].get<int64_t>();
      if (!members[h].empty()) city.gate_passes.push_back({point, p["qr_text"].get<std::string>(), members[h]});
    }
  }
  if (city.gate_passes.empty() && opt.gate_share > 0) throw SetupError("no gate pass could be issued in the community user's subtree");

  if (opt.rounds > 0) {
    // Free persons of the community user's subtree first (its cadres record the rounds); when there are
    // fewer than `rounds`, the rest from the whole city, started and recorded by the admin.
    std::set<int64_t> used;
    const std::vector<std::string> setters = {city.community_tokens[0], admin};
    for (const std::string& who : setters) {
      if (static_cast<int>(city.periods.size()) >= opt.rounds) break;
      // The candidates list answers at most 50 persons: ask unit by unit.
      Json units = co_await MustJson(c, bhttp::verb::get, "/api/v1/org/units?page_size=500", who, nullptr, 200);
      for (const auto& u : units["items"]) {
        if (static_cast<int>(city.periods.size()) >= opt.rounds) break;
        Json cands = co_await MustJson(c, bhttp::verb::get,
                                       "/api/v1/residents/observation/candidates?unit_id=" + std::to_string(u["id"].get<int64_t>()),
                                       who, nullptr, 200);
        for (const auto& cand : cands["items"]) {
          if (static_cast<int>(city.periods.size()) >= opt.rounds) break;
          int64_t person = cand["person_id"].get<int64_t>();
          if (!cand["active_period_id"].is_null() || !used.insert(person).second) continue;
          Json start = Json::object();
          start["person_id"] = person;
          start["reason"] = "close_contact";
          start["start_day"] = city.today;
          Json p = co_await MustJson(c, bhttp::verb::post, "/api/v1/residents/observation/periods", who, start, 201);
          city.periods.push_back(p["id"].get<int64_t>());
          city.period_tokens.push_back(who);
        }
      }
    }
    if (static_cast<int>(city.periods.size()) < opt.rounds)
      throw SetupError("only " + std::to_string(city.periods.size()) + " free persons for " + std::to_string(opt.rounds) +
                       " observation periods");
  }
}

// ---- report -------------------------------------------------------------------

Json Report(Shared& s, MemorySampler& mem, double seconds) {
  auto& st = s.stats;
  std::lock_guard lock(st.mu);
  Json j;
  j["seconds"] = seconds;
  j["urls"] = s.opt.urls;
  j["phones"] = s.opt.phones;
  j["dashboards"] = s.opt.dashboards;
  j["rounds"] = s.opt.rounds;
  j["think_ms"] = s.opt.think_ms;
  for (auto& [kind, n] : st.requests) j["requests"][kind] = {{"count", n}, {"per_second", static_cast<double>(n) / seconds}};
  for (const char* kind : {"passage", "gate", "round"}) {
    int64_t n = st.records.count(kind) ? st.records[kind] : 0;
    j["records"][kind] = {{"acknowledged", n},
                          {"per_second", static_cast<double>(n) / seconds},
                          {"replayed_as_duplicate", st.replayed.count(kind) ? st.replayed[kind] : 0}};
  }
  for (auto& [route, v] : st.latency_ms) {
    std::sort(v.begin(), v.end());
    j["latency_ms"][route] = {{"count", v.size()},        {"p50", Percentile(v, 0.5)}, {"p90", Percentile(v, 0.9)},
                              {"p99", Percentile(v, 0.99)}, {"max", v.empty() ? 0 : v.back()}};
  }
  int64_t errors = 0;
  j["errors"] = Json::object();
  for (auto& [route, m] : st.errors)
    for (auto& [status, n] : m) {
      j["errors"][route][status] = n;
      errors += n;
    }
  j["error_count"] = errors;
  j["error_samples"] = st.error_samples;
  // Memory levels: the median of the samples over the tenth of the run that follows warm-up, and
  // over the last tenth. A single sample moves with the requests in flight at that moment (a few
  // MiB under 500 phones); a median over a minute does not, so the growth between the two levels
  // is a climb, not the moment's noise. Also the value at every tenth, to see the curve.
  const double warm_at = s.opt.warmup_share * seconds, tenth = seconds / 10;
  auto levels = [&](const std::vector<std::pair<double, double>>& smp, double scale) {
    auto median = [&](double from, double to) {
      std::vector<double> v;
      for (const auto& [t, x] : smp)
        if (t >= from && t <= to) v.push_back(x);
      if (v.empty()) return smp.back().second;
      std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
      return v[v.size() / 2];
    };
    auto round1 = [&](double x) { return std::round(x / scale * 10) / 10; };
    double warm = median(warm_at, warm_at + tenth), end = median(seconds - tenth, seconds), peak = 0;
    for (const auto& [t, x] : smp) peak = std::max(peak, x);
    Json tenths = Json::array();
    for (int k = 1; k <= 10; ++k) {
      double at = smp.front().second;
      for (const auto& [t, x] : smp)
        if (t <= seconds * k / 10) at = x;
      tenths.push_back(round1(at));
    }
    return Json{{"warm", round1(warm)}, {"end", round1(end)}, {"peak", round1(peak)}, {"last", round1(smp.back().second)},
                {"growth_pct", warm > 0 ? std::round(1000.0 * (end - warm) / warm) / 10 : 0.0}, {"by_tenth", tenths}};
  };
  for (size_t i = 0; i < mem.pids.size(); ++i) {
    Json m = {{"pid", mem.pids[i]}, {"samples", mem.samples[i].size()}, {"warm_at_s", warm_at}, {"tenth_s", tenth}};
    if (!mem.samples[i].empty()) {
      std::vector<std::pair<double, double>> smp;
      for (const auto& [t, kib] : mem.samples[i]) smp.emplace_back(t, static_cast<double>(kib));
      m["rss_mib"] = levels(smp, 1024);
    }
    j["memory"].push_back(m);
  }
  if (!mem.gauges.empty()) {
    Json g = Json::object();
    for (const auto& [name, first] : mem.gauges.front().second) {
      std::vector<std::pair<double, double>> smp;
      for (const auto& [t, m] : mem.gauges)
        if (m.count(name)) smp.emplace_back(t, m.at(name));
      const bool bytes = name.ends_with("_bytes");
      g[name] = levels(smp, bytes ? 1024.0 * 1024 : 1);
      g[name]["unit"] = bytes ? "MiB" : "count";
    }
    j["server_memory"] = g;
  }
  return j;
}

void Print(const Json& j) {
  std::printf("mixed_load: %.0f s, %d phones, %d dashboards, %d rounds against %s\n", j["seconds"].get<double>(),
              j["phones"].get<int>(), j["dashboards"].get<int>(), j["rounds"].get<int>(), j["urls"].dump().c_str());
  std::printf("%-22s %10s %10s\n", "kind", "requests", "req/s");
  if (j.contains("requests"))
    for (auto& [kind, r] : j["requests"].items())
      std::printf("%-22s %10lld %10.1f\n", kind.c_str(), static_cast<long long>(r["count"].get<int64_t>()), r["per_second"].get<double>());
  std::printf("%-22s %12s %10s %12s\n", "records", "acknowledged", "per s", "replayed/dup");
  for (auto& [kind, r] : j["records"].items())
    std::printf("%-22s %12lld %10.1f %12lld\n", kind.c_str(), static_cast<long long>(r["acknowledged"].get<int64_t>()),
                r["per_second"].get<double>(), static_cast<long long>(r["replayed_as_duplicate"].get<int64_t>()));
  std::printf("%-58s %8s %8s %8s %8s %8s\n", "route (latency ms)", "n", "p50", "p90", "p99", "max");
  if (j.contains("latency_ms"))
    for (auto& [route, l] : j["latency_ms"].items())
      std::printf("%-58s %8lld %8.1f %8.1f %8.1f %8.1f\n", route.c_str(), static_cast<long long>(l["count"].get<int64_t>()),
                  l["p50"].get<double>(), l["p90"].get<double>(), l["p99"].get<double>(), l["max"].get<double>());
  auto level_line = [](const char* what, const char* unit, const Json& l) {
    std::printf("  %-32s %s: after warm-up %g, at the end %g (%+.1f %%), peak %g, last %g; by tenth %s\n", what, unit,
                l["warm"].get<double>(), l["end"].get<double>(), l["growth_pct"].get<double>(), l["peak"].get<double>(),
                l["last"].get<double>(), l["by_tenth"].dump().c_str());
  };
  if (j.contains("memory"))
    for (const auto& m : j["memory"])
      if (m.contains("rss_mib")) {
        std::printf("server pid %d memory, medians over %.0f s after warm-up (%.0f s) and over the last %.0f s:\n",
                    m["pid"].get<int>(), m["tenth_s"].get<double>(), m["warm_at_s"].get<double>(),
                    m["tenth_s"].get<double>());
        level_line("RSS (VmRSS)", "MiB", m["rss_mib"]);
      }
  if (j.contains("server_memory"))
    for (const auto& [name, g] : j["server_memory"].items())
      level_line(name.c_str(), g["unit"].get<std::string>().c_str(), g);
  std::printf("errors: %lld %s\n", static_cast<long long>(j["error_count"].get<int64_t>()), j["errors"].dump().c_str());
  for (const auto& e : j["error_samples"]) std::printf("  %s\n", e.get<std::string>().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Shared s;
  try {
    s.opt = Parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "mixed_load: " << e.what() << "\n(see the head of bench/mixed_load.cpp for the options)\n";
    return 2;
  }
  const auto& opt = s.opt;
  std::vector<Target> targets;
  for (const auto& u : opt.urls) targets.push_back(ParseUrl(u));

  asio::io_context io;
  // Setup through the first URL.
  {
    Conn c(io, targets[0]);
    std::string failure;
    asio::co_spawn(io, Setup(s, c), [&](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        failure = x.what();
      }
    });
    io.run();
    io.restart();
    if (!failure.empty()) {
      std::cerr << "mixed_load: setup failed: " << failure << "\n";
      return 2;
    }
  }
  if (!opt.quiet)
    std::fprintf(stderr, "mixed_load: %zu checkpoints, %zu gate passes, %zu observation periods; day %s\n",
                 s.city.checkpoints.size(), s.city.gate_passes.size(), s.city.periods.size(), s.city.today.c_str());

  std::vector<std::unique_ptr<Conn>> conns;
  auto conn_for = [&](int i) -> Conn& {
    conns.push_back(std::make_unique<Conn>(io, targets[static_cast<size_t>(i) % targets.size()]));
    return *conns.back();
  };
  auto t0 = Steady::now();
  s.measure_from = t0;
  s.deadline = t0 + std::chrono::milliseconds(static_cast<int64_t>(opt.seconds * 1000));
  s.stats.measuring = true;
  MemorySampler mem;
  mem.pids = opt.pids;
  if (opt.pids.size() == 1 && targets.size() == 1) mem.metrics_from = targets[0];
  mem.Start(t0);

  int n_gate = static_cast<int>(std::lround(opt.phones * opt.gate_share));
  int actor = 0;
  auto spawn = [&](awaitable<void> a) {
    asio::co_spawn(io, std::move(a), [&](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        s.stats.Error("actor", "exception", x.what());
      }
    });
  };
  for (int i = 0; i < opt.phones; ++i, ++actor) spawn(Phone(s, conn_for(actor), i, i < n_gate));
  for (int i = 0; i < opt.dashboards; ++i, ++actor) spawn(Dashboard(s, conn_for(actor), i));
  for (int i = 0; i < opt.rounds; ++i, ++actor) spawn(Cadre(s, conn_for(actor), i));

  std::atomic<bool> done{false};
  std::thread progress([&] {
    if (opt.quiet) return;
    int tick = 0;
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      if (++tick % 20 == 0) {
        int64_t req = 0;
        {
          std::lock_guard lock(s.stats.mu);
          for (auto& [k, n] : s.stats.requests) req += n;
        }
        std::fprintf(stderr, "mixed_load: %.0f s, %lld requests, %lld errors\n",
                     std::chrono::duration<double>(Steady::now() - t0).count(), static_cast<long long>(req),
                     static_cast<long long>(s.stats.ErrorCount()));
      }
    }
  });
  std::vector<std::thread> workers;
  for (int i = 1; i < opt.threads; ++i) workers.emplace_back([&] { io.run(); });
  io.run();
  for (auto& w : workers) w.join();
  done = true;
  progress.join();
  double seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  mem.Stop();

  Json report = Report(s, mem, seconds);
  if (!opt.quiet || report["error_count"].get<int64_t>() > 0) Print(report);
  if (!opt.json_out.empty()) std::ofstream(opt.json_out) << report.dump(2) << "\n";
  if (!opt.keys_out.empty()) {
    std::ofstream out(opt.keys_out);
    for (const auto& [kind, key] : s.stats.keys) out << kind << " " << key << "\n";
  }
  if (report["error_count"].get<int64_t>() > 0) return 1;
  if (opt.max_rss_growth >= 0)
    for (const auto& m : report["memory"])
      if (m.contains("rss_mib") && m["rss_mib"]["growth_pct"].get<double>() > opt.max_rss_growth) {
        std::printf("mixed_load: RSS of pid %d grew %.1f %% after warm-up (limit %.1f %%)\n", m["pid"].get<int>(),
                    m["rss_mib"]["growth_pct"].get<double>(), opt.max_rss_growth);
        return 3;
      }
  return 0;
}
