// Server: the HTTP/1.1 listener (Boost.Beast, C++20 coroutines). This header
// is Beast-free; the implementation is the only translation unit that
// includes Beast.
//
// Network I/O runs on io_threads io_contexts (one per core); each request is
// handed to a bounded worker pool where blocking work (a durable database
// commit) may wait without stalling other connections.
// Thread safety: Start/Stop/port may be called from any one controlling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/http.h"

namespace fk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0 picks a free port; see Server::port()
  int io_threads = 0;               // 0: one per core
  int worker_threads = 64;          // request handlers that may block on the database
  size_t max_body_bytes = 1 << 20;  // 413 beyond
  size_t max_header_bytes = 16 << 10;
  int idle_timeout_s = 60;          // keep-alive connection waiting for the next request
  int header_timeout_s = 10;        // from the first byte of a request to the end of its headers
  int body_timeout_s = 30;          // reading the body
  int shutdown_grace_s = 20;        // SIGTERM: finish in-flight requests for at most this long
};

// Called once per finished request for the access log and metrics.
struct AccessRecord {
  const Request* request;
  int status;
  size_t bytes_out;
  double seconds;
};
using AccessHook = std::function<void(const AccessRecord&)>;

class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, AccessHook access_hook = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving in background threads. Throws fk::Error
  // (kUnavailable) when the address cannot be bound.
  void Start();
  // The bound port (after Start).
  int port() const;
  // Blocks until SIGTERM/SIGINT (when install_signal_handlers) or Stop().
  void Wait();
  // Graceful stop: stop accepting, let in-flight requests finish (up to the
  // grace period), then close connections and join threads. Idempotent.
  void Stop();
  // Requests currently being handled.
  int64_t in_flight() const;
  // Open connections.
  int64_t connections() const;

  void set_install_signal_handlers(bool on);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fk::http
