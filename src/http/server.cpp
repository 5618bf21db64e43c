// Server implementation: Boost.Beast over Asio with C++20 coroutines. This is
// the only translation unit of Fangkong that includes Beast.
//
// Shape: io_threads io_contexts, each run by one thread. One acceptor on the
// first context accepts sockets onto the next context round-robin; every
// connection is one coroutine on its context (no thread per connection). A
// parsed request is handed to a thread_pool of worker_threads threads, and the
// connection coroutine resumes on its own context to write the response.
//
// Read deadlines of a request (beast::tcp_stream deadlines):
//   idle_timeout_s   while waiting for the first byte of the next request;
//   header_timeout_s from that first byte to the end of the headers;
//   body_timeout_s   for the body;
// a response is written with body_timeout_s per chunk.
//
// Shutdown: Stop() closes the acceptor, closes connections that wait idle for
// a request, lets requests being handled finish and be written (up to
// shutdown_grace_s), then closes the remaining connections, joins the worker
// pool and the io threads. A signal (SIGTERM/SIGINT) only records the request
// and wakes Wait(), which runs Stop() on its own thread: Stop() must never run
// on an io thread or a worker thread, since it joins them.

// Boost 1.74 with g++ 12 in C++20 needs <utility> before the Asio coroutine headers.
#include <utility>

#include "http/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace fk::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

constexpr size_t kReadChunk = 4096;
constexpr size_t kMaxRequestIdLength = 64;
// How long Stop() waits for closed connections to unwind before stopping the contexts.
constexpr auto kUnwindLimit = std::chrono::seconds(2);
// Reading what a rejected client still sends, before closing.
constexpr auto kDrainTime = std::chrono::seconds(1);
constexpr size_t kDrainLimit = 1 << 20;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A fresh 16-hex-character request id (not a secret: a statistical id for logs).
std::string NewRequestId() {
  thread_local std::mt19937_64 rng{(static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}() ^
                                   static_cast<uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id()))};
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(rng()));
  return std::string(out, 16);
}

// 1-64 characters of [A-Za-z0-9._-]: safe to echo and to log.
bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The JSON error body of the API; messages here are constants without quotes
// or backslashes, so no escaping is needed.
Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  std::string body = "{\"error\":{\"code\":\"";
  body += code;
  body += "\",\"message\":\"";
  body += message;
  body += "\",\"fields\":[]}}";
  Response r = Response::Json(status, std::move(body));
  AddSecurityHeaders(r, true);
  return r;
}

Response InternalErrorResponse() { return ErrorResponse(500, "internal", "服务器内部错误 internal error"); }

// Runs the handler; a throwing handler is a bug, answered with a plain 500.
Response SafeHandle(const RequestHandler& handler, Request& request) {
  try {
    return handler(request);
  } catch (...) {
    return InternalErrorResponse();
  }
}

bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

// One accepted connection. All members are touched only on the stream's
// executor (one io thread), except through the shared_ptr in the registry.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}

  beast::tcp_stream stream;
  std::string remote_ip;
  // True while waiting for the first byte of the next request.
  bool idle = false;

  void Close() {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.close();
  }
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options_in, RequestHandler handler_in, AccessHook hook_in)
      : options_(std::move(options_in)), handler_(std::move(handler_in)), access_hook_(std::move(hook_in)) {}

  ServerOptions options_;
  RequestHandler handler_;
  AccessHook access_hook_;
  bool install_signal_handlers_ = true;

  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> connections_{0};
  std::atomic<bool> stopping_{false};
  int bound_port_ = 0;

  // Open connections, for closing them at shutdown.
  std::mutex connections_mu_;
  std::unordered_set<std::shared_ptr<Connection>> open_connections_;  // guarded by connections_mu_

  // Start/Stop/Wait state.
  std::mutex stop_mu_;  // serialises Stop()
  std::mutex state_mu_;
  std::condition_variable state_cv_;
  bool started_ = false;         // guarded by state_mu_
  bool stop_requested_ = false;  // by a signal; guarded by state_mu_
  bool stopped_ = false;         // Stop() has finished; guarded by state_mu_

  // Declared after the registry and counters, so destroyed before them:
  // destroying a context destroys suspended connection coroutines, which
  // deregister themselves.
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::signal_set> signals_;
  std::optional<asio::thread_pool> pool_;
  std::vector<std::thread> io_threads_;

  void Start();
  void Stop();
  void Wait();
  void RequestStop();

  awaitable<void> AcceptLoop();
  awaitable<void> HandleConnection(std::shared_ptr<Connection> conn);
  awaitable<size_t> WriteResponse(Connection& conn, Response& response, bool head, unsigned version,
                                  bool keep_alive, const std::string& request_id, beast::error_code& ec);
  template <class Message>
  awaitable<size_t> WriteMessage(Connection& conn, Message& message, beast::error_code& ec);

  // After an error answer: stop sending and read (discard) what the client is
  // still sending for a moment, so that closing does not reset the connection
  // before the client has read the answer.
  awaitable<void> DrainBeforeClose(Connection& conn, beast::flat_buffer& buffer);

  void CallHook(const Request& request, int status, size_t bytes_out, std::chrono::steady_clock::time_point start);
  void CloseConnections(bool idle_only);
  // Runs fn on the first context's thread and waits for it.
  void RunOnFirstContext(std::function<void()> fn);
};

