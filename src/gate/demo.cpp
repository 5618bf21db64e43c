#include "gate/demo.h"

#include <chrono>
#include <map>
#include <random>

#include "core/clock.h"
#include "core/ids.h"

#include <spdlog/spdlog.h>

namespace fk::gate {

GateDemoStats LoadGateDemo(GateService& svc, fk::store::Database& db, const auth::Principal& root,
                           const std::vector<residents::DemoHouseholdRef>& households) {
  GateDemoStats stats;
  if (households.empty()) return stats;
  auto t0 = std::chrono::steady_clock::now();
  auth::Actor system{root.user_id, "demo", "", ""};
  // The community gate of each unit path (a household belongs to the nearest gate above it).
  std::vector<std::pair<std::string, int64_t>> gates;  // unit path, point id
  std::map<int64_t, std::string> unit_paths;
  db.Read([&](fk::store::Connection& c) {
    for (const auto& r : c.Query("SELECT u.path, p.id FROM points p JOIN units u ON u.id = p.unit_id "
                                 "WHERE p.kind = 'community_gate' AND p.active = 1 ORDER BY p.id")
                             .rows)
      gates.push_back({r.Text(0), r.Int(1)});
    for (const auto& r : c.Query("SELECT id, path FROM units").rows) unit_paths[r.Int(0)] = r.Text(1);
  });
  std::vector<int64_t> ids;
  for (const auto& h : households) ids.push_back(h.household_id);
  auto issued = svc.Issue(root, system, ids, {});
  stats.passes = static_cast<int>(issued.size());
  std::map<int64_t, std::string> token_of;
  for (const auto& i : issued) token_of[i.pass.household_id] = i.qr_text;

  std::mt19937 rng(20200210);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<EventInput> batch;
  auto flush = [&] {
    if (batch.empty()) return;
    for (const auto& r : svc.RecordBatch(root, batch))
      if (r.status == "created") ++stats.events;
    batch.clear();
  };
  auto event = [&](int64_t point, const std::string& dir, int64_t at, int temp) {
    EventInput in;
    in.client_key = NewUuidV7();
    in.point_id = point;
    in.direction = dir;
    in.temperature = temp;
    in.device_time_ms = at;
    return in;
  };
  const int64_t kHour = 3600'000;
  for (const char* day : {"2020-02-10", "2020-02-11", "2020-02-12", "2020-02-13"}) {
    int64_t midnight = DayStartUtcMs(day, svc.tz_offset_minutes());
    for (const auto& h : households) {
      std::string path = unit_paths[h.unit_id];
      int64_t point = 0;
      for (const auto& [gp, id] : gates)
        if (path.rfind(gp, 0) == 0) point = id;
      if (!point || h.persons.empty() || !chance(0.55)) continue;
      int64_t who = h.persons[static_cast<size_t>(pick(0, static_cast<int>(h.persons.size()) - 1))];
      int64_t out_at = midnight + pick(7, 16) * kHour + pick(0, 59) * 60'000;
      // No fevers: the demo's 27 fever cases are the checkpoints' (the screening figures and their tests).
      bool fever = false;
      EventInput e = event(point, "out", out_at, fever ? 376 + pick(0, 12) : 358 + pick(0, 12));
      e.token = token_of[h.household_id];
      e.person_id = who;
      batch.push_back(e);
      if (fever) continue;
      // Most come back within the rule; a few stay out too long.
      int64_t back = out_at + (chance(0.05) ? pick(5, 7) * kHour : pick(40, 200) * 60'000);
      EventInput r = event(point, "in", back, 360 + pick(0, 10));
      r.token = token_of[h.household_id];
      r.person_id = who;
      batch.push_back(r);
      // Someone else of the household tries later the same day: the quota is used.
      if (h.persons.size() > 1 && chance(0.08)) {
        int64_t other = h.persons[(static_cast<size_t>(pick(0, 100)) % (h.persons.size() - 1)) + 1];
        EventInput q = event(point, "out", out_at + pick(30, 120) * 60'000, 362);
        q.token = token_of[h.household_id];
        q.person_id = other == who ? h.persons[0] : other;
        batch.push_back(q);
      }
    }
    // A few outsiders and visitors each day at each gate.
    for (const auto& [gp, point] : gates) {
      for (int i = 0; i < 2; ++i) {
        EventInput o = event(point, "in", midnight + pick(8, 18) * kHour, 362 + pick(0, 8));
        o.short_code = "ZZZZZZZZ";  // no such pass: an outsider
        batch.push_back(o);
      }
    }
    flush();
  }
  spdlog::info("gate demo: {} passes, {} events in {} ms", stats.passes, stats.events,
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  return stats;
}

}  // namespace fk::gate
