#include "observation/demo.h"

#include <string>
#include <vector>

#include "core/clock.h"
#include "observation/rules.h"
#include "observation/store.h"
#include "residents/daily.h"
#include "screening/store.h"

namespace fk::observation {
namespace {

using fk::store::Connection;
using residents::Daily;

constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute;
constexpr const char* kLastDay = "2020-02-13";  // the demo's "today"

struct DemoPerson {
  int64_t id, household_id, unit_id;
  std::string name, unit_path, returned_on;
  bool returned;
};

int64_t At(const std::string& day, int64_t offset) { return DayStartUtcMs(day) + offset; }

}  // namespace

DemoObservationTotals LoadObservationDemo(fk::store::Database& db, int64_t admin_id) {
  DemoObservationTotals out;
  db.Write([&](Connection& c) {
    int64_t community_id = admin_id;
    std::string community_path = "-";
    if (auto r = c.QueryOne("SELECT u.id, n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = ?",
                            {"community"})) {
      community_id = r->Int(0);
      community_path = r->Text(1);
    }
    std::vector<DemoPerson> persons;
    for (const auto& r : c.Query("SELECT p.id, p.household_id, p.unit_id, p.name, n.path, p.returned, p.returned_on "
                                 "FROM persons p JOIN units n ON n.id = p.unit_id WHERE p.active = 1 ORDER BY p.id")
                             .rows)
      persons.push_back({r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(6), r.Bool(5)});
    auto cadre_of = [&](const DemoPerson& p) {
      return p.unit_path.rfind(community_path, 0) == 0 ? community_id : admin_id;
    };
    auto new_period = [&](const DemoPerson& p, const std::string& reason, const std::string& start, const std::string& note) {
      Period period;
      period.person_id = p.id;
      period.household_id = p.household_id;
      period.unit_id = p.unit_id;
      period.reason = reason;
      period.start_day = start;
      period.length_days = 14;
      period.end_day = EndDay(start, 14);
      period.cadre_id = cadre_of(p);
      period.note = note;
      period.started_by = period.cadre_id;
      period.started_at = At(start, 10 * kHour);
      period.id = store::InsertPeriod(c, period, "");
      return period;
    };
    int64_t j = 0;  // every round made, for the deterministic choices below
    auto new_round = [&](const Period& period, const std::string& day, const std::string& status) {
      Round r;
      r.period_id = period.id;
      r.person_id = period.person_id;
      r.unit_id = period.unit_id;
      r.cadre_id = period.cadre_id;
      r.day = day;
      r.status = status;
      r.created_at = At(day, 0);
      if (status == "done") {
        bool self = j % 5 == 2;
        r.source = self ? "self" : "cadre";
        r.temperature = 361 + static_cast<int>((j * 7) % 8);
        r.symptoms = {"none"};
        r.recorded_at = At(day, 8 * kHour + (j % 24) * 15 * kMinute);
        if (!self) r.recorded_by = period.cadre_id;
      }
      ++j;
      ++out.rounds;
      return r;
    };

    // People back from elsewhere: 14 days from the return day, every round done, released the day after.
    for (const auto& p : persons) {
      if (!p.returned || p.returned_on.empty()) continue;
      Period period = new_period(p, "returned_from_elsewhere", p.returned_on, "返乡人员，居家观察14天");
      for (const auto& day : DaysDue(period.start_day, period.end_day, period.end_day))
        store::InsertRound(c, new_round(period, day, "done"));
      store::SetRoundsThrough(c, period.id, period.end_day);
      std::string release_day = NextDay(period.end_day);
      store::ReleasePeriod(c, period.id, release_day, At(release_day, 10 * kHour), period.cadre_id, "normal",
                           "期满解除，体温正常 14 days, no fever");
      ++out.returned_periods;
    }

    // Close contacts: 40 persons spread over the units, starting 3–9 February, still active on 13 February.
    std::vector<const DemoPerson*> contacts;
    for (size_t i = 0; i < persons.size() && contacts.size() < 40; ++i)
      if (!persons[i].returned && i % 29 == 7) contacts.push_back(&persons[i]);
    int64_t missed_n = 0;
    for (size_t k = 0; k < contacts.size(); ++k) {
      const DemoPerson& p = *contacts[k];
      std::string start = FormatDay(CivilFromDays(DaysFromCivil(*ParseDay("2020-02-03")) + static_cast<int64_t>(k % 7)));
      Period period = new_period(p, "close_contact", start, "确诊病例密切接触者 close contact of a case");
      ++out.close_contacts;
      for (const auto& day : DaysDue(start, period.end_day, kLastDay)) {
        bool fever = k == 3 && day == kLastDay;
        bool missed = !fever && j % 23 == 5;
        Round r = new_round(period, day, missed ? "missed" : "done");
        if (fever) {
          r.temperature = 376;
          r.symptoms = {"fever", "cough"};
          r.source = "cadre";
          r.recorded_by = period.cadre_id;
          r.note = "上门询问：发热伴咳嗽 fever and cough at the door";
        }
        if (!missed && j % 17 == 3) r.needs.push_back({"food", "米、面、蔬菜 rice, flour, vegetables"});
        if (!missed && j % 19 == 11) r.needs.push_back({"medicine", "降压药（硝苯地平） blood-pressure tablets"});
        r.id = store::InsertRound(c, r);
        if (missed) {
          Alert a;
          a.kind = "missed_round";
          a.period_id = period.id;
          a.round_id = r.id;
          a.person_id = p.id;
          a.unit_id = p.unit_id;
          a.cadre_id = period.cadre_id;
          a.day = day;
          a.detail = day + " 未报告体温 no report by the deadline";
          a.opened_at = At(day, 20 * kHour + kMinute);
          int64_t id = store::InsertAlert(c, a);
          ++out.missed;
          ++out.alerts;
          if (day < kLastDay && missed_n++ % 3 != 0) {
            std::string next = NextDay(day);
            store::CloseAlert(c, id, period.cadre_id, At(next, 9 * kHour), next,
                              "已电话联系，居民在家，体温正常 phoned: at home, no fever");
          } else if (day < kLastDay) {
            store::AcknowledgeAlert(c, id, period.cadre_id, At(NextDay(day), 8 * kHour));
          }
        }
        if (fever) {
          screening::Handover h;
          h.source = "observation";
          h.point_id = 0;
          h.unit_id = p.unit_id;
          h.day = day;
          h.person.name = p.name;
          h.person.temperature = r.temperature;
          h.person_id = p.id;
          h.source_ref = r.id;
          h.found_at = *r.recorded_at;
          Alert a;
          a.kind = "fever";
          a.period_id = period.id;
          a.round_id = r.id;
          a.person_id = p.id;
          a.unit_id = p.unit_id;
          a.cadre_id = period.cadre_id;
          a.day = day;
          a.detail = "体温37.6℃";
          a.handover_id = screening::store::InsertHandover(c, h);
          a.opened_at = *r.recorded_at;
          store::InsertAlert(c, a);
          ++out.alerts;
        }
        for (const auto& need : r.needs) {
          NeedRequest n;
          n.round_id = r.id;
          n.period_id = period.id;
          n.person_id = p.id;
          n.household_id = p.household_id;
          n.unit_id = p.unit_id;
          n.kind = need.kind;
          n.text = need.text;
          n.day = day;
          n.created_at = *r.recorded_at;
          int64_t id = store::InsertNeed(c, n);
          ++out.needs;
          if (day < "2020-02-12") {
            std::string next = NextDay(day);
            store::SetNeedStatus(c, id, "done", period.cadre_id, At(next, 11 * kHour), next);
          } else if (day == "2020-02-12") {
            store::SetNeedStatus(c, id, "in_progress", period.cadre_id, At(day, 15 * kHour), std::nullopt);
          }
        }
      }
      store::SetRoundsThrough(c, period.id, kLastDay);
    }

    // The figures: the observation tables were empty, so the rollup gets exactly the recount of these records.
    residents::DailyRecount recount;
    store::RecountObservation(c, recount);
    auto n = [](const residents::DailyCounts& k, Daily col) { return k[static_cast<size_t>(col)]; };
    for (const auto& [key, k] : recount)
      residents::AddDaily(c, key.first, key.second,
                          {{Daily::kObservationStarted, n(k, Daily::kObservationStarted)},
                           {Daily::kObservationReleased, n(k, Daily::kObservationReleased)},
                           {Daily::kRoundsDue, n(k, Daily::kRoundsDue)},
                           {Daily::kRoundsDone, n(k, Daily::kRoundsDone)},
                           {Daily::kRoundsMissed, n(k, Daily::kRoundsMissed)},
                           {Daily::kAlertsOpened, n(k, Daily::kAlertsOpened)},
                           {Daily::kAlertsClosed, n(k, Daily::kAlertsClosed)},
                           {Daily::kNeedsOpened, n(k, Daily::kNeedsOpened)},
                           {Daily::kNeedsClosed, n(k, Daily::kNeedsClosed)}});
  });
  return out;
}

}  // namespace fk::observation
