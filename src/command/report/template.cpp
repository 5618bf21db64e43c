#include "command/report/template.h"

#include <algorithm>

#include "core/clock.h"

namespace fk::command::report {
namespace {

// 1-based character (code point) position of byte offset `at` in s.
size_t CharPos(std::string_view s, size_t at) {
  size_t n = 0;
  for (size_t i = 0; i < at && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n + 1;
}

struct Piece {
  bool placeholder = false;
  std::string text;  // literal text, or the placeholder name
  size_t pos = 0;    // character position of the opening brace
};

// Splits body into literal text and placeholders; adds every syntax and name error to errs.
std::vector<Piece> Parse(std::string_view body, const std::string& field, std::vector<FieldError>& errs) {
  std::vector<Piece> out;
  std::string lit;
  for (size_t i = 0; i < body.size();) {
    char ch = body[i];
    if (ch == '{' && i + 1 < body.size() && body[i + 1] == '{') {
      lit.push_back('{');
      i += 2;
    } else if (ch == '}' && i + 1 < body.size() && body[i + 1] == '}') {
      lit.push_back('}');
      i += 2;
    } else if (ch == '}') {
      size_t pos = CharPos(body, i);
      errs.push_back({field, "syntax",
                      "第" + std::to_string(pos) + "个字符处多余的 } （字面的 } 请写作 }}） stray } at character " +
                          std::to_string(pos) + " (write }} for a literal brace)"});
      ++i;
    } else if (ch == '{') {
      size_t close = body.find('}', i + 1);
      size_t open2 = body.find('{', i + 1);
      size_t pos = CharPos(body, i);
      if (close == std::string_view::npos || (open2 != std::string_view::npos && open2 < close)) {
        errs.push_back({field, "syntax",
                        "第" + std::to_string(pos) + "个字符处的 { 没有配对的 } （字面的 { 请写作 {{） unclosed { at character " +
                            std::to_string(pos) + " (write {{ for a literal brace)"});
        ++i;
        continue;
      }
      std::string name(body.substr(i + 1, close - i - 1));
      if (!IsPlaceholder(name))
        errs.push_back({field, "placeholder",
                        "未知占位符 {" + name + "}（第" + std::to_string(pos) + "个字符） unknown placeholder {" + name +
                            "} at character " + std::to_string(pos)});
      if (!lit.empty()) out.push_back({false, std::move(lit), 0}), lit.clear();
      out.push_back({true, std::move(name), pos});
      i = close + 1;
    } else {
      lit.push_back(ch);
      ++i;
    }
  }
  if (!lit.empty()) out.push_back({false, std::move(lit), 0});
  return out;
}

int64_t At(const FigureMap& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

const std::vector<FigureDoc>& FigureKeys() {
  static const std::vector<FigureDoc> kKeys = {
      {"vehicles", "排查车辆（台）", "vehicles checked", "screening"},
      {"people", "排查人员（人）", "people checked", "screening"},
      {"people_tested", "测量体温（人）", "people temperature-tested", "screening"},
      {"vehicles_turned_back", "劝返车辆（台）", "vehicles turned back", "screening"},
      {"people_turned_back", "劝返人员（人）", "people turned back", "screening"},
      {"fever", "发现发热人员（名）", "fever cases found", "screening"},
      {"handovers", "移交（名）", "fever handovers opened", "screening"},
      {"handovers_receipted", "确认处置到位（名）", "handovers receipted", "screening"},
      {"gate_exits", "社区外出（人次）", "gate exits", "community"},
      {"gate_returns", "社区返回（人次）", "gate returns", "community"},
      {"gate_visitors", "来访登记（人次）", "gate visitors", "community"},
      {"gate_overdue", "外出超时（人次）", "overdue returns", "community"},
      {"gate_conflicts", "通行冲突（次）", "gate conflicts", "community"},
      {"refused", "社区劝返（人次）", "refused at gates (all reasons)", "community"},
      {"refused_fever", "发热劝返（人次）", "refused: fever", "community"},
      {"refused_quota", "超出一户一人（人次）", "refused: household quota", "community"},
      {"refused_not_resident", "非本小区人员（人次）", "refused: not a resident", "community"},
      {"refused_other", "其他劝返（人次）", "refused: other", "community"},
      {"households_added", "新建档户数", "households filed", "community"},
      {"households_removed", "注销户数", "households removed", "community"},
      {"persons_added", "新建档人数", "persons filed", "community"},
      {"persons_removed", "注销人数", "persons removed", "community"},
      {"households_on_file", "在册户数", "households on file", "community"},
      {"persons_on_file", "在册人数", "persons on file", "community"},
      {"observation_started", "开始居家观察（人）", "observation periods started", "community"},
      {"observation_released", "解除观察（人）", "observation periods released", "community"},
      {"under_observation", "在观察（人）", "persons under observation", "community"},
      {"rounds_due", "应询问（人次）", "observation rounds due", "community"},
      {"rounds_done", "已询问（人次）", "observation rounds done", "community"},
      {"rounds_missed", "漏报（人次）", "observation rounds missed", "community"},
      {"alerts_opened", "新增预警（条）", "alerts opened", "community"},
      {"alerts_closed", "关闭预警（条）", "alerts closed", "community"},
      {"needs_opened", "群众诉求（件）", "needs raised", "community"},
      {"needs_closed", "诉求办结（件）", "needs closed", "community"},
      {"tasks_due", "小区任务应完成（项）", "estate tasks due", "community"},
      {"tasks_done", "小区任务已完成（项）", "estate tasks done", "community"},
  };
  return kKeys;
}

const std::vector<PlaceholderDoc>& Placeholders() {
  static const std::vector<PlaceholderDoc> kList = [] {
    std::vector<PlaceholderDoc> v = {
        {"as_of_md", "报告日期（2月13日）", "report day, month and day (2月13日)", "general"},
        {"as_of", "报告日期（2020-02-13）", "report day (2020-02-13)", "general"},
        {"unit_name", "单位名称", "the report's unit", "general"},
        {"handling", "发热人员处置情况：均依规处置到位 / N名尚未确认处置到位", "fever handling phrase", "screening"},
        {"tested", "测温情况：均测量体温 / 其中测量体温N人", "temperature-testing phrase", "screening"},
        {"late_note", "补报说明：无补报时为空，否则“（其中补报车辆N台、M人）”", "late-report note, empty when none", "screening"},
    };
    for (const auto& f : FigureKeys()) {
      v.push_back({f.key, "累计" + f.zh, f.en + ", cumulative to the report day", f.group});
      v.push_back({f.key + "_today", "当日" + f.zh, f.en + ", the report day only", f.group});
      v.push_back({f.key + "_late", "补报" + f.zh, f.en + ", late reports of earlier days (补报)", f.group});
    }
    return v;
  }();
  return kList;
}

bool IsPlaceholder(std::string_view name) {
  const auto& l = Placeholders();
  return std::any_of(l.begin(), l.end(), [&](const PlaceholderDoc& p) { return p.name == name; });
}

const std::string& DefaultTemplate(const std::string& section) {
  static const std::string kScreening =
      "截至{as_of_md}，累计排查车辆{vehicles}台、{people}人（{tested}），劝返车辆{vehicles_turned_back}台、"
      "{people_turned_back}人，发现发热人员{fever}名（{handling}）{late_note}";
  static const std::string kCommunity =
      "{as_of_md}当日，{unit_name}各社区（村）卡点登记外出{gate_exits_today}人次、返回{gate_returns_today}人次，"
      "劝返{refused_today}人次；居家观察在管{under_observation}人，当日应询问{rounds_due_today}人次、"
      "已询问{rounds_done_today}人次、漏报{rounds_missed_today}人次，新增预警{alerts_opened_today}条；"
      "小区消杀等日常任务应完成{tasks_due_today}项、已完成{tasks_done_today}项。";
  static const std::string kNone;
  if (section == "screening") return kScreening;
  if (section == "community") return kCommunity;
  return kNone;
}

std::string SectionTitle(const std::string& section) {
  if (section == "screening") return "一、交通卡口排查";
  if (section == "community") return "二、社区（村）封闭管理";
  return section;
}

std::vector<FieldError> CheckTemplate(std::string_view body, const std::string& field) {
  std::vector<FieldError> errs;
  Parse(body, field, errs);
  return errs;
}

std::string RenderTemplate(std::string_view body, const std::map<std::string, std::string>& values,
                           const std::string& field) {
  std::vector<FieldError> errs;
  auto pieces = Parse(body, field, errs);
  std::string out;
  for (const auto& p : pieces) {
    if (!p.placeholder) {
      out += p.text;
      continue;
    }
    auto it = values.find(p.text);
    if (it != values.end()) out += it->second;
    else if (IsPlaceholder(p.text))
      errs.push_back({field, "placeholder",
                      "占位符 {" + p.text + "} 没有取值（第" + std::to_string(p.pos) + "个字符） placeholder {" + p.text +
                          "} has no value at character " + std::to_string(p.pos)});
  }
  if (!errs.empty()) throw Error::Validation(errs, "模板有误，未生成 the template has errors: nothing was rendered");
  return out;
}

std::string MonthDay(const std::string& day) {
  auto d = ParseDay(day);
  return d ? std::to_string(d->month) + "月" + std::to_string(d->day) + "日" : day;
}

std::map<std::string, std::string> ValuesOf(const UnitFigures& t, const std::string& day, const std::string& unit_name) {
  std::map<std::string, std::string> v;
  v["as_of"] = day;
  v["as_of_md"] = MonthDay(day);
  v["unit_name"] = unit_name;
  for (const auto& f : FigureKeys()) {
    v[f.key] = std::to_string(At(t.cum, f.key));
    v[f.key + "_today"] = std::to_string(At(t.day, f.key));
    v[f.key + "_late"] = std::to_string(At(t.late, f.key));
  }
  // As screening::SummarySentence words them.
  int64_t people = At(t.cum, "people"), tested = At(t.cum, "people_tested");
  v["tested"] = tested == people ? "均测量体温" : "其中测量体温" + std::to_string(tested) + "人";
  int64_t missing = At(t.cum, "fever") - At(t.cum, "handovers_receipted");
  v["handling"] = missing <= 0 ? "均依规处置到位" : std::to_string(missing) + "名尚未确认处置到位";
  int64_t late_v = At(t.late, "vehicles"), late_p = At(t.late, "people"), late_f = At(t.late, "fever");
  if (late_v == 0 && late_p == 0 && late_f == 0) {
    v["late_note"] = "";
  } else {
    std::string s = "（其中补报车辆" + std::to_string(late_v) + "台、" + std::to_string(late_p) + "人";
    if (late_f) s += "、发热人员" + std::to_string(late_f) + "名";
    v["late_note"] = s + "）";
  }
  return v;
}

}  // namespace fk::command::report