void Server::Impl::Start() {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (started_) return;
  }
  int io_count = options_.io_threads > 0 ? options_.io_threads : static_cast<int>(std::thread::hardware_concurrency());
  io_count = std::max(io_count, 1);
  for (int i = 0; i < io_count; ++i) contexts_.push_back(std::make_unique<asio::io_context>(1));

  auto fail = [&](const std::string& reason) {
    acceptor_.reset();
    contexts_.clear();
    throw Error(ErrorCode::kUnavailable,
                "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + reason);
  };
  if (options_.port < 0 || options_.port > 65535) fail("port out of range");

  beast::error_code ec;
  tcp::endpoint endpoint;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(options_.port));
  } else {
    tcp::resolver resolver(*contexts_[0]);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
    if (ec) fail(ec.message());
    if (results.empty()) fail("host not found");
    endpoint = results.begin()->endpoint();
  }

  acceptor_.emplace(*contexts_[0]);
  acceptor_->open(endpoint.protocol(), ec);
  if (ec) fail(ec.message());
  acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) fail(ec.message());
  acceptor_->bind(endpoint, ec);
  if (ec) fail(ec.message());
  acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail(ec.message());
  bound_port_ = acceptor_->local_endpoint(ec).port();
  if (ec) fail(ec.message());

  for (auto& ctx : contexts_) work_guards_.push_back(asio::make_work_guard(*ctx));
  pool_.emplace(static_cast<size_t>(std::max(options_.worker_threads, 1)));

  asio::co_spawn(*contexts_[0], AcceptLoop(), asio::detached);
  if (install_signal_handlers_) {
    signals_.emplace(*contexts_[0], SIGINT, SIGTERM);
    signals_->async_wait([this](const beast::error_code& error, int) {
      if (!error) RequestStop();
    });
  }
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    started_ = true;
  }
  for (auto& ctx : contexts_) {
    io_threads_.emplace_back([io = ctx.get()] {
      for (;;) {
        try {
          io->run();
          return;
        } catch (...) {
          // A handler escaped with an exception; connections catch their own,
          // so this is a bug elsewhere. Keep serving.
        }
      }
    });
  }
}

void Server::Impl::RequestStop() {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    stop_requested_ = true;
  }
  state_cv_.notify_all();
}

void Server::Impl::Wait() {
  std::unique_lock<std::mutex> lock(state_mu_);
  state_cv_.wait(lock, [&] { return stopped_ || stop_requested_; });
  bool run_stop = !stopped_;
  lock.unlock();
  if (run_stop) Stop();
}

void Server::Impl::RunOnFirstContext(std::function<void()> fn) {
  std::promise<void> done;
  asio::post(*contexts_[0], [&] {
    fn();
    done.set_value();
  });
  done.get_future().wait();
}

void Server::Impl::CloseConnections(bool idle_only) {
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::lock_guard<std::mutex> lock(connections_mu_);
    snapshot.assign(open_connections_.begin(), open_connections_.end());
  }
  for (auto& conn : snapshot) {
    asio::post(conn->stream.get_executor(), [conn, idle_only] {
      if (!idle_only || conn->idle) conn->Close();
    });
  }
}

