// The report templates' language: text with named placeholders in braces,
// "截至{as_of_md}，累计排查车辆{vehicles}台"; "{{" and "}}" stand for a literal
// brace. Every placeholder a template may use is listed by Placeholders();
// checking and rendering are all-or-nothing: any unknown name or broken brace
// is reported (name and character position) and nothing is rendered.
// Pure functions, thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "command/report/model.h"
#include "core/error.h"

namespace fk::command::report {

struct PlaceholderDoc {
  std::string name, zh, en;
  std::string group;  // general, screening, community
};

// Every placeholder, in the order the template editor lists them.
const std::vector<PlaceholderDoc>& Placeholders();
bool IsPlaceholder(std::string_view name);

// The base figure keys of a snapshot (screening first, then community), with labels.
struct FigureDoc {
  std::string key, zh, en, group;
};
const std::vector<FigureDoc>& FigureKeys();

// The built-in default body of a section ("screening" renders the seed's sentence).
const std::string& DefaultTemplate(const std::string& section);
std::string SectionTitle(const std::string& section);  // "一、卡口排查" ...

// Every error of a template body: unknown placeholders (rule "placeholder") and broken braces
// (rule "syntax"), each naming the placeholder and its character position (1-based, in
// characters, not bytes). `field` names the body in the errors ("body", "templates.screening").
std::vector<FieldError> CheckTemplate(std::string_view body, const std::string& field);

// Renders body with values. Throws Error::Validation listing every CheckTemplate error, or a
// placeholder without a value (rule "placeholder"): never returns a half-filled text.
std::string RenderTemplate(std::string_view body, const std::map<std::string, std::string>& values,
                           const std::string& field);

// The placeholder values of a report: dates, unit name, every figure as cumulative ({k}), the
// day's ({k_today}) and 补报 ({k_late}), and the phrases handling, tested and late_note.
std::map<std::string, std::string> ValuesOf(const UnitFigures& total, const std::string& day,
                                            const std::string& unit_name);

// "2月13日" for "2020-02-13".
std::string MonthDay(const std::string& day);

}  // namespace fk::command::report
