// Tests for http::Server over real loopback sockets, with a tiny POSIX client.
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"

namespace fk::http {
namespace {

using Clock = std::chrono::steady_clock;

// An open client socket, closed on destruction.
class Socket {
 public:
  explicit Socket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads into pending_ once, waiting at most timeout_ms; returns bytes read,
  // 0 at end of stream, -1 on timeout or error.
  int ReadSome(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return -1;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) pending_.append(chunk, static_cast<size_t>(n));
    return n < 0 ? -1 : static_cast<int>(n);
  }

  // True when the server has closed the connection (end of stream or reset)
  // within timeout_ms.
  bool ClosedWithin(int timeout_ms) {
    auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < end) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) return true;
    }
    return false;
  }

  std::string& pending() { return pending_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

struct ClientResponse {
  bool ok = false;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads one response (Content-Length bodies only; none for HEAD).
ClientResponse ReadResponse(Socket& socket, bool head = false, int timeout_ms = 3000) {
  ClientResponse out;
  auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string& buf = socket.pending();
  size_t header_end;
  while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (Clock::now() >= end || socket.ReadSome(100) == 0) return out;
  }
  std::string head_text = buf.substr(0, header_end);
  buf.erase(0, header_end + 4);
  size_t line_end = head_text.find("\r\n");
  std::string status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12) return out;
  out.status = std::stoi(status_line.substr(9, 3));
  size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
  while (pos < head_text.size()) {
    size_t next = head_text.find("\r\n", pos);
    if (next == std::string::npos) next = head_text.size();
    std::string line = head_text.substr(pos, next - pos);
    size_t colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    out.headers.emplace_back(Lower(line.substr(0, colon)), value);
    pos = next + 2;
  }
  size_t length = 0;
  if (std::string cl = out.Header("content-length"); !cl.empty()) length = std::stoul(cl);
  if (head) length = 0;
  while (buf.size() < length) {
    if (Clock::now() >= end || socket.ReadSome(100) == 0) break;
  }
  if (buf.size() < length) return out;
  out.body = buf.substr(0, length);
  buf.erase(0, length);
  out.ok = true;
  return out;
}

ClientResponse RoundTrip(int port, const std::string& raw, bool head = false) {
  Socket socket(port);
  if (!socket.connected() || !socket.Send(raw)) return {};
  return ReadResponse(socket, head);
}

std::string Get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

ServerOptions TestOptions() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 4;
  options.idle_timeout_s = 5;
  options.header_timeout_s = 1;
  options.body_timeout_s = 2;
  options.shutdown_grace_s = 3;
  return options;
}

// Echoes the request as plain text lines.
Response Echo(Request& request) {
  std::string out = "method=" + request.method + "\npath=" + request.path + "\ntarget=" + request.target + "\n";
  for (const auto& [k, v] : request.query) out += "q:" + k + "=" + v + "\n";
  out += "params=" + std::to_string(request.params.size()) + "\n";
  out += "remote=" + request.remote_ip + "\n";
  out += "custom=" + request.Header("X-Custom") + "\n";
  out += "body=" + request.body + "\n";
  Response response;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = std::move(out);
  return response;
}