void Server::Impl::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mu_);
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (stopped_) return;
    if (!started_) {
      stopped_ = true;
      state_cv_.notify_all();
      return;
    }
  }
  stopping_ = true;
  RunOnFirstContext([this] {
    beast::error_code ec;
    acceptor_->close(ec);
    if (signals_) signals_->cancel(ec);
  });
  // Connections check `stopping_` before they go idle, so after this pass no
  // connection waits for a new request.
  CloseConnections(/*idle_only=*/true);

  auto grace_end = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(options_.shutdown_grace_s, 0));
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < grace_end) std::this_thread::sleep_for(kPollInterval);

  CloseConnections(/*idle_only=*/false);
  // Handlers cannot be interrupted; wait for the running ones.
  pool_->join();

  work_guards_.clear();
  auto unwind_end = std::chrono::steady_clock::now() + kUnwindLimit;
  while (connections_.load() > 0 && std::chrono::steady_clock::now() < unwind_end) std::this_thread::sleep_for(kPollInterval);
  for (auto& ctx : contexts_) ctx->stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();

  // Destroying the contexts destroys coroutines still suspended in them.
  signals_.reset();
  acceptor_.reset();
  contexts_.clear();
  pool_.reset();
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    stopped_ = true;
  }
  state_cv_.notify_all();
}

