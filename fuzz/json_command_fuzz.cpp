// JSON decoders of the command centre: report templates and generation, directives and meetings, firms and their staff import.
// Drives the module's write routes through the real dispatcher (fuzz/support/fuzz_app.h).
#include "support/fuzz_app.h"

FK_FUZZ_INIT_APP()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fk::fuzz::RouteFilter kFilter{{"/api/v1/command/"}, {}};
  fk::fuzz::FuzzWriteRoutes(kFilter, data, size);
  return 0;
}
