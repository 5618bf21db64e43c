// JSON decoders of auth (login, password, users) and org (units, points, staff, imports).
// Drives the module's write routes through the real dispatcher (fuzz/support/fuzz_app.h).
#include "support/fuzz_app.h"

FK_FUZZ_INIT_APP()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fk::fuzz::RouteFilter kFilter{{"/api/v1/auth/", "/api/v1/users", "/api/v1/roles", "/api/v1/org/"}, {}};
  fk::fuzz::FuzzWriteRoutes(kFilter, data, size);
  return 0;
}