awaitable<void> Server::Impl::AcceptLoop() {
  size_t next = 0;
  asio::steady_timer backoff(*contexts_[0]);
  for (;;) {
    beast::error_code ec;
    asio::any_io_executor target = contexts_[next]->get_executor();
    next = (next + 1) % contexts_.size();
    tcp::socket socket = co_await acceptor_->async_accept(target, asio::redirect_error(use_awaitable, ec));
    if (stopping_.load() || ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
    if (ec) {
      // Out of descriptors or a transient network error: back off briefly.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(std::move(socket));
    auto remote = conn->stream.socket().remote_endpoint(ec);
    if (!ec) conn->remote_ip = remote.address().to_string();
    {
      std::lock_guard<std::mutex> lock(connections_mu_);
      open_connections_.insert(conn);
    }
    connections_.fetch_add(1);
    asio::co_spawn(target, HandleConnection(std::move(conn)), asio::detached);
  }
}

template <class Message>
awaitable<size_t> Server::Impl::WriteMessage(Connection& conn, Message& message, beast::error_code& ec) {
  bhttp::serializer<false, typename Message::body_type, typename Message::fields_type> serializer(message);
  size_t total = 0;
  while (!serializer.is_done()) {
    // A deadline per chunk: a slow phone downloading a large export is fine as
    // long as it keeps reading.
    conn.stream.expires_after(std::chrono::seconds(options_.body_timeout_s));
    size_t n = co_await bhttp::async_write_some(conn.stream, serializer, asio::redirect_error(use_awaitable, ec));
    total += n;
    if (ec) break;
  }
  conn.stream.expires_never();
  co_return total;
}

awaitable<size_t> Server::Impl::WriteResponse(Connection& conn, Response& response, bool head, unsigned version,
                                              bool keep_alive, const std::string& request_id,
                                              beast::error_code& ec) {
  // Headers from the handler, except those this layer owns.
  auto fill = [&](auto& message) {
    for (const auto& [name, value] : response.headers) {
      if (IEquals(name, "content-length") || IEquals(name, "transfer-encoding") || IEquals(name, "connection") ||
          IEquals(name, "x-request-id"))
        continue;
      message.insert(name, value);
    }
    message.set("X-Request-Id", request_id);
    message.keep_alive(keep_alive);
  };
  unsigned status = static_cast<unsigned>(response.status);

  if (!response.file_path.empty()) {
    bhttp::response<bhttp::file_body> message;
    message.version(version);
    beast::error_code open_ec;
    message.body().open(response.file_path.c_str(), beast::file_mode::scan, open_ec);
    if (open_ec) {
      Response missing = ErrorResponse(404, "not_found", "文件不存在 file not found");
      co_return co_await WriteResponse(conn, missing, head, version, keep_alive, request_id, ec);
    }
    message.result(status);
    fill(message);
    uint64_t size = message.body().size();
    size_t written = 0;
    if (head) {
      bhttp::response<bhttp::empty_body> header_only;
      header_only.version(version);
      header_only.result(status);
      fill(header_only);
      header_only.content_length(size);
      written = co_await WriteMessage(conn, header_only, ec);
    } else {
      message.content_length(size);
      written = co_await WriteMessage(conn, message, ec);
    }
    beast::error_code close_ec;
    message.body().file().close(close_ec);
    if (response.remove_file_after) {
      std::error_code remove_ec;
      std::filesystem::remove(response.file_path, remove_ec);
    }
    co_return written;
  }

  bool no_body = StatusHasNoBody(response.status);
  if (head || no_body) {
    bhttp::response<bhttp::empty_body> message;
    message.version(version);
    message.result(status);
    fill(message);
    if (!no_body) message.content_length(response.body.size());
    co_return co_await WriteMessage(conn, message, ec);
  }
  bhttp::response<bhttp::string_body> message;
  message.version(version);
  message.result(status);
  fill(message);
  message.body() = std::move(response.body);
  message.content_length(message.body().size());
  co_return co_await WriteMessage(conn, message, ec);
}

awaitable<void> Server::Impl::DrainBeforeClose(Connection& conn, beast::flat_buffer& buffer) {
  beast::error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn.stream.expires_after(kDrainTime);
  size_t drained = 0;
  while (!ec && drained < kDrainLimit) {
    buffer.consume(buffer.size());
    size_t n = co_await conn.stream.async_read_some(buffer.prepare(kReadChunk), asio::redirect_error(use_awaitable, ec));
    drained += n;
  }
  conn.stream.expires_never();
}

void Server::Impl::CallHook(const Request& request, int status, size_t bytes_out,
                            std::chrono::steady_clock::time_point start) {
  if (!access_hook_) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  try {
    access_hook_(AccessRecord{&request, status, bytes_out, seconds});
  } catch (...) {
    // The access log must never take a connection down.
  }
}

awaitable<void> Server::Impl::HandleConnection(std::shared_ptr<Connection> conn) {
  // Leaves the registry however the coroutine ends (also when its context is
  // destroyed while it is suspended).
  struct Registration {
    Impl* impl;
    std::shared_ptr<Connection> conn;
    ~Registration() {
      beast::error_code ec;
      conn->stream.socket().close(ec);
      {
        std::lock_guard<std::mutex> lock(impl->connections_mu_);
        impl->open_connections_.erase(conn);
      }
      impl->connections_.fetch_sub(1);
    }
  } registration{this, conn};

  try {
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      // Idle: wait for the first byte of the next request (pipelined bytes may
      // already be buffered).
      if (buffer.size() == 0) {
        if (stopping_.load()) break;
        conn->idle = true;
        conn->stream.expires_after(std::chrono::seconds(options_.idle_timeout_s));
        size_t n = co_await conn->stream.async_read_some(buffer.prepare(kReadChunk),
                                                         asio::redirect_error(use_awaitable, ec));
        conn->idle = false;
        if (ec) break;
        buffer.commit(n);
      }
      auto start = std::chrono::steady_clock::now();
      Request request;
      request.remote_ip = conn->remote_ip;
      request.received_at_ms = NowUnixMs();

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(std::min<size_t>(options_.max_header_bytes, UINT32_MAX)));
      parser.body_limit(options_.max_body_bytes);

      conn->stream.expires_after(std::chrono::seconds(options_.header_timeout_s));
      co_await bhttp::async_read_header(conn->stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (!ec && !parser.is_done()) {
        const auto& header = parser.get();
        auto expect = header[bhttp::field::expect];
        if (IEquals(std::string_view(expect.data(), expect.size()), "100-continue") && header.version() >= 11) {
          bhttp::response<bhttp::empty_body> proceed(bhttp::status::continue_, header.version());
          co_await WriteMessage(*conn, proceed, ec);
        }
        if (!ec) {
          conn->stream.expires_after(std::chrono::seconds(options_.body_timeout_s));
          co_await bhttp::async_read(conn->stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        }
      }
      conn->stream.expires_never();

      if (ec) {
        // Timeouts, resets and a peer that went away: just close.
        bool protocol_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
        if (!protocol_error || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) break;
        Response rejection;
        if (ec == bhttp::error::body_limit) {
          rejection = ErrorResponse(413, "payload_too_large",
                                    "请求体过大 request body exceeds " + std::to_string(options_.max_body_bytes) + " bytes");
        } else if (ec == bhttp::error::header_limit) {
          rejection = ErrorResponse(431, "bad_request",
                                    "请求头过大 request headers exceed " + std::to_string(options_.max_header_bytes) +
                                        " bytes");
        } else {
          rejection = ErrorResponse(400, "bad_request", "请求格式错误 malformed HTTP request");
        }
        if (parser.is_header_done()) {
          const auto& header = parser.get();
          request.method = std::string(header.method_string());
          request.target = std::string(header.target());
          auto id = header["X-Request-Id"];
          if (IsAcceptableRequestId(std::string_view(id.data(), id.size()))) request.request_id = std::string(id);
        }
        if (request.request_id.empty()) request.request_id = NewRequestId();
        beast::error_code write_ec;
        size_t bytes = co_await WriteResponse(*conn, rejection, false, 11, false, request.request_id, write_ec);
        CallHook(request, rejection.status, bytes, start);
        if (!write_ec) co_await DrainBeforeClose(*conn, buffer);
        break;
      }

      auto message = parser.release();
      bool head = message.method() == bhttp::verb::head;
      bool keep_alive = message.keep_alive();
      request.method = std::string(message.method_string());
      request.target = std::string(message.target());
      for (const auto& field : message) {
        request.headers.emplace_back(ToLower(std::string_view(field.name_string().data(), field.name_string().size())),
                                     std::string(field.value()));
      }
      std::string id = request.Header("x-request-id");
      request.request_id = IsAcceptableRequestId(id) ? id : NewRequestId();
      request.body = std::move(message.body());

      std::string_view target = request.target;
      size_t question = target.find('?');
      std::optional<std::string> path = PercentDecode(target.substr(0, question), false);
      if (question != std::string_view::npos) request.query = ParseQueryString(target.substr(question + 1));

      // Counts the request from its last byte read until its response is written.
      struct InFlight {
        std::atomic<int64_t>& count;
        explicit InFlight(std::atomic<int64_t>& c) : count(c) { count.fetch_add(1); }
        ~InFlight() { count.fetch_sub(1); }
      } in_flight_guard(in_flight_);
      Response response;
      if (!path) {
        response = ErrorResponse(400, "bad_request", "请求路径格式错误 malformed request path");
        keep_alive = false;
      } else if (!conn->stream.socket().is_open()) {
        // Closed by shutdown between parsing and now: nobody will read the answer.
        break;
      } else {
        request.path = std::move(*path);
        // The handler may block (database commit): run it on the worker pool
        // and come back to this connection's context.
        response = co_await asio::co_spawn(
            pool_->get_executor(),
            [this, &request]() -> awaitable<Response> { co_return SafeHandle(handler_, request); }, use_awaitable);
      }
      if (response.status < 100 || response.status > 599) response = InternalErrorResponse();
      if (stopping_.load()) keep_alive = false;
      for (const auto& [name, value] : response.headers)
        if (IEquals(name, "connection") && IEquals(value, "close")) keep_alive = false;

      beast::error_code write_ec;
      size_t bytes = co_await WriteResponse(*conn, response, head, message.version(), keep_alive,
                                            request.request_id, write_ec);
      CallHook(request, response.status, bytes, start);
      if (write_ec || !keep_alive) break;
    }
  } catch (...) {
    // Allocation failure or a bug in this file: drop the connection only.
  }
  beast::error_code ec;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  co_return;
}

Server::Server(ServerOptions options, RequestHandler handler, AccessHook access_hook)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(access_hook))) {}

Server::~Server() { Stop(); }

void Server::Start() { impl_->Start(); }

int Server::port() const { return impl_->bound_port_; }

void Server::Wait() { impl_->Wait(); }

void Server::Stop() { impl_->Stop(); }

int64_t Server::in_flight() const { return impl_->in_flight_.load(); }

int64_t Server::connections() const { return impl_->connections_.load(); }

void Server::set_install_signal_handlers(bool on) { impl_->install_signal_handlers_ = on; }

}  // namespace fk::http