// A started server that stops at the end of the test.
class ServerTest : public ::testing::Test {
 protected:
  void StartServer(RequestHandler handler, ServerOptions options = TestOptions(), AccessHook hook = {}) {
    server_ = std::make_unique<Server>(options, std::move(handler), std::move(hook));
    server_->set_install_signal_handlers(false);
    server_->Start();
    port_ = server_->port();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
};

bool WaitFor(const std::function<bool()>& condition, int timeout_ms) {
  auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

TEST_F(ServerTest, EchoRoundTripDecodesPathAndQuery) {
  std::mutex mu;
  std::vector<int> statuses;
  StartServer(Echo, TestOptions(), [&](const AccessRecord& record) {
    std::lock_guard<std::mutex> lock(mu);
    statuses.push_back(record.status);
    EXPECT_GT(record.bytes_out, 0u);
    EXPECT_GE(record.seconds, 0.0);
    EXPECT_EQ(record.request->path, "/api/v1/a b/c");
  });
  EXPECT_GT(port_, 0);
  ClientResponse r = RoundTrip(port_,
                               "POST /api/v1/a%20b/c?x=1&y=hello%20world&z=a+b HTTP/1.1\r\nHost: t\r\n"
                               "X-Custom: yes\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/plain");
  EXPECT_EQ(r.body,
            "method=POST\npath=/api/v1/a b/c\ntarget=/api/v1/a%20b/c?x=1&y=hello%20world&z=a+b\n"
            "q:x=1\nq:y=hello world\nq:z=a b\nparams=0\nremote=127.0.0.1\ncustom=yes\nbody=hello\n");
  ASSERT_TRUE(WaitFor(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return statuses.size() == 1;
      },
      1000));
  EXPECT_EQ(statuses[0], 200);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer(Echo);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send(Get("/one")));
  ClientResponse first = ReadResponse(socket);
  ASSERT_TRUE(first.ok);
  EXPECT_NE(first.body.find("path=/one\n"), std::string::npos);
  EXPECT_EQ(server_->connections(), 1);
  ASSERT_TRUE(socket.Send(Get("/two", "Connection: close\r\n")));
  ClientResponse second = ReadResponse(socket);
  ASSERT_TRUE(second.ok);
  EXPECT_NE(second.body.find("path=/two\n"), std::string::npos);
  EXPECT_EQ(Lower(second.Header("connection")), "close");
  EXPECT_TRUE(socket.ClosedWithin(1000));
  EXPECT_TRUE(WaitFor([&] { return server_->connections() == 0; }, 1000));
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  StartServer(Echo);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  ASSERT_TRUE(ReadResponse(socket).ok);
  ASSERT_TRUE(socket.Send("GET /b HTTP/1.0\r\n\r\n"));
  ClientResponse second = ReadResponse(socket);
  ASSERT_TRUE(second.ok);
  EXPECT_NE(second.body.find("path=/b\n"), std::string::npos);
  EXPECT_TRUE(socket.ClosedWithin(1000));
}

TEST_F(ServerTest, PayloadTooLargeIs413) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 100;
  std::atomic<int> calls{0};
  StartServer(
      [&](Request& r) {
        ++calls;
        return Echo(r);
      },
      options);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'a')));
  ClientResponse r = ReadResponse(socket);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body,
            "{\"error\":{\"code\":\"payload_too_large\",\"message\":\"请求体过大 request body exceeds 100 bytes\","
            "\"fields\":[]}}");
  EXPECT_EQ(r.Header("x-request-id").size(), 16u);
  EXPECT_TRUE(socket.ClosedWithin(2000));
  EXPECT_EQ(calls.load(), 0);

  // A chunked body beyond the limit as well.
  Socket chunked(port_);
  ASSERT_TRUE(chunked.Send("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n" +
                           std::string(128, 'b') + "\r\n0\r\n\r\n"));
  ClientResponse c = ReadResponse(chunked);
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(c.status, 413);
  EXPECT_EQ(calls.load(), 0);

  // Within the limit it passes.
  ClientResponse fine = RoundTrip(port_, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_TRUE(fine.ok);
  EXPECT_EQ(fine.status, 200);
}

TEST_F(ServerTest, GarbageIs400) {
  StartServer(Echo);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send("HELLO THERE\r\n\r\n"));
  ClientResponse r = ReadResponse(socket);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"code\":\"bad_request\""), std::string::npos);
  EXPECT_TRUE(socket.ClosedWithin(2000));

  ClientResponse bad_path = RoundTrip(port_, Get("/a%zz"));
  ASSERT_TRUE(bad_path.ok);
  EXPECT_EQ(bad_path.status, 400);
  EXPECT_NE(bad_path.body.find("\"code\":\"bad_request\""), std::string::npos);

  ClientResponse nul_path = RoundTrip(port_, Get("/a%00b"));
  ASSERT_TRUE(nul_path.ok);
  EXPECT_EQ(nul_path.status, 400);
}

TEST_F(ServerTest, HeaderTimeoutCutsSlowClientWhileOthersAreServed) {
  StartServer(Echo);  // header_timeout_s = 1
  Socket slow(port_);
  ASSERT_TRUE(slow.connected());
  std::string request = Get("/slow", "X-Padding: " + std::string(100, 'p') + "\r\n");
  auto first_byte = Clock::now();
  bool closed = false;
  double closed_after = 0;
  bool other_served = false;
  for (size_t i = 0; i < request.size() && Clock::now() - first_byte < std::chrono::seconds(4); ++i) {
    if (!slow.Send(request.substr(i, 1)) || slow.ClosedWithin(100)) {
      closed = true;
      closed_after = std::chrono::duration<double>(Clock::now() - first_byte).count();
      break;
    }
    if (i == 2) {
      // Another client is served at once while the slow one dribbles.
      auto start = Clock::now();
      ClientResponse r = RoundTrip(port_, Get("/fast"));
      other_served = r.ok && r.status == 200 && Clock::now() - start < std::chrono::milliseconds(500);
    }
  }
  EXPECT_TRUE(other_served);
  ASSERT_TRUE(closed);
  EXPECT_GE(closed_after, 0.9);
  EXPECT_LE(closed_after, 2.0);
}

