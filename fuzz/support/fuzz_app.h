// Support for the libFuzzer targets in fuzz/: one app::App per fuzzing process
// (a fresh SQLite file in a temporary folder, the demo city loaded without the
// 115k screening records, an admin principal), and the driver that turns a
// fuzz input into one request to a module's write routes through the real
// http::Dispatcher. Not thread-safe: libFuzzer calls the target from one thread.
//
// Input format of the API targets: byte 0 picks the route (index modulo the
// number of write routes the target covers, in router order), byte 1 seeds the
// path parameters ({id}, {day}, ...), the rest is the JSON body. Run a target
// with FK_FUZZ_LIST_ROUTES=1 to print its index → route table.
//
// Oracle (Fail() aborts, so libFuzzer keeps the input as a crash artifact):
// no sanitizer report, never status 500, and a JSON response body parses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "auth/principal.h"
#include "http/dispatcher.h"
#include "http/http.h"

namespace fk::fuzz {

struct FuzzApp {
  std::unique_ptr<app::App> app;
  std::shared_ptr<const auth::Principal> admin;
  std::string token;
};

// Built on first use, removed at exit.
FuzzApp& SharedApp();

// Prints what failed and aborts.
[[noreturn]] void Fail(const std::string& what);

struct RouteFilter {
  std::vector<std::string> prefixes;  // path patterns starting with one of these
  std::vector<std::string> excluded;  // ... unless they start with one of these
};

// A dispatcher over the app's router that authenticates every request as the admin.
const http::Dispatcher& AdminDispatcher();

// The API oracle: never 500, a JSON body parses, an error status carries {"error":{"code",...}}.
// `what` names the request in the failure message. Removes a temporary file response.
void CheckResponse(const std::string& what, http::Response& res);

// Sends the input to one write route (POST/PUT/PATCH/DELETE) matching the filter and checks the oracle.
void FuzzWriteRoutes(const RouteFilter& filter, const uint8_t* data, size_t size);

}  // namespace fk::fuzz

// Builds the shared app before libFuzzer starts its clock (the demo takes seconds under ASan,
// more than -timeout on a loaded machine). One use per target that needs the app.
#define FK_FUZZ_INIT_APP()                                       \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {           \
    fk::fuzz::SharedApp();                                       \
    return 0;                                                    \
  }
