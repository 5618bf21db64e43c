#include "api/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace fk::apitest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return {};
  size_t b = s.find_last_not_of(" \t\r");
  return std::string(s.substr(a, b - a + 1));
}

class Socket {
 public:
  Socket(int port, int timeout_ms) : deadline_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Sends everything; a peer that closes early (413 before the body) is not an
  // error: the response may already be waiting.
  void SendAll(std::string_view data) {
    while (!data.empty()) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, RemainingMs()) <= 0) throw std::runtime_error("timeout while sending the request");
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Appends what arrives to buf; false at end of stream (or reset).
  bool ReadMore(std::string& buf) {
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, RemainingMs());
    if (rc <= 0) throw std::runtime_error("timeout while reading the response");
    char chunk[16384];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<size_t>(n));
    return true;
  }

 private:
  int RemainingMs() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<int64_t>(1, left.count()));
  }
  int fd_ = -1;
  std::chrono::steady_clock::time_point deadline_;
};

HttpResponse ReadResponse(Socket& sock, bool head) {
  std::string buf;
  size_t header_end;
  while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (!sock.ReadMore(buf)) throw std::runtime_error("connection closed before the response headers");
  }
  HttpResponse r;
  std::string_view head_text(buf.data(), header_end);
  size_t line_end = head_text.find("\r\n");
  std::string_view status_line = head_text.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos || status_line.substr(0, 5) != "HTTP/")
    throw std::runtime_error("malformed status line: " + std::string(status_line));
  r.status = std::stoi(std::string(status_line.substr(sp + 1, 3)));
  std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head_text.substr(line_end + 2);
  while (!rest.empty()) {
    size_t e = rest.find("\r\n");
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    r.headers.emplace_back(Lower(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  std::string body = buf.substr(header_end + 4);
  bool no_body = head || r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200);
  if (no_body) return r;

  if (Lower(r.Header("transfer-encoding")).find("chunked") != std::string::npos) {
    std::string out;
    size_t pos = 0;
    for (;;) {
      size_t e;
      while ((e = body.find("\r\n", pos)) == std::string::npos)
        if (!sock.ReadMore(body)) throw std::runtime_error("connection closed inside a chunk header");
      size_t size = std::stoul(body.substr(pos, e - pos), nullptr, 16);
      pos = e + 2;
      if (size == 0) break;  // trailers ignored
      while (body.size() < pos + size + 2)
        if (!sock.ReadMore(body)) throw std::runtime_error("connection closed inside a chunk");
      out.append(body, pos, size);
      pos += size + 2;
    }
    r.body = std::move(out);
    return r;
  }
  std::string cl = r.Header("content-length");
  if (!cl.empty()) {
    size_t want = std::stoul(cl);
    while (body.size() < want)
      if (!sock.ReadMore(body)) throw std::runtime_error("connection closed before the whole body arrived");
    body.resize(want);
    r.body = std::move(body);
    return r;
  }
  while (sock.ReadMore(body)) {
  }
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  std::string n = Lower(name);
  for (const auto& [k, v] : headers)
    if (k == n) return v;
  return {};
}

std::vector<std::string> HttpResponse::HeaderAll(std::string_view name) const {
  std::string n = Lower(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == n) out.push_back(v);
  return out;
}

bool HttpResponse::HasHeader(std::string_view name) const {
  std::string n = Lower(name);
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return h.first == n; });
}

nlohmann::json HttpResponse::Json() const { return nlohmann::json::parse(body, nullptr, false); }

HttpResponse Send(int port, const HttpRequest& request, int timeout_ms) {
  std::string raw = request.method + " " + request.target + " HTTP/1.1\r\n";
  raw += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  raw += "Connection: close\r\n";
  for (const auto& [k, v] : request.headers) raw += k + ": " + v + "\r\n";
  if (!request.body.empty() || (request.method != "GET" && request.method != "HEAD"))
    raw += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  raw += "\r\n";
  raw += request.body;
  Socket sock(port, timeout_ms);
  sock.SendAll(raw);
  return ReadResponse(sock, request.method == "HEAD");
}

HttpResponse SendRaw(int port, const std::string& raw, int timeout_ms) {
  Socket sock(port, timeout_ms);
  sock.SendAll(raw);
  return ReadResponse(sock, raw.rfind("HEAD ", 0) == 0);
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace fk::apitest