TEST_F(ServerTest, IdleTimeoutClosesKeepAliveConnection) {
  ServerOptions options = TestOptions();
  options.idle_timeout_s = 1;
  StartServer(Echo, options);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send(Get("/a")));
  ASSERT_TRUE(ReadResponse(socket).ok);
  auto start = Clock::now();
  EXPECT_TRUE(socket.ClosedWithin(2500));
  double after = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(after, 0.9);
}

TEST_F(ServerTest, StopWaitsForInFlightRequest) {
  std::atomic<bool> handler_done{false};
  StartServer([&](Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    handler_done = true;
    return Response::Json(200, "{\"slow\":true}");
  });
  Socket busy(port_);
  Socket idle(port_);
  ASSERT_TRUE(busy.Send(Get("/slow")));
  ASSERT_TRUE(WaitFor([&] { return server_->in_flight() == 1; }, 1000));
  ASSERT_TRUE(WaitFor([&] { return server_->connections() == 2; }, 1000));
  auto start = Clock::now();
  server_->Stop();
  double took = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_TRUE(handler_done.load());
  EXPECT_LT(took, 2.0);
  ClientResponse r = ReadResponse(busy);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"slow\":true}");
  EXPECT_EQ(Lower(r.Header("connection")), "close");
  EXPECT_TRUE(idle.ClosedWithin(500));
  EXPECT_EQ(server_->in_flight(), 0);
  EXPECT_EQ(server_->connections(), 0);
  // Idempotent, and no longer accepting.
  server_->Stop();
  Socket late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, WaitReturnsAfterStopFromAnotherThread) {
  StartServer(Echo);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server_->Stop();
  });
  server_->Wait();
  EXPECT_EQ(server_->connections(), 0);
  stopper.join();
}

TEST_F(ServerTest, GraceExpiryClosesConnectionOfSlowHandler) {
  ServerOptions options = TestOptions();
  options.shutdown_grace_s = 0;
  StartServer(
      [](Request&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return Response::Json(200, "{}");
      },
      options);
  Socket busy(port_);
  ASSERT_TRUE(busy.Send(Get("/slow")));
  ASSERT_TRUE(WaitFor([&] { return server_->in_flight() == 1; }, 1000));
  server_->Stop();
  EXPECT_FALSE(ReadResponse(busy, false, 300).ok);
  EXPECT_EQ(server_->in_flight(), 0);
  EXPECT_EQ(server_->connections(), 0);
}

TEST_F(ServerTest, SignalStopsWait) {
  server_ = std::make_unique<Server>(TestOptions(), Echo);
  server_->set_install_signal_handlers(true);
  server_->Start();
  Socket idle(server_->port());
  ASSERT_TRUE(WaitFor([&] { return server_->connections() == 1; }, 1000));
  std::thread signaller([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(::getpid(), SIGTERM);
  });
  server_->Wait();
  signaller.join();
  EXPECT_EQ(server_->connections(), 0);
  EXPECT_TRUE(idle.ClosedWithin(500));
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  StartServer([](Request& request) {
    Response response;
    response.body = request.request_id;
    return response;
  });
  ClientResponse given = RoundTrip(port_, Get("/", "X-Request-Id: abc-123_X.y\r\n"));
  ASSERT_TRUE(given.ok);
  EXPECT_EQ(given.body, "abc-123_X.y");
  EXPECT_EQ(given.Header("x-request-id"), "abc-123_X.y");

  auto is_hex16 = [](const std::string& s) {
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  ClientResponse none = RoundTrip(port_, Get("/"));
  ASSERT_TRUE(none.ok);
  EXPECT_TRUE(is_hex16(none.body)) << none.body;
  EXPECT_EQ(none.Header("x-request-id"), none.body);

  ClientResponse bad = RoundTrip(port_, Get("/", "X-Request-Id: has space<>\r\n"));
  ASSERT_TRUE(bad.ok);
  EXPECT_TRUE(is_hex16(bad.body)) << bad.body;

  ClientResponse too_long = RoundTrip(port_, Get("/", "X-Request-Id: " + std::string(65, 'a') + "\r\n"));
  ASSERT_TRUE(too_long.ok);
  EXPECT_TRUE(is_hex16(too_long.body)) << too_long.body;
  EXPECT_NE(none.body, bad.body);
}

TEST_F(ServerTest, FileResponseIsStreamedAndRemoved) {
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  std::filesystem::path kept = dir / ("fk_server_test_kept_" + std::to_string(::getpid()));
  std::filesystem::path temp = dir / ("fk_server_test_temp_" + std::to_string(::getpid()));
  std::string content(200000, 'x');
  for (size_t i = 0; i < content.size(); i += 7) content[i] = static_cast<char>('a' + i % 26);
  for (const auto& p : {kept, temp}) std::ofstream(p, std::ios::binary) << content;

  StartServer([&](Request& request) {
    Response response;
    response.headers.emplace_back("Content-Type", "application/octet-stream");
    if (request.path == "/kept") response.file_path = kept.string();
    if (request.path == "/temp") {
      response.file_path = temp.string();
      response.remove_file_after = true;
    }
    if (request.path == "/missing") response.file_path = (dir / "fk_server_test_no_such_file").string();
    return response;
  });
  ClientResponse r = RoundTrip(port_, Get("/kept"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/octet-stream");
  EXPECT_EQ(r.body, content);
  EXPECT_TRUE(std::filesystem::exists(kept));

  ClientResponse t = RoundTrip(port_, Get("/temp"));
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.body, content);
  EXPECT_TRUE(WaitFor([&] { return !std::filesystem::exists(temp); }, 1000));

  ClientResponse m = RoundTrip(port_, Get("/missing"));
  ASSERT_TRUE(m.ok);
  EXPECT_EQ(m.status, 404);
  EXPECT_NE(m.body.find("\"code\":\"not_found\""), std::string::npos);
  std::filesystem::remove(kept);
}

TEST_F(ServerTest, HeadHasNoBody) {
  StartServer([](Request&) {
    Response response;
    response.body = "hello";
    return response;
  });
  Socket socket(port_);
  ASSERT_TRUE(socket.Send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n"));
  ClientResponse head = ReadResponse(socket, /*head=*/true);
  ASSERT_TRUE(head.ok);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "5");
  // The next response follows at once: no body bytes were sent for HEAD.
  ASSERT_TRUE(socket.Send(Get("/")));
  ClientResponse get = ReadResponse(socket);
  ASSERT_TRUE(get.ok);
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello");
  EXPECT_TRUE(socket.pending().empty());
}

TEST_F(ServerTest, ThrowingHandlerIs500) {
  StartServer([](Request&) -> Response { throw std::runtime_error("boom"); });
  ClientResponse r = RoundTrip(port_, Get("/"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body,
            "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误 internal error\",\"fields\":[]}}");
}

TEST_F(ServerTest, InvalidStatusIs500) {
  StartServer([](Request&) {
    Response response;
    response.status = 1200;
    return response;
  });
  ClientResponse r = RoundTrip(port_, Get("/"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 500);
}

TEST_F(ServerTest, ExpectContinueIsAnswered) {
  StartServer(Echo);
  Socket socket(port_);
  ASSERT_TRUE(socket.Send("POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  ClientResponse proceed = ReadResponse(socket);
  ASSERT_TRUE(proceed.ok);
  EXPECT_EQ(proceed.status, 100);
  ASSERT_TRUE(socket.Send("data"));
  ClientResponse r = ReadResponse(socket);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("body=data\n"), std::string::npos);
}

TEST_F(ServerTest, ManyIdleConnectionsDoNotBlockOthers) {
  StartServer(Echo);
  std::vector<std::unique_ptr<Socket>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<Socket>(port_));
    ASSERT_TRUE(idle.back()->connected());
  }
  ASSERT_TRUE(WaitFor([&] { return server_->connections() == 1000; }, 3000));
  ClientResponse r = RoundTrip(port_, Get("/busy"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.status, 200);
}

TEST_F(ServerTest, BindFailureThrowsUnavailable) {
  StartServer(Echo);
  ServerOptions options = TestOptions();
  options.port = port_;
  Server second(options, Echo);
  second.set_install_signal_handlers(false);
  try {
    second.Start();
    FAIL() << "expected fk::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(e.message().find("cannot listen on 127.0.0.1:" + std::to_string(port_)), std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace fk::http
